import{a as I,c as N,d as M,e as F,f as H}from"./chunk-I4UUUAK2.js";import{b as B}from"./chunk-RZZQ436M.js";import{a as L,b as V,d as K}from"./chunk-QPDDZTZR.js";import{a as k}from"./chunk-HXU6JE5O.js";import{a as U}from"./chunk-CXOJ5D5O.js";import{a as R,b as P,d as j,e as D,k as z,l as g,m as C,n as q,o as A,p as T,q as S}from"./chunk-ZQ23V6WH.js";import{d as b,l as E,m as O,o as _,p as t,r as y}from"./chunk-LROS67LR.js";var J=["civil_affairs","fire","market_regulation","health"];function G({page:d}){let[r,i]=b(""),{data:n,error:e,reload:o}=z(async()=>{let[a,$]=await Promise.all([g(`/users${r?`?role=${r}`:""}`),g("/institutions")]);return{users:a,institutions:$}},[r]),s=Object.fromEntries((n?.institutions||[]).map(a=>[a.id,a.name]));return t`<${C} title="用户管理" ...${d}>
    <${Q} institutions=${n?.institutions||[]} done=${o} />
    <label for="users-role">角色</label>
    <select id="users-role" value=${r} onChange=${a=>i(a.target.value)}>
      <option value="">全部</option>${Object.entries(D).filter(([a])=>a!=="street").map(([a,$])=>t`<option value=${a}>${$}</option>`)}
    </select>
    <${y} error=${e} />
    ${n?t`<ul class="list">${n.users.map(a=>t`<${W} user=${a} homes=${s} institutions=${n.institutions} done=${o} />`)}</ul>`:e?null:t`<p class="empty">正在加载…</p>`}
  <//>`}function Q({institutions:d,done:r}){let i={username:"",display_name:"",password:"",role:"inspector",department:"civil_affairs",institution_id:"",enforcement_cert_no:""},[n,e]=b(i),[o,s]=b(null),{busy:a,error:$,run:h}=S(),m=u=>v=>e({...n,[u]:v.target.value});return t`<details class="card"><summary>新建用户</summary>
    <form onSubmit=${async u=>{u.preventDefault(),s(null);let v={username:n.username,display_name:n.display_name,password:n.password,role:n.role};n.role==="inspector"&&(v.department=n.department),n.role==="manager"&&(v.institution_id=Number(n.institution_id)),n.role==="inspector"&&n.enforcement_cert_no.trim()&&(v.enforcement_cert_no=n.enforcement_cert_no.trim());let c=await h(()=>_("/users",v));c&&(s(c),e(i),r())}}>
      <label for="nu-username">用户名</label><input id="nu-username" required autocomplete="off" value=${n.username} onInput=${m("username")} />
      <label for="nu-name">姓名</label><input id="nu-name" required value=${n.display_name} onInput=${m("display_name")} />
      <label for="nu-password">初始密码（至少 12 个字符）</label><input id="nu-password" type="password" autocomplete="new-password" required value=${n.password} onInput=${m("password")} />
      <label for="nu-role">角色</label>
      <select id="nu-role" value=${n.role} onChange=${m("role")}>
        ${Object.entries(D).filter(([u])=>u!=="street").map(([u,v])=>t`<option value=${u}>${v}</option>`)}
      </select>
      ${n.role==="inspector"?t`<label for="nu-dept">部门</label>
            <select id="nu-dept" value=${n.department} onChange=${m("department")}>${J.map(u=>t`<option value=${u}>${j[u]}</option>`)}</select>
            <label for="nu-cert">执法证号（可不填）</label><input id="nu-cert" value=${n.enforcement_cert_no} onInput=${m("enforcement_cert_no")} />`:null}
      ${n.role==="manager"?t`<label for="nu-home">所属机构</label>
            <select id="nu-home" required value=${n.institution_id} onChange=${m("institution_id")}>
              <option value="">请选择</option>${d.map(u=>t`<option value=${u.id}>${u.name}</option>`)}
            </select>`:null}
      <${y} error=${$} />
      <button class="primary" disabled=${a}>创建用户</button>
      ${o?t`<p class="ok" role="status">已创建：${o.display_name}（${o.username}）</p>`:null}
    </form>
  </details>`}function W({user:d,homes:r,institutions:i,done:n}){let e=d,[o,s]=b(e.enforcement_cert_no||""),[a,$]=b(""),[h,m]=b({institution_id:"",reason:""}),[u,v]=b(""),{busy:c,error:x,run:p}=S(),l=async(f,Z)=>{v(""),await p(f)!==void 0&&(v(Z),n())},w=e.role==="manager"?r[e.institution_id]||"":e.department?j[e.department]:"";return t`<li><details class="row">
    <summary><span><strong>${e.display_name||e.username}</strong> ${e.username} · ${D[e.role]||e.role}${w?` · ${w}`:""}${e.enforcement_cert_no?" · 持执法证":""}${e.active===!1?" · 已停用":""}</span></summary>
    <${y} error=${x} />
    ${u?t`<p class="ok" role="status">${u}</p>`:null}
    ${e.role==="inspector"||e.role==="bureau"?t`<form onSubmit=${f=>{f.preventDefault(),l(()=>E("PATCH",`/users/${e.id}`,{json:{enforcement_cert_no:o.trim()||null}}),"执法证号已保存")}}>
          <label for=${`cert-${e.id}`}>执法证号</label>
          <input id=${`cert-${e.id}`} value=${o} onInput=${f=>s(f.target.value)} />
          <button disabled=${c}>保存执法证号</button>
        </form>`:null}
    ${e.role==="inspector"?t`<form onSubmit=${f=>{f.preventDefault(),l(()=>_(`/users/${e.id}/conflicts`,{institution_id:Number(h.institution_id),reason:h.reason}),"回避关系已登记")}}>
          <label for=${`conflict-${e.id}`}>登记回避的机构</label>
          <select id=${`conflict-${e.id}`} required value=${h.institution_id} onChange=${f=>m({...h,institution_id:f.target.value})}>
            <option value="">请选择</option>${i.map(f=>t`<option value=${f.id}>${f.name}</option>`)}
          </select>
          <label for=${`conflict-reason-${e.id}`}>回避理由</label>
          <input id=${`conflict-reason-${e.id}`} required value=${h.reason} onInput=${f=>m({...h,reason:f.target.value})} />
          <button disabled=${c}>登记回避</button>
        </form>`:null}
    <form onSubmit=${f=>{f.preventDefault(),l(()=>_(`/users/${e.id}/password`,{new_password:a}),"密码已重置；该用户下次登录须先修改密码"),$("")}}>
      <label for=${`reset-${e.id}`}>重置密码（临时密码）</label>
      <input id=${`reset-${e.id}`} type="password" autocomplete="new-password" required value=${a} onInput=${f=>$(f.target.value)} />
      <button disabled=${c}>重置密码</button>
    </form>
    <button disabled=${c} onClick=${()=>l(()=>E("PATCH",`/users/${e.id}`,{json:{active:e.active===!1}}),e.active===!1?"已启用":"已停用")}>
      ${e.active===!1?"启用账号":"停用账号"}</button>
  </details></li>`}var X=[["#/","动态清零"],["#/awaiting","待办"],["#/plans","双随机"],["#/reports","报告"],["#/users","用户"],["#/notifications","通知"]];function we(d){let{path:r,go:i}=d,n={...d,menu:X},e=r.match(/^\/h\/([0-9a-f-]{36})$/),o=r.match(/^\/plans\/(\d+)$/);return e?t`<${te} page=${n} id=${e[1]} />`:r==="/awaiting"?t`<${ee} page=${n} />`:r==="/plans/new"?t`<${V} page=${n} go=${i} />`:o?t`<${K} page=${n} id=${Number(o[1])} />`:r==="/plans"?t`<${L} page=${n} />`:r==="/reports"?t`<${ae} page=${n} />`:r==="/users"?t`<${G} page=${n} />`:r==="/notifications"?t`<${k} page=${n} />`:t`<${U} page=${n} />`}async function Y(){let d=await g("/institutions");return Object.fromEntries(d.map(r=>[r.id,r.name]))}function ee({page:d}){let{data:r,error:i}=z(async()=>{let[e,o,...s]=await Promise.all([g("/hazards?severity=major"),Y(),g("/hazards?status=open"),g("/hazards?status=rectifying"),g("/hazards?status=pending_review")]),a=s.flat(),$=a.filter(c=>c.status==="pending_review"&&c.severity==="major"),h=e.filter(c=>!c.severity_confirmed&&["open","rectifying","pending_review"].includes(c.status)),m=e.filter(c=>c.overdue),u=a.filter(c=>c.extension_requested_at),v=a.filter(c=>c.void_proposed_by_id);return{review:$,proposed:h,overdue:m,names:o,extensions:u,voids:v,rules:I(a[0]||e[0])}}),n=({id:e,title:o,rows:s,empty:a})=>t`<section aria-labelledby=${e}>
    <h2 id=${e}>${o}（${r?s.length:"…"}）</h2>
    ${s.length?t`<ul class="list">${s.map($=>t`<${q} hazard=${$} href=${`#/h/${$.id}`} institution=${r?.names[$.institution_id]} />`)}</ul>`:t`<p class="empty">${r?a:"正在加载…"}</p>`}
  </section>`;return t`<${C} title="待区民政局处理" ...${d}>
    <${y} error=${i} />
    <${n} id="review-h" title="重大隐患待复查" rows=${r?.review||[]} empty="没有待复查的重大隐患。" />
    <${n} id="proposed-h" title="拟判重大隐患待确认" rows=${r?.proposed||[]} empty="没有待确认的拟判重大隐患。" />
    ${r?.rules?t`<${n} id="extensions-h" title="延期申请待决定" rows=${r.extensions} empty="没有待决定的延期申请。" />
          <${n} id="voids-h" title="作废待批准" rows=${r.voids} empty="没有待批准的作废。" />`:null}
    <${n} id="overdue-h" title="逾期的重大隐患" rows=${r?.overdue||[]} empty="没有逾期的重大隐患。" />
  <//>`}function te({page:d,id:r}){let{data:i,error:n,reload:e}=z(async()=>{let[a,$,h]=await Promise.all([O(`/hazards/${r}`),g("/users"),Y()]);return{hazard:a,people:Object.fromEntries($.map(m=>[m.id,m.display_name||m.username])),names:h}},[r]),o=i?.hazard,s=o&&["open","rectifying","pending_review"].includes(o.status);return t`<${C} title="隐患详情" back="#/awaiting" ...${d}>
    <${y} error=${n} />
    ${o?t`${o.status==="pending_review"?t`<${B} hazard=${o} done=${e} />`:null}
          ${s&&o.severity==="major"&&!o.severity_confirmed?t`<${ne} hazard=${o} done=${e} />`:null}
          ${s?t`<${N} hazard=${o} done=${e} />`:null}
          ${s?t`<${M} hazard=${o} me=${d.user.id} names=${i.people} done=${e} />`:null}
          <${T} hazard=${o} names=${i.people} institution=${i.names[o.institution_id]} me=${d.user.id} />
          <${H} hazard=${o} />
          ${s?t`<${re} hazard=${o} done=${e} />`:null}
          <${F} hazard=${o} done=${e} />`:n?null:t`<p class="empty">正在加载…</p>`}
  <//>`}function ne({hazard:d,done:r}){let[i,n]=b(""),{busy:e,error:o,run:s}=S(),a=async $=>{await s(()=>_(`/hazards/${d.id}/reclassify`,{...$,reason:i}))!==void 0&&r()};return t`<section class="card warn" aria-labelledby="confirm-h">
    <h2 id="confirm-h">拟判重大事故隐患：请确认</h2>
    <label for="confirm-reason">理由</label>
    <textarea id="confirm-reason" value=${i} onInput=${$=>n($.target.value)}></textarea>
    <${y} error=${o} />
    <div class="pair">
      <button class="primary" disabled=${e||!i.trim()} onClick=${()=>a({severity:"major",confirmed:!0})}>确认为重大隐患</button>
      <button disabled=${e||!i.trim()} onClick=${()=>a({severity:"general"})}>改为一般隐患</button>
    </div>
  </section>`}function re({hazard:d,done:r}){let[i,n]=b("extend"),[e,o]=b(""),[s,a]=b(""),[$,h]=b(d.severity==="major"?"general":"major"),[m,u]=b("housing"),{busy:v,error:c,run:x}=S(),p={extend:()=>["extend",{due_at:new Date(`${s}T23:59:00+08:00`).toISOString(),reason:e}],reclassify:()=>["reclassify",{severity:$,reason:e,...$==="major"?{confirmed:!0}:{}}],refer:()=>["refer",{department:m,note:e}],void:()=>["void",{reason:e}]};return t`<form class="card" aria-labelledby="decide-h"
      onSubmit=${async l=>{l.preventDefault();let[w,f]=p[i]();await x(()=>_(`/hazards/${d.id}/${w}`,f))!==void 0&&(o(""),r())}}>
    <h2 id="decide-h">区民政局决定</h2>
    <label for="decide-kind">决定</label>
    <select id="decide-kind" value=${i} onChange=${l=>n(l.target.value)}>
      <option value="extend">整改延期</option>
      <option value="reclassify">重新定级</option>
      <option value="refer">移送其他部门</option>
      <option value="void">${I(d)?"提请作废（记录有误，须另一名工作人员批准）":"作废（记录有误）"}</option>
    </select>
    ${i==="extend"?t`<label for="decide-due">新的整改期限</label>
          <input id="decide-due" type="date" required value=${s} onInput=${l=>a(l.target.value)} />`:null}
    ${i==="reclassify"?t`<label for="decide-severity">新的等级</label>
          <select id="decide-severity" value=${$} onChange=${l=>h(l.target.value)}>
            ${Object.entries(P).map(([l,w])=>t`<option value=${l}>${w}</option>`)}
          </select>`:null}
    ${i==="refer"?t`<label for="decide-dept">移送至</label>
          <select id="decide-dept" value=${m} onChange=${l=>u(l.target.value)}>
            ${Object.entries(j).map(([l,w])=>t`<option value=${l}>${w}</option>`)}
          </select>`:null}
    <label for="decide-reason">${i==="refer"?"移送说明":"理由"}</label>
    <textarea id="decide-reason" required value=${e} onInput=${l=>o(l.target.value)}></textarea>
    <${y} error=${c} />
    <button class="primary" disabled=${v||!e.trim()||i==="extend"&&!s}>提交决定</button>
  </form>`}function oe(){let[d,r]=new Intl.DateTimeFormat("en-CA",{timeZone:"Asia/Shanghai",year:"numeric",month:"2-digit"}).format(new Date).split("-").map(Number);return r===1?`${d-1}-12`:`${d}-${String(r-1).padStart(2,"0")}`}function ae({page:d}){let{data:r}=z(async()=>[...new Set((await g("/institutions")).map(p=>p.street))].sort()),[i,n]=b(oe()),[e,o]=b(""),[s,a]=b(null),{busy:$,error:h,run:m}=S(),[u,v]=b({status:"",severity:"",street:""}),c=new URLSearchParams(Object.entries(u).filter(([,p])=>p)).toString(),x=p=>t`<option value="">${p}</option>${(r||[]).map(l=>t`<option value=${l}>${l}</option>`)}`;return t`<${C} title="报告与台账" ...${d}>
    <form class="card" aria-labelledby="monthly-h"
      onSubmit=${async p=>{p.preventDefault(),a(null);let l=await m(()=>_("/reports/monthly",{month:i,...e?{street:e}:{}}));l&&a(l)}}>
      <h2 id="monthly-h">月度隐患报告</h2>
      <label for="report-month">月份</label>
      <input id="report-month" type="month" required value=${i} onInput=${p=>{a(null),n(p.target.value)}} />
      <label for="report-street">街镇</label>
      <select id="report-street" value=${e} onChange=${p=>{a(null),o(p.target.value)}}>${x("全区")}</select>
      <${y} error=${h} />
      <button class="primary" disabled=${$}>${$?"正在生成…":"生成报告"}</button>
      ${s?t`<div class="row" role="status">
            <strong>${s.month} ${s.street||"全区"} 月度报告已生成</strong>
            <span>${s.pages} 页 · ${Math.ceil(s.size/1024)} KB · SHA-256 <code>${s.sha256.slice(0,16)}…</code></span>
            <${A} path=${s.url} saveAs=${`月度隐患报告-${s.month}${s.street?`-${s.street}`:""}.pdf`} label="下载 PDF" />
          </div>`:null}
    </form>
    <section class="card" aria-labelledby="ledger-h">
      <h2 id="ledger-h">隐患台账导出</h2>
      <label for="ledger-status">状态</label>
      <select id="ledger-status" value=${u.status} onChange=${p=>v({...u,status:p.target.value})}>
        <option value="">全部</option>${Object.entries(R).map(([p,l])=>t`<option value=${p}>${l}</option>`)}
      </select>
      <label for="ledger-severity">等级</label>
      <select id="ledger-severity" value=${u.severity} onChange=${p=>v({...u,severity:p.target.value})}>
        <option value="">全部</option>${Object.entries(P).map(([p,l])=>t`<option value=${p}>${l}</option>`)}
      </select>
      <label for="ledger-street">街镇</label>
      <select id="ledger-street" value=${u.street} onChange=${p=>v({...u,street:p.target.value})}>${x("全区")}</select>
      <div class="pair">
        <${A} path=${`/hazards/export.xlsx${c?`?${c}`:""}`} saveAs="隐患台账.xlsx" label="下载 Excel" />
        <${A} path=${`/hazards/export.csv${c?`?${c}`:""}`} saveAs="隐患台账.csv" label="下载 CSV" />
      </div>
    </section>
  <//>`}export{we as Screens,Y as institutionNames};
