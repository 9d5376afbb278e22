import{h as g,i as x,k,o as D,q as _}from"./chunk-ESIZFJUU.js";import{H as y,J as f,L as s,N as v,d as p}from"./chunk-HWI3JL25.js";var h={supervised:"挂牌督办",interviewed:"约谈",case_opened:"立案",admissions_stopped:"停止收住",suspended:"停业整顿",equipment_stopped:"停止使用设施设备",residents_moved:"转移安置老年人",other_temporary:"其他临时管控措施"},I={extend:"延期决定书",correct:"撤销/更正通知书",change:"隐患等级变更通知书",refer:"隐患移送函"},m=e=>e&&"extension_requested_at"in e,w=e=>new Date(`${e}T23:59:00+08:00`).toISOString();function R({hazard:e,done:a}){let[t,$]=p(""),[n,l]=p(""),{busy:d,error:u,run:c}=_();return m(e)?e.extension_requested_at?s`<p class="card" role="status">已于 ${x(e.extension_requested_at)} 申请延期，等待决定。</p>`:Date.parse(e.due_at)<Date.now()?null:s`<details class="card"><summary>申请延期（期限届满前）</summary>
    <form onSubmit=${async r=>{r.preventDefault();let i={due_at:w(t),reason:n};await c(()=>f(`/hazards/${e.id}/extension-application`,i))!==void 0&&a()}}>
      <label for="ext-due">申请延至</label>
      <input id="ext-due" type="date" required value=${t} onInput=${r=>$(r.target.value)} />
      <label for="ext-reason">延期理由</label>
      <textarea id="ext-reason" required value=${n} onInput=${r=>l(r.target.value)}></textarea>
      <${v} error=${u} />
      <button class="primary" disabled=${d||!t||!n.trim()}>提交延期申请</button>
    </form>
  </details>`:null}function A({hazard:e,done:a}){let[t,$]=p(""),[n,l]=p(""),{busy:d,error:u,run:c}=_();if(!m(e)||!e.extension_requested_at)return null;let r=async i=>{let b={decision:i,reason:t,...i==="grant"&&n?{due_at:w(n)}:{}};await c(()=>f(`/hazards/${e.id}/extension-decision`,b))!==void 0&&a()};return s`<section class="card warn" aria-labelledby="extdec-h">
    <h2 id="extdec-h">延期申请待决定</h2>
    <p>机构于 ${x(e.extension_requested_at)} 申请延期；现期限 ${g(e.due_at)}${e.original_due_at?`，原期限 ${g(e.original_due_at)}`:""}。</p>
    <label for="extdec-due">同意时的新期限（不填：按申请）</label>
    <input id="extdec-due" type="date" value=${n} onInput=${i=>l(i.target.value)} />
    <label for="extdec-reason">决定理由</label>
    <textarea id="extdec-reason" value=${t} onInput=${i=>$(i.target.value)}></textarea>
    <${v} error=${u} />
    <div class="pair">
      <button class="primary" disabled=${d||!t.trim()} onClick=${()=>r("grant")}>同意延期</button>
      <button disabled=${d||!t.trim()} onClick=${()=>r("refuse")}>不同意延期</button>
    </div>
  </section>`}function M({hazard:e,me:a,names:t,done:$}){let[n,l]=p(""),{busy:d,error:u,run:c}=_();if(!m(e)||!e.void_proposed_by_id)return null;let r=async b=>{await c(()=>f(`/hazards/${e.id}/void-decision`,{decision:b,note:n}))!==void 0&&$()},i=t[e.void_proposed_by_id]||`用户 ${e.void_proposed_by_id}`;return e.void_proposed_by_id===a?s`<p class="card warn" role="status">您已提请作废，等待另一名区民政局工作人员决定。</p>`:s`<section class="card warn" aria-labelledby="voiddec-h">
    <h2 id="voiddec-h">作废待批准</h2>
    <p>${i} 提请作废此隐患（误登记）。批准后隐患作废，并向机构发出更正通知书。</p>
    <label for="voiddec-note">意见</label>
    <textarea id="voiddec-note" value=${n} onInput=${b=>l(b.target.value)}></textarea>
    <${v} error=${u} />
    <div class="pair">
      <button class="primary" disabled=${d||!n.trim()} onClick=${()=>r("approve")}>批准作废</button>
      <button disabled=${d||!n.trim()} onClick=${()=>r("decline")}>不批准</button>
    </div>
  </section>`}function N({hazard:e,done:a}){let{data:t,error:$,reload:n}=k(()=>m(e)?y(`/institutions/${e.institution_id}/measures`):Promise.resolve([]),[e.id]),[l,d]=p("supervised"),[u,c]=p(""),{busy:r,error:i,run:b}=_();return m(e)?s`<section class="card" aria-labelledby="measures-h">
    <h2 id="measures-h">监管措施</h2>
    <${v} error=${$||i} />
    ${t&&t.length?s`<ul class="list compact">${t.map(o=>s`<li><div><strong>${h[o.kind]||o.kind}${o.hazard_id===e.id?"（本隐患）":o.hazard_id?"（其他隐患）":"（机构）"}</strong>
            <span>${x(o.taken_at)} · ${o.note}</span></div></li>`)}</ul>`:s`<p class="empty">${t?"尚未采取措施。":"正在加载…"}</p>`}
    <form onSubmit=${async o=>{o.preventDefault(),await b(()=>f(`/hazards/${e.id}/measures`,{kind:l,note:u}))!==void 0&&(c(""),n(),a())}}>
      <label for="measure-kind">措施</label>
      <select id="measure-kind" value=${l} onChange=${o=>d(o.target.value)}>
        ${Object.entries(h).map(([o,q])=>s`<option value=${o}>${q}</option>`)}
      </select>
      <label for="measure-note">说明</label>
      <textarea id="measure-note" required value=${u} onInput=${o=>c(o.target.value)}></textarea>
      <button disabled=${r||!u.trim()}>采取措施</button>
    </form>
  </section>`:null}function B({hazard:e}){let{data:a}=k(()=>m(e)?y(`/hazards/${e.id}/documents`):Promise.resolve([]),[e.id,e.events.length]);return!a||!a.length?null:s`<section class="card" aria-labelledby="hdocs-h">
    <h2 id="hdocs-h">隐患文书</h2>
    ${a.map(t=>s`<${D} path=${`/hazards/${e.id}/documents/${t.id}.pdf`}
        label=${`${I[t.kind]||t.kind}（${t.number}）`} />`)}
  </section>`}export{m as a,R as b,A as c,M as d,N as e,B as f};
