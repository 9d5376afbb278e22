import{a as k}from"./chunk-PXFUFDYE.js";import{a as D}from"./chunk-HXU6JE5O.js";import{h as _,k as h,l as y,m as f,n as v,o as S,p as C,q as x}from"./chunk-ZQ23V6WH.js";import{d as u,m as b,o as g,p as t,r as d}from"./chunk-LROS67LR.js";var H=[["#/","隐患"],["#/notifications","通知"],["#/documents","文书"]],E=new Set(["open","rectifying","pending_review"]);function V(o){let{path:r}=o,a={...o,menu:H},s=r.match(/^\/h\/([0-9a-f-]{36})$/);return s?t`<${P} page=${a} id=${s[1]} />`:r==="/notifications"?t`<${D} page=${a} />`:r==="/documents"?t`<${q} page=${a} />`:t`<${I} page=${a} />`}function I({page:o}){let{data:r,error:a}=h(()=>y("/hazards")),s=r||[],e=s.filter(n=>E.has(n.status)).sort((n,i)=>n.due_at.localeCompare(i.due_at)),l=s.filter(n=>!E.has(n.status)).sort((n,i)=>i.found_at.localeCompare(n.found_at)),c=e.filter(n=>n.overdue).length;return t`<${f} title="本机构隐患" ...${o}>
    <${d} error=${a} />
    <p class="lead">待处理 ${r?e.length:"…"} 项${c?t`，其中 <b class="tag bad">${c} 项已逾期</b>`:""}</p>
    <section aria-labelledby="live-h">
      <h2 id="live-h">待整改与待复查（期限最近的在前）</h2>
      ${e.length?t`<ul class="list">${e.map(n=>t`<${v} hazard=${n} href=${`#/h/${n.id}`} />`)}</ul>`:t`<p class="empty">${r?"没有待处理的隐患。":"正在加载…"}</p>`}
    </section>
    ${l.length?t`<section aria-labelledby="closed-h"><h2 id="closed-h">已销号与已作废</h2>
          <ul class="list compact">${l.slice(0,50).map(n=>t`<${v} hazard=${n} href=${`#/h/${n.id}`} />`)}</ul></section>`:null}
  <//>`}function P({page:o,id:r}){let{data:a,error:s,reload:e}=h(()=>b(`/hazards/${r}`),[r]);return t`<${f} title="隐患详情" back="#/" ...${o}>
    <${d} error=${s} />
    ${a?t`${a.status==="open"?t`<${A} hazard=${a} done=${e} />`:null}
          ${a.status==="open"||a.status==="rectifying"?t`<${F} hazard=${a} done=${e} />`:null}
          ${a.status==="pending_review"?t`<p class="card ok">整改已提交，等待复查。</p>`:null}
          <${C} hazard=${a} me=${o.user.id} />`:s?null:t`<p class="empty">正在加载…</p>`}
  <//>`}function A({hazard:o,done:r}){let[a,s]=u(""),[e,l]=u(""),{busy:c,error:n,run:i}=x();return t`<form class="card" aria-labelledby="ack-h"
      onSubmit=${async $=>{$.preventDefault(),await i(()=>g(`/hazards/${o.id}/acknowledge`,{plan:a,...e?{planned_finish:e}:{}}))&&r()}}>
    <h2 id="ack-h">签收并填写整改计划</h2>
    <label for="ack-plan">整改计划</label>
    <textarea id="ack-plan" required value=${a} onInput=${$=>s($.target.value)}></textarea>
    <label for="ack-finish">计划完成日期（可不填）</label>
    <input id="ack-finish" type="date" value=${e} onInput=${$=>l($.target.value)} />
    <${d} error=${n} />
    <button class="primary" disabled=${c||!a.trim()}>${c?"正在提交…":"签收整改"}</button>
  </form>`}function F({hazard:o,done:r}){let[a,s]=u(""),[e,l]=u([]),[c,n]=u(0),{busy:i,error:$,run:z}=x();return t`<form class="card" aria-labelledby="fix-h"
      onSubmit=${async p=>{p.preventDefault(),await z(async()=>{let m=[];n(0);for(let w of e)m.push(await k(w,w.name)),n(m.length);return g(`/hazards/${o.id}/rectification`,{description:a,photo_ids:m})})&&r()}}>
    <h2 id="fix-h">提交整改结果</h2>
    <label for="fix-text">整改情况说明</label>
    <textarea id="fix-text" required value=${a} onInput=${p=>s(p.target.value)}></textarea>
    <label for="fix-photos">整改后照片（至少一张）</label>
    <input id="fix-photos" type="file" accept="image/*" multiple
      onChange=${p=>l([...p.target.files])} />
    ${e.length?t`<p class="hint">已选 ${e.length} 张照片${i?`，已上传 ${c} 张`:""}</p>`:null}
    <${d} error=${$} />
    <button class="primary" disabled=${i||!a.trim()||!e.length}>${i?"正在上传…":"提交整改"}</button>
    ${e.length?null:t`<p class="hint">请先拍照或选择照片。</p>`}
  </form>`}var N={record:"现场检查记录",notice:"责令限期整改通知书"};function q({page:o}){let{data:r,error:a}=h(async()=>{let s=(await y("/inspections?status=submitted")).sort((e,l)=>(l.submitted_at||"").localeCompare(e.submitted_at||""));return Promise.all(s.slice(0,30).map(e=>b(`/inspections/${e.id}`)))});return t`<${f} title="收到的文书" ...${o}>
    <${d} error=${a} />
    ${r&&r.length?t`<ul class="list">${r.map(s=>t`<li><div>
            <strong>${_(s.submitted_at)} 检查</strong>
            <span>发现隐患 ${(s.hazard_ids||[]).length} 项</span>
            ${s.documents.map(e=>t`<${S} path=${e.url} label=${`${N[e.kind]||e.kind}（${e.number}）`} />`)}
          </div></li>`)}</ul>`:t`<p class="empty">${r?"还没有收到文书。":"正在加载…"}</p>`}
  <//>`}export{V as Screens};
