import{a as k}from"./chunk-PXFUFDYE.js";import{b as E,f as H}from"./chunk-I4UUUAK2.js";import{a as D}from"./chunk-HXU6JE5O.js";import{h as _,k as h,l as y,m as f,n as z,o as S,p as C,q as v}from"./chunk-ZQ23V6WH.js";import{d as u,m as b,o as g,p as e,r as d}from"./chunk-LROS67LR.js";var I=[["#/","隐患"],["#/notifications","通知"],["#/documents","文书"]],A=new Set(["open","rectifying","pending_review"]);function J(o){let{path:r}=o,t={...o,menu:I},s=r.match(/^\/h\/([0-9a-f-]{36})$/);return s?e`<${F} page=${t} id=${s[1]} />`:r==="/notifications"?e`<${D} page=${t} />`:r==="/documents"?e`<${L} page=${t} />`:e`<${P} page=${t} />`}function P({page:o}){let{data:r,error:t}=h(()=>y("/hazards")),s=r||[],a=s.filter(n=>A.has(n.status)).sort((n,i)=>n.due_at.localeCompare(i.due_at)),l=s.filter(n=>!A.has(n.status)).sort((n,i)=>i.found_at.localeCompare(n.found_at)),c=a.filter(n=>n.overdue).length;return e`<${f} title="本机构隐患" ...${o}>
    <${d} error=${t} />
    <p class="lead">待处理 ${r?a.length:"…"} 项${c?e`，其中 <b class="tag bad">${c} 项已逾期</b>`:""}</p>
    <section aria-labelledby="live-h">
      <h2 id="live-h">待整改与待复查（期限最近的在前）</h2>
      ${a.length?e`<ul class="list">${a.map(n=>e`<${z} hazard=${n} href=${`#/h/${n.id}`} />`)}</ul>`:e`<p class="empty">${r?"没有待处理的隐患。":"正在加载…"}</p>`}
    </section>
    ${l.length?e`<section aria-labelledby="closed-h"><h2 id="closed-h">已销号与已作废</h2>
          <ul class="list compact">${l.slice(0,50).map(n=>e`<${z} hazard=${n} href=${`#/h/${n.id}`} />`)}</ul></section>`:null}
  <//>`}function F({page:o,id:r}){let{data:t,error:s,reload:a}=h(()=>b(`/hazards/${r}`),[r]);return e`<${f} title="隐患详情" back="#/" ...${o}>
    <${d} error=${s} />
    ${t?e`${t.status==="open"?e`<${N} hazard=${t} done=${a} />`:null}
          ${t.status==="open"||t.status==="rectifying"?e`<${q} hazard=${t} done=${a} />`:null}
          ${t.status==="pending_review"?e`<p class="card ok">整改已提交，等待复查。</p>`:null}
          ${t.status==="open"||t.status==="rectifying"?e`<${E} hazard=${t} done=${a} />`:null}
          <${C} hazard=${t} me=${o.user.id} />
          <${H} hazard=${t} />`:s?null:e`<p class="empty">正在加载…</p>`}
  <//>`}function N({hazard:o,done:r}){let[t,s]=u(""),[a,l]=u(""),{busy:c,error:n,run:i}=v();return e`<form class="card" aria-labelledby="ack-h"
      onSubmit=${async $=>{$.preventDefault(),await i(()=>g(`/hazards/${o.id}/acknowledge`,{plan:t,...a?{planned_finish:a}:{}}))&&r()}}>
    <h2 id="ack-h">签收并填写整改计划</h2>
    <label for="ack-plan">整改计划</label>
    <textarea id="ack-plan" required value=${t} onInput=${$=>s($.target.value)}></textarea>
    <label for="ack-finish">计划完成日期（可不填）</label>
    <input id="ack-finish" type="date" value=${a} onInput=${$=>l($.target.value)} />
    <${d} error=${n} />
    <button class="primary" disabled=${c||!t.trim()}>${c?"正在提交…":"签收整改"}</button>
  </form>`}function q({hazard:o,done:r}){let[t,s]=u(""),[a,l]=u([]),[c,n]=u(0),{busy:i,error:$,run:x}=v();return e`<form class="card" aria-labelledby="fix-h"
      onSubmit=${async p=>{p.preventDefault(),await x(async()=>{let m=[];n(0);for(let w of a)m.push(await k(w,w.name)),n(m.length);return g(`/hazards/${o.id}/rectification`,{description:t,photo_ids:m})})&&r()}}>
    <h2 id="fix-h">提交整改结果</h2>
    <label for="fix-text">整改情况说明</label>
    <textarea id="fix-text" required value=${t} onInput=${p=>s(p.target.value)}></textarea>
    <label for="fix-photos">整改后照片（至少一张）</label>
    <input id="fix-photos" type="file" accept="image/*" multiple
      onChange=${p=>l([...p.target.files])} />
    ${a.length?e`<p class="hint">已选 ${a.length} 张照片${i?`，已上传 ${c} 张`:""}</p>`:null}
    <${d} error=${$} />
    <button class="primary" disabled=${i||!t.trim()||!a.length}>${i?"正在上传…":"提交整改"}</button>
    ${a.length?null:e`<p class="hint">请先拍照或选择照片。</p>`}
  </form>`}var B={record:"现场检查记录",notice:"责令限期整改通知书"};function L({page:o}){let{data:r,error:t}=h(async()=>{let s=(await y("/inspections?status=submitted")).sort((a,l)=>(l.submitted_at||"").localeCompare(a.submitted_at||""));return Promise.all(s.slice(0,30).map(a=>b(`/inspections/${a.id}`)))});return e`<${f} title="收到的文书" ...${o}>
    <${d} error=${t} />
    ${r&&r.length?e`<ul class="list">${r.map(s=>e`<li><div>
            <strong>${_(s.submitted_at)} 检查</strong>
            <span>发现隐患 ${(s.hazard_ids||[]).length} 项</span>
            ${s.documents.map(a=>e`<${S} path=${a.url} label=${`${B[a.kind]||a.kind}（${a.number}）`} />`)}
          </div></li>`)}</ul>`:e`<p class="empty">${r?"还没有收到文书。":"正在加载…"}</p>`}
  <//>`}export{J as Screens};
