import{k as p,l as f,m as b,p as v,q as w}from"./chunk-GHNV7YAO.js";import{F as l,H as h,J as t,L as $,d as m}from"./chunk-5UI5SVVC.js";var y=[["#/","今日任务"]];function S(r){let n=(r.path.match(/^\/h\/([0-9a-f-]{36})$/)||[])[1],{data:e,error:o,reload:s}=p(async()=>{let c=await l(`/hazards/${n}`),[d,i]=await Promise.all([l(`/institutions/${c.institution_id}`).catch(()=>null),f("/officers").catch(()=>[])]);return{hazard:c,home:d,names:Object.fromEntries(i.map(u=>[u.id,u.display_name]))}},[n]),a=e?.hazard;return t`<${b} title="复查隐患" back="#/" ...${r} menu=${y}>
    <${$} error=${o} />
    ${a?t`${a.status==="pending_review"?t`<${z} hazard=${a} done=${s} />`:t`<p class="card">当前状态不需要复查。</p>`}
          <${v} hazard=${a} names=${e.names} institution=${e.home?.name} me=${r.user.id} />`:o?null:t`<p class="empty">正在加载…</p>`}
  <//>`}function z({hazard:r,done:n}){let[e,o]=m(""),{busy:s,error:a,run:c}=w(),d=async i=>{await c(()=>h(`/hazards/${r.id}/review`,{decision:i,note:e}))!==void 0&&n()};return t`<section class="card" aria-labelledby="review-h">
    <h2 id="review-h">复查整改结果</h2>
    <label for="review-note">复查意见（不通过时必填）</label>
    <textarea id="review-note" value=${e} onInput=${i=>o(i.target.value)}></textarea>
    <${$} error=${a} />
    <div class="pair">
      <button class="primary" disabled=${s} onClick=${()=>d("approve")}>复查通过，销号</button>
      <button disabled=${s||!e.trim()} onClick=${()=>d("reject")}>复查不通过</button>
    </div>
  </section>`}export{S as a,z as b};
