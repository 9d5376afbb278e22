import{k as h,l as f,m as v,p as b,q as y}from"./chunk-ESIZFJUU.js";import{H as u,J as p,L as a,N as $,d as m}from"./chunk-HWI3JL25.js";var g=[["#/","今日任务"]];function A(e){let o=(e.path.match(/^\/h\/([0-9a-f-]{36})$/)||[])[1],{data:n,error:i,reload:t}=h(async()=>{let l=await u(`/hazards/${o}`),[r,d]=await Promise.all([u(`/institutions/${l.institution_id}`).catch(()=>null),f("/officers").catch(()=>[])]);return{hazard:l,home:r,names:Object.fromEntries(d.map(s=>[s.id,s.display_name]))}},[o]),c=n?.hazard;return a`<${v} title="复查隐患" back="#/" ...${e} menu=${g}>
    <${$} error=${i} />
    ${c?a`${c.status==="pending_review"?a`<${x} hazard=${c} done=${t} />`:a`<p class="card">当前状态不需要复查。</p>`}
          <${b} hazard=${c} names=${n.names} institution=${n.home?.name} me=${e.user.id} />`:i?null:a`<p class="empty">正在加载…</p>`}
  <//>`}function k(e){let o=e.events||[],n=o.map(t=>t.type).lastIndexOf("rectification_submitted"),i=o.slice(n+1).filter(t=>t.type==="rechecked"&&t.data?.result==="rectified"&&t.data?.inspection_id);return i.length?i[i.length-1]:null}function x({hazard:e,done:o}){let[n,i]=m(""),{busy:t,error:c,run:l}=y(),r=e.severity==="major"?k(e):null,d=async s=>{let w={decision:s,note:n,...s==="approve"&&r?{inspection_id:r.data.inspection_id}:{}};await l(()=>p(`/hazards/${e.id}/review`,w))!==void 0&&o()};return a`<section class="card" aria-labelledby="review-h">
    <h2 id="review-h">复查整改结果</h2>
    ${r?a`<p class="ok">现场复查：${new Date(r.at).toLocaleDateString("zh-CN",{timeZone:"Asia/Shanghai"})} 已整改${r.note?`（${r.note}）`:""}</p>`:e.severity==="major"?a`<p class="hint">重大隐患须经现场复查（复查检查，两名持证人员）确认已整改后销号。</p>`:null}
    <label for="review-note">复查意见（不通过时必填）</label>
    <textarea id="review-note" value=${n} onInput=${s=>i(s.target.value)}></textarea>
    <${$} error=${c} />
    <div class="pair">
      <button class="primary" disabled=${t} onClick=${()=>d("approve")}>复查通过，销号</button>
      <button disabled=${t||!n.trim()} onClick=${()=>d("reject")}>复查不通过</button>
    </div>
  </section>`}export{A as a,k as b,x as c};
