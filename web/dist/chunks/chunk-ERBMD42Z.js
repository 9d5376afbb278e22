import{h as g,i as x,k as h,o as k,q as _}from"./chunk-ESIZFJUU.js";import{H as y,J as f,L as i,N as v,d as l}from"./chunk-HWI3JL25.js";var D={supervised:"挂牌督办",interviewed:"约谈",case_opened:"立案",admissions_stopped:"停止收住",suspended:"停业整顿",equipment_stopped:"停止使用设施设备",residents_moved:"转移安置老年人",other_temporary:"其他临时管控措施"},S={extend:"延期决定书",correct:"撤销/更正通知书",change:"隐患等级变更通知书",refer:"隐患移送函"},m=e=>e&&"extension_requested_at"in e,w=e=>new Date(`${e}T23:59:00+08:00`).toISOString();function N({hazard:e,done:a}){let[t,$]=l(""),[o,c]=l(""),{busy:u,error:d,run:p}=_();return m(e)?e.extension_requested_at?i`<p class="card" role="status">已于 ${x(e.extension_requested_at)} 申请延期，等待决定。</p>`:Date.parse(e.due_at)<Date.now()?null:i`<details class="card"><summary>申请延期（期限届满前）</summary>
    <form onSubmit=${async s=>{s.preventDefault();let r={due_at:w(t),reason:o};await p(()=>f(`/hazards/${e.id}/extension-application`,r))!==void 0&&a()}}>
      <label for="ext-due">申请延至</label>
      <input id="ext-due" type="date" required value=${t} onInput=${s=>$(s.target.value)} />
      <label for="ext-reason">延期理由</label>
      <textarea id="ext-reason" required value=${o} onInput=${s=>c(s.target.value)}></textarea>
      <${v} error=${d} />
      <button class="primary" disabled=${u||!t||!o.trim()}>提交延期申请</button>
    </form>
  </details>`:null}function T({hazard:e,done:a}){let[t,$]=l(""),[o,c]=l(""),{busy:u,error:d,run:p}=_();if(!m(e)||!e.extension_requested_at)return null;let s=async r=>{let b={decision:r,reason:t,...r==="grant"&&o?{due_at:w(o)}:{}};await p(()=>f(`/hazards/${e.id}/extension-decision`,b))!==void 0&&a()};return i`<section class="card warn" aria-labelledby="extdec-h">
    <h2 id="extdec-h">延期申请待决定</h2>
    <p>机构于 ${x(e.extension_requested_at)} 申请延期；现期限 ${g(e.due_at)}${e.original_due_at?`，原期限 ${g(e.original_due_at)}`:""}。</p>
    <label for="extdec-due">同意时的新期限（不填：按申请）</label>
    <input id="extdec-due" type="date" value=${o} onInput=${r=>c(r.target.value)} />
    <label for="extdec-reason">决定理由</label>
    <textarea id="extdec-reason" value=${t} onInput=${r=>$(r.target.value)}></textarea>
    <${v} error=${d} />
    <div class="pair">
      <button class="primary" disabled=${u||!t.trim()} onClick=${()=>s("grant")}>同意延期</button>
      <button disabled=${u||!t.trim()} onClick=${()=>s("refuse")}>不同意延期</button>
    </div>
  </section>`}function B({hazard:e,me:a,names:t,done:$}){let[o,c]=l(""),{busy:u,error:d,run:p}=_();if(!m(e)||!e.void_proposed_by_id)return null;let s=async b=>{await p(()=>f(`/hazards/${e.id}/void-decision`,{decision:b,note:o}))!==void 0&&$()},r=t[e.void_proposed_by_id]||`用户 ${e.void_proposed_by_id}`;return e.void_proposed_by_id===a?i`<p class="card warn" role="status">您已提请作废，等待另一名区民政局工作人员决定。</p>`:i`<section class="card warn" aria-labelledby="voiddec-h">
    <h2 id="voiddec-h">作废待批准</h2>
    <p>${r} 提请作废此隐患（误登记）。批准后隐患作废，并向机构发出更正通知书。</p>
    <label for="voiddec-note">意见</label>
    <textarea id="voiddec-note" value=${o} onInput=${b=>c(b.target.value)}></textarea>
    <${v} error=${d} />
    <div class="pair">
      <button class="primary" disabled=${u||!o.trim()} onClick=${()=>s("approve")}>批准作废</button>
      <button disabled=${u||!o.trim()} onClick=${()=>s("decline")}>不批准</button>
    </div>
  </section>`}function P({hazard:e,done:a}){let{data:t,error:$,reload:o}=h(()=>m(e)?y(`/institutions/${e.institution_id}/measures`):Promise.resolve([]),[e.id]),[c,u]=l("supervised"),[d,p]=l(""),[s,r]=l("hazard"),{busy:b,error:q,run:C}=_();if(!m(e))return null;let I=s==="institution"?`/institutions/${e.institution_id}/measures`:`/hazards/${e.id}/measures`;return i`<section class="card" aria-labelledby="measures-h">
    <h2 id="measures-h">监管措施</h2>
    <${v} error=${$||q} />
    ${t&&t.length?i`<ul class="list compact">${t.map(n=>i`<li><div><strong>${D[n.kind]||n.kind}${n.hazard_id===e.id?"（本隐患）":n.hazard_id?"（其他隐患）":"（机构）"}</strong>
            <span>${x(n.taken_at)} · ${n.note}</span></div></li>`)}</ul>`:i`<p class="empty">${t?"尚未采取措施。":"正在加载…"}</p>`}
    <form onSubmit=${async n=>{n.preventDefault(),await C(()=>f(I,{kind:c,note:d}))!==void 0&&(p(""),o(),a())}}>
      <label for="measure-target">对象</label>
      <select id="measure-target" value=${s} onChange=${n=>r(n.target.value)}>
        <option value="hazard">本隐患</option>
        <option value="institution">整个机构</option>
      </select>
      <label for="measure-kind">措施</label>
      <select id="measure-kind" value=${c} onChange=${n=>u(n.target.value)}>
        ${Object.entries(D).map(([n,E])=>i`<option value=${n}>${E}</option>`)}
      </select>
      <label for="measure-note">说明</label>
      <textarea id="measure-note" required value=${d} onInput=${n=>p(n.target.value)}></textarea>
      <button disabled=${b||!d.trim()}>采取措施</button>
    </form>
  </section>`}function U({hazard:e}){let{data:a}=h(()=>m(e)?y(`/hazards/${e.id}/documents`):Promise.resolve([]),[e.id,e.events.length]);return!a||!a.length?null:i`<section class="card" aria-labelledby="hdocs-h">
    <h2 id="hdocs-h">隐患文书</h2>
    ${a.map(t=>i`<${k} path=${`/hazards/${e.id}/documents/${t.id}.pdf`}
        label=${`${S[t.kind]||t.kind}（${t.number}）`} />`)}
  </section>`}export{m as a,N as b,T as c,B as d,P as e,U as f};
