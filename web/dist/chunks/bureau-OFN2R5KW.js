import{a as q,c as H,d as M,e as F,f as L}from"./chunk-ERBMD42Z.js";import{c as G}from"./chunk-XQPMRQUT.js";import{a as K,b as Y,d as J}from"./chunk-S7QOZTVY.js";import{a as U}from"./chunk-OW6YZP72.js";import{a as B,b as V}from"./chunk-E2B2ZKMS.js";import{a as k,b as A,d as E,e as I,k as x,l as y,m as S,n as T,o as O,p as N,q as z}from"./chunk-ESIZFJUU.js";import{G as D,H as P,J as w,L as t,N as h,d as v}from"./chunk-HWI3JL25.js";var Z=["civil_affairs","fire","market_regulation","health"],Q=Object.entries(I);function W({page:u}){let[n,i]=v(""),{data:s,error:e,reload:a}=x(async()=>{let[o,l]=await Promise.all([y(`/users${n?`?role=${n}`:""}`),y("/institutions")]);return{users:o,institutions:l}},[n]),r=Object.fromEntries((s?.institutions||[]).map(o=>[o.id,o.name]));return t`<${S} title="用户管理" ...${u}>
    <${ee} institutions=${s?.institutions||[]} done=${a} />
    <label for="users-role">角色</label>
    <select id="users-role" value=${n} onChange=${o=>i(o.target.value)}>
      <option value="">全部</option>${Q.map(([o,l])=>t`<option value=${o}>${l}</option>`)}
    </select>
    <${h} error=${e} />
    ${s?t`<ul class="list">${s.users.map(o=>t`<${te} user=${o} homes=${r} institutions=${s.institutions} done=${a} />`)}</ul>`:e?null:t`<p class="empty">正在加载…</p>`}
  <//>`}function ee({institutions:u,done:n}){let i={username:"",display_name:"",password:"",role:"inspector",department:"civil_affairs",institution_id:"",enforcement_cert_no:"",street:""},s=[...new Set(u.map(d=>d.street))].sort(),[e,a]=v(i),[r,o]=v(null),{busy:l,error:g,run:b}=z(),f=d=>m=>{let $=m.target.value;a(C=>({...C,[d]:$}))};return t`<details class="card"><summary>新建用户</summary>
    <form onSubmit=${async d=>{d.preventDefault(),o(null);let m={username:e.username,display_name:e.display_name,password:e.password,role:e.role};e.role==="inspector"&&(m.department=e.department),e.role==="manager"&&(m.institution_id=Number(e.institution_id)),e.role==="street"&&(m.street=e.street),["inspector","street"].includes(e.role)&&e.enforcement_cert_no.trim()&&(m.enforcement_cert_no=e.enforcement_cert_no.trim());let $=await b(()=>w("/users",m));$&&(o($),a(i),n())}}>
      <label for="nu-username">用户名</label><input id="nu-username" required autocomplete="off" value=${e.username} onInput=${f("username")} />
      <label for="nu-name">姓名</label><input id="nu-name" required value=${e.display_name} onInput=${f("display_name")} />
      <label for="nu-password">初始密码（至少 12 个字符）</label><input id="nu-password" type="password" autocomplete="new-password" required value=${e.password} onInput=${f("password")} />
      <label for="nu-role">角色</label>
      <select id="nu-role" value=${e.role} onChange=${f("role")}>
        ${Q.map(([d,m])=>t`<option value=${d}>${m}</option>`)}
      </select>
      ${e.role==="inspector"?t`<label for="nu-dept">部门</label>
            <select id="nu-dept" value=${e.department} onChange=${f("department")}>${Z.map(d=>t`<option value=${d}>${E[d]}</option>`)}</select>
            <label for="nu-cert">执法证号（可不填）</label><input id="nu-cert" value=${e.enforcement_cert_no} onInput=${f("enforcement_cert_no")} />`:null}
      ${e.role==="street"?t`<label for="nu-street">所属街镇</label>
            <select id="nu-street" required value=${e.street} onChange=${f("street")}>
              <option value="">请选择</option>${s.map(d=>t`<option value=${d}>${d}</option>`)}
            </select>
            <label for="nu-cert-street">执法证号（可不填）</label><input id="nu-cert-street" value=${e.enforcement_cert_no} onInput=${f("enforcement_cert_no")} />`:null}
      ${e.role==="manager"?t`<label for="nu-home">所属机构</label>
            <select id="nu-home" required value=${e.institution_id} onChange=${f("institution_id")}>
              <option value="">请选择</option>${u.map(d=>t`<option value=${d.id}>${d.name}</option>`)}
            </select>`:null}
      <${h} error=${g} />
      <button class="primary" disabled=${l}>创建用户</button>
      ${r?t`<p class="ok" role="status">已创建：${r.display_name}（${r.username}）</p>`:null}
    </form>
  </details>`}function te({user:u,homes:n,institutions:i,done:s}){let e=u,[a,r]=v(e.enforcement_cert_no||""),[o,l]=v(""),[g,b]=v({institution_id:"",reason:""}),[f,d]=v(""),{busy:m,error:$,run:C}=z(),c=async(p,j)=>{d(""),await C(p)!==void 0&&(d(j),s())},_=e.role==="manager"?n[e.institution_id]||"":e.role==="street"?e.street||"":e.department?E[e.department]:"";return t`<li><details class="row">
    <summary><span><strong>${e.display_name||e.username}</strong> ${e.username} · ${I[e.role]||e.role}${_?` · ${_}`:""}${e.enforcement_cert_no?" · 持执法证":""}${e.active===!1?" · 已停用":""}</span></summary>
    <${h} error=${$} />
    ${f?t`<p class="ok" role="status">${f}</p>`:null}
    ${e.role==="inspector"||e.role==="bureau"||e.role==="street"?t`<form onSubmit=${p=>{p.preventDefault(),c(()=>D("PATCH",`/users/${e.id}`,{json:{enforcement_cert_no:a.trim()||null}}),"执法证号已保存")}}>
          <label for=${`cert-${e.id}`}>执法证号</label>
          <input id=${`cert-${e.id}`} value=${a} onInput=${p=>r(p.target.value)} />
          <button disabled=${m}>保存执法证号</button>
        </form>`:null}
    ${e.role==="inspector"?t`<form onSubmit=${p=>{p.preventDefault(),c(()=>w(`/users/${e.id}/conflicts`,{institution_id:Number(g.institution_id),reason:g.reason}),"回避关系已登记")}}>
          <label for=${`conflict-${e.id}`}>登记回避的机构</label>
          <select id=${`conflict-${e.id}`} required value=${g.institution_id} onChange=${p=>{let j=p.target.value;b(R=>({...R,institution_id:j}))}}>
            <option value="">请选择</option>${i.map(p=>t`<option value=${p.id}>${p.name}</option>`)}
          </select>
          <label for=${`conflict-reason-${e.id}`}>回避理由</label>
          <input id=${`conflict-reason-${e.id}`} required value=${g.reason} onInput=${p=>{let j=p.target.value;b(R=>({...R,reason:j}))}} />
          <button disabled=${m}>登记回避</button>
        </form>`:null}
    <form onSubmit=${p=>{p.preventDefault(),c(()=>w(`/users/${e.id}/password`,{new_password:o}),"密码已重置；该用户下次登录须先修改密码"),l("")}}>
      <label for=${`reset-${e.id}`}>重置密码（临时密码）</label>
      <input id=${`reset-${e.id}`} type="password" autocomplete="new-password" required value=${o} onInput=${p=>l(p.target.value)} />
      <button disabled=${m}>重置密码</button>
    </form>
    <button disabled=${m} onClick=${()=>c(()=>D("PATCH",`/users/${e.id}`,{json:{active:e.active===!1}}),e.active===!1?"已启用":"已停用")}>
      ${e.active===!1?"启用账号":"停用账号"}</button>
  </details></li>`}var ne=[["#/","动态清零"],["#/awaiting","待办"],["#/plans","双随机"],["#/reports","报告"],["#/users","用户"],["#/notifications","通知"]];function Se(u){let{path:n,go:i}=u,s={...u,menu:ne},e=n.match(/^\/h\/([0-9a-f-]{36})$/),a=n.match(/^\/plans\/(\d+)$/);return e?t`<${oe} page=${s} id=${e[1]} />`:n==="/awaiting"?t`<${re} page=${s} />`:n==="/plans/new"?t`<${Y} page=${s} go=${i} />`:a?t`<${J} page=${s} id=${Number(a[1])} />`:n==="/plans"?t`<${K} page=${s} />`:n==="/reports"?t`<${ie} page=${s} />`:n==="/users"?t`<${W} page=${s} />`:n==="/notifications"?t`<${U} page=${s} />`:t`<${B} page=${s} />`}async function X(){let u=await y("/institutions");return Object.fromEntries(u.map(n=>[n.id,n.name]))}function re({page:u}){let{data:n,error:i}=x(async()=>{let[e,a,r,...o]=await Promise.all([y("/hazards?severity=major"),X(),P("/hazards/confirmation-overdue").catch(()=>[]),y("/hazards?status=open"),y("/hazards?status=rectifying"),y("/hazards?status=pending_review")]),l=o.flat(),g=l.filter($=>$.status==="pending_review"&&$.severity==="major"),b=e.filter($=>!$.severity_confirmed&&["open","rectifying","pending_review"].includes($.status)),f=e.filter($=>$.overdue),d=l.filter($=>$.extension_requested_at),m=l.filter($=>$.void_proposed_by_id);return{review:g,proposed:b,late:r,overdue:f,names:a,extensions:d,voids:m,rules:q(l[0]||e[0])}}),s=({id:e,title:a,rows:r,empty:o})=>t`<section aria-labelledby=${e}>
    <h2 id=${e}>${a}（${n?r.length:"…"}）</h2>
    ${r.length?t`<ul class="list">${r.map(l=>t`<${T} hazard=${l} href=${`#/h/${l.id}`} institution=${n?.names[l.institution_id]} />`)}</ul>`:t`<p class="empty">${n?o:"正在加载…"}</p>`}
  </section>`;return t`<${S} title="待区民政局处理" ...${u}>
    <${h} error=${i} />
    <${s} id="review-h" title="重大隐患待复查" rows=${n?.review||[]} empty="没有待复查的重大隐患。" />
    <${s} id="proposed-h" title="拟判重大隐患待确认" rows=${n?.proposed||[]} empty="没有待确认的拟判重大隐患。" />
    ${n?.late.length?t`<${s} id="late-h" title="其中超过确认时限的" rows=${n.late} empty="" />`:null}
    ${n?.rules?t`<${s} id="extensions-h" title="延期申请待决定" rows=${n.extensions} empty="没有待决定的延期申请。" />
          <${s} id="voids-h" title="作废待批准" rows=${n.voids} empty="没有待批准的作废。" />`:null}
    <${s} id="overdue-h" title="逾期的重大隐患" rows=${n?.overdue||[]} empty="没有逾期的重大隐患。" />
  <//>`}function oe({page:u,id:n}){let{data:i,error:s,reload:e}=x(async()=>{let[o,l,g]=await Promise.all([P(`/hazards/${n}`),y("/users"),X()]);return{hazard:o,people:Object.fromEntries(l.map(b=>[b.id,b.display_name||b.username])),names:g}},[n]),a=i?.hazard,r=a&&["open","rectifying","pending_review"].includes(a.status);return t`<${S} title="隐患详情" back="#/awaiting" ...${u}>
    <${h} error=${s} />
    ${a?t`${a.status==="pending_review"?t`<${G} hazard=${a} done=${e} />`:null}
          ${r&&a.severity==="major"&&!a.severity_confirmed?t`<${ae} hazard=${a} done=${e} />`:null}
          ${r?t`<${H} hazard=${a} done=${e} />`:null}
          ${r?t`<${M} hazard=${a} me=${u.user.id} names=${i.people} done=${e} />`:null}
          <${N} hazard=${a} names=${i.people} institution=${i.names[a.institution_id]} me=${u.user.id} />
          <${L} hazard=${a} />
          ${r?t`<${se} hazard=${a} done=${e} />`:null}
          <${F} hazard=${a} done=${e} />`:s?null:t`<p class="empty">正在加载…</p>`}
  <//>`}function ae({hazard:u,done:n}){let[i,s]=v(""),{busy:e,error:a,run:r}=z(),o=async l=>{await r(()=>w(`/hazards/${u.id}/reclassify`,{...l,reason:i}))!==void 0&&n()};return t`<section class="card warn" aria-labelledby="confirm-h">
    <h2 id="confirm-h">拟判重大事故隐患：请确认</h2>
    <label for="confirm-reason">理由</label>
    <textarea id="confirm-reason" value=${i} onInput=${l=>s(l.target.value)}></textarea>
    <${h} error=${a} />
    <div class="pair">
      <button class="primary" disabled=${e||!i.trim()} onClick=${()=>o({severity:"major",confirmed:!0})}>确认为重大隐患</button>
      <button disabled=${e||!i.trim()} onClick=${()=>o({severity:"general"})}>改为一般隐患</button>
    </div>
  </section>`}function se({hazard:u,done:n}){let[i,s]=v("extend"),[e,a]=v(""),[r,o]=v(""),[l,g]=v(u.severity==="major"?"general":"major"),[b,f]=v("housing"),{busy:d,error:m,run:$}=z(),C={extend:()=>["extend",{due_at:new Date(`${r}T23:59:00+08:00`).toISOString(),reason:e}],reclassify:()=>["reclassify",{severity:l,reason:e,...l==="major"?{confirmed:!0}:{}}],refer:()=>["refer",{department:b,note:e}],void:()=>["void",{reason:e}]};return t`<form class="card" aria-labelledby="decide-h"
      onSubmit=${async c=>{c.preventDefault();let[_,p]=C[i]();await $(()=>w(`/hazards/${u.id}/${_}`,p))!==void 0&&(a(""),n())}}>
    <h2 id="decide-h">区民政局决定</h2>
    <label for="decide-kind">决定</label>
    <select id="decide-kind" value=${i} onChange=${c=>s(c.target.value)}>
      <option value="extend">整改延期</option>
      <option value="reclassify">重新定级</option>
      <option value="refer">移送其他部门</option>
      <option value="void">${q(u)?"提请作废（记录有误，须另一名工作人员批准）":"作废（记录有误）"}</option>
    </select>
    ${i==="extend"?t`<label for="decide-due">新的整改期限</label>
          <input id="decide-due" type="date" required value=${r} onInput=${c=>o(c.target.value)} />`:null}
    ${i==="reclassify"?t`<label for="decide-severity">新的等级</label>
          <select id="decide-severity" value=${l} onChange=${c=>g(c.target.value)}>
            ${Object.entries(A).map(([c,_])=>t`<option value=${c}>${_}</option>`)}
          </select>`:null}
    ${i==="refer"?t`<label for="decide-dept">移送至</label>
          <select id="decide-dept" value=${b} onChange=${c=>f(c.target.value)}>
            ${Object.entries(E).map(([c,_])=>t`<option value=${c}>${_}</option>`)}
          </select>`:null}
    <label for="decide-reason">${i==="refer"?"移送说明":"理由"}</label>
    <textarea id="decide-reason" required value=${e} onInput=${c=>a(c.target.value)}></textarea>
    <${h} error=${m} />
    <button class="primary" disabled=${d||!e.trim()||i==="extend"&&!r}>提交决定</button>
  </form>`}function ie({page:u}){let{data:n}=x(async()=>[...new Set((await y("/institutions")).map(r=>r.street))].sort()),[i,s]=v({status:"",severity:"",street:""}),e=new URLSearchParams(Object.entries(i).filter(([,r])=>r)).toString(),a=r=>t`<option value="">${r}</option>${(n||[]).map(o=>t`<option value=${o}>${o}</option>`)}`;return t`<${S} title="报告与台账" ...${u}>
    <${V} streets=${n||[]} />
    <section class="card" aria-labelledby="ledger-h">
      <h2 id="ledger-h">隐患台账导出</h2>
      <label for="ledger-status">状态</label>
      <select id="ledger-status" value=${i.status} onChange=${r=>{let o=r.target.value;s(l=>({...l,status:o}))}}>
        <option value="">全部</option>${Object.entries(k).map(([r,o])=>t`<option value=${r}>${o}</option>`)}
      </select>
      <label for="ledger-severity">等级</label>
      <select id="ledger-severity" value=${i.severity} onChange=${r=>{let o=r.target.value;s(l=>({...l,severity:o}))}}>
        <option value="">全部</option>${Object.entries(A).map(([r,o])=>t`<option value=${r}>${o}</option>`)}
      </select>
      <label for="ledger-street">街镇</label>
      <select id="ledger-street" value=${i.street} onChange=${r=>{let o=r.target.value;s(l=>({...l,street:o}))}}>${a("全区")}</select>
      <div class="pair">
        <${O} path=${`/hazards/export.xlsx${e?`?${e}`:""}`} saveAs="隐患台账.xlsx" label="下载 Excel" />
        <${O} path=${`/hazards/export.csv${e?`?${e}`:""}`} saveAs="隐患台账.csv" label="下载 CSV" />
      </div>
    </section>
  <//>`}export{Se as Screens,X as institutionNames};
