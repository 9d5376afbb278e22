import{a as I,c as N,d as U,e as H,f as M}from"./chunk-ERBMD42Z.js";import{c as B}from"./chunk-XQPMRQUT.js";import{a as V,b as G,d as K}from"./chunk-PLLCEZUS.js";import{a as T}from"./chunk-OW6YZP72.js";import{a as F,b as L}from"./chunk-E2B2ZKMS.js";import{a as O,b as D,d as C,e as P,k as x,l as y,m as S,n as q,o as A,p as k,q as z}from"./chunk-ESIZFJUU.js";import{G as E,H as R,J as w,L as t,N as h,d as v}from"./chunk-HWI3JL25.js";var X=["civil_affairs","fire","market_regulation","health"],Y=Object.entries(P);function J({page:u}){let[r,s]=v(""),{data:a,error:e,reload:o}=x(async()=>{let[i,l]=await Promise.all([y(`/users${r?`?role=${r}`:""}`),y("/institutions")]);return{users:i,institutions:l}},[r]),n=Object.fromEntries((a?.institutions||[]).map(i=>[i.id,i.name]));return t`<${S} title="用户管理" ...${u}>
    <${Z} institutions=${a?.institutions||[]} done=${o} />
    <label for="users-role">角色</label>
    <select id="users-role" value=${r} onChange=${i=>s(i.target.value)}>
      <option value="">全部</option>${Y.map(([i,l])=>t`<option value=${i}>${l}</option>`)}
    </select>
    <${h} error=${e} />
    ${a?t`<ul class="list">${a.users.map(i=>t`<${ee} user=${i} homes=${n} institutions=${a.institutions} done=${o} />`)}</ul>`:e?null:t`<p class="empty">正在加载…</p>`}
  <//>`}function Z({institutions:u,done:r}){let s={username:"",display_name:"",password:"",role:"inspector",department:"civil_affairs",institution_id:"",enforcement_cert_no:"",street:""},a=[...new Set(u.map(d=>d.street))].sort(),[e,o]=v(s),[n,i]=v(null),{busy:l,error:b,run:g}=z(),f=d=>p=>o({...e,[d]:p.target.value});return t`<details class="card"><summary>新建用户</summary>
    <form onSubmit=${async d=>{d.preventDefault(),i(null);let p={username:e.username,display_name:e.display_name,password:e.password,role:e.role};e.role==="inspector"&&(p.department=e.department),e.role==="manager"&&(p.institution_id=Number(e.institution_id)),e.role==="street"&&(p.street=e.street),["inspector","street"].includes(e.role)&&e.enforcement_cert_no.trim()&&(p.enforcement_cert_no=e.enforcement_cert_no.trim());let m=await g(()=>w("/users",p));m&&(i(m),o(s),r())}}>
      <label for="nu-username">用户名</label><input id="nu-username" required autocomplete="off" value=${e.username} onInput=${f("username")} />
      <label for="nu-name">姓名</label><input id="nu-name" required value=${e.display_name} onInput=${f("display_name")} />
      <label for="nu-password">初始密码（至少 12 个字符）</label><input id="nu-password" type="password" autocomplete="new-password" required value=${e.password} onInput=${f("password")} />
      <label for="nu-role">角色</label>
      <select id="nu-role" value=${e.role} onChange=${f("role")}>
        ${Y.map(([d,p])=>t`<option value=${d}>${p}</option>`)}
      </select>
      ${e.role==="inspector"?t`<label for="nu-dept">部门</label>
            <select id="nu-dept" value=${e.department} onChange=${f("department")}>${X.map(d=>t`<option value=${d}>${C[d]}</option>`)}</select>
            <label for="nu-cert">执法证号（可不填）</label><input id="nu-cert" value=${e.enforcement_cert_no} onInput=${f("enforcement_cert_no")} />`:null}
      ${e.role==="street"?t`<label for="nu-street">所属街镇</label>
            <select id="nu-street" required value=${e.street} onChange=${f("street")}>
              <option value="">请选择</option>${a.map(d=>t`<option value=${d}>${d}</option>`)}
            </select>
            <label for="nu-cert-street">执法证号（可不填）</label><input id="nu-cert-street" value=${e.enforcement_cert_no} onInput=${f("enforcement_cert_no")} />`:null}
      ${e.role==="manager"?t`<label for="nu-home">所属机构</label>
            <select id="nu-home" required value=${e.institution_id} onChange=${f("institution_id")}>
              <option value="">请选择</option>${u.map(d=>t`<option value=${d.id}>${d.name}</option>`)}
            </select>`:null}
      <${h} error=${b} />
      <button class="primary" disabled=${l}>创建用户</button>
      ${n?t`<p class="ok" role="status">已创建：${n.display_name}（${n.username}）</p>`:null}
    </form>
  </details>`}function ee({user:u,homes:r,institutions:s,done:a}){let e=u,[o,n]=v(e.enforcement_cert_no||""),[i,l]=v(""),[b,g]=v({institution_id:"",reason:""}),[f,d]=v(""),{busy:p,error:m,run:j}=z(),$=async(c,W)=>{d(""),await j(c)!==void 0&&(d(W),a())},_=e.role==="manager"?r[e.institution_id]||"":e.role==="street"?e.street||"":e.department?C[e.department]:"";return t`<li><details class="row">
    <summary><span><strong>${e.display_name||e.username}</strong> ${e.username} · ${P[e.role]||e.role}${_?` · ${_}`:""}${e.enforcement_cert_no?" · 持执法证":""}${e.active===!1?" · 已停用":""}</span></summary>
    <${h} error=${m} />
    ${f?t`<p class="ok" role="status">${f}</p>`:null}
    ${e.role==="inspector"||e.role==="bureau"||e.role==="street"?t`<form onSubmit=${c=>{c.preventDefault(),$(()=>E("PATCH",`/users/${e.id}`,{json:{enforcement_cert_no:o.trim()||null}}),"执法证号已保存")}}>
          <label for=${`cert-${e.id}`}>执法证号</label>
          <input id=${`cert-${e.id}`} value=${o} onInput=${c=>n(c.target.value)} />
          <button disabled=${p}>保存执法证号</button>
        </form>`:null}
    ${e.role==="inspector"?t`<form onSubmit=${c=>{c.preventDefault(),$(()=>w(`/users/${e.id}/conflicts`,{institution_id:Number(b.institution_id),reason:b.reason}),"回避关系已登记")}}>
          <label for=${`conflict-${e.id}`}>登记回避的机构</label>
          <select id=${`conflict-${e.id}`} required value=${b.institution_id} onChange=${c=>g({...b,institution_id:c.target.value})}>
            <option value="">请选择</option>${s.map(c=>t`<option value=${c.id}>${c.name}</option>`)}
          </select>
          <label for=${`conflict-reason-${e.id}`}>回避理由</label>
          <input id=${`conflict-reason-${e.id}`} required value=${b.reason} onInput=${c=>g({...b,reason:c.target.value})} />
          <button disabled=${p}>登记回避</button>
        </form>`:null}
    <form onSubmit=${c=>{c.preventDefault(),$(()=>w(`/users/${e.id}/password`,{new_password:i}),"密码已重置；该用户下次登录须先修改密码"),l("")}}>
      <label for=${`reset-${e.id}`}>重置密码（临时密码）</label>
      <input id=${`reset-${e.id}`} type="password" autocomplete="new-password" required value=${i} onInput=${c=>l(c.target.value)} />
      <button disabled=${p}>重置密码</button>
    </form>
    <button disabled=${p} onClick=${()=>$(()=>E("PATCH",`/users/${e.id}`,{json:{active:e.active===!1}}),e.active===!1?"已启用":"已停用")}>
      ${e.active===!1?"启用账号":"停用账号"}</button>
  </details></li>`}var te=[["#/","动态清零"],["#/awaiting","待办"],["#/plans","双随机"],["#/reports","报告"],["#/users","用户"],["#/notifications","通知"]];function xe(u){let{path:r,go:s}=u,a={...u,menu:te},e=r.match(/^\/h\/([0-9a-f-]{36})$/),o=r.match(/^\/plans\/(\d+)$/);return e?t`<${ne} page=${a} id=${e[1]} />`:r==="/awaiting"?t`<${re} page=${a} />`:r==="/plans/new"?t`<${G} page=${a} go=${s} />`:o?t`<${K} page=${a} id=${Number(o[1])} />`:r==="/plans"?t`<${V} page=${a} />`:r==="/reports"?t`<${se} page=${a} />`:r==="/users"?t`<${J} page=${a} />`:r==="/notifications"?t`<${T} page=${a} />`:t`<${F} page=${a} />`}async function Q(){let u=await y("/institutions");return Object.fromEntries(u.map(r=>[r.id,r.name]))}function re({page:u}){let{data:r,error:s}=x(async()=>{let[e,o,n,...i]=await Promise.all([y("/hazards?severity=major"),Q(),R("/hazards/confirmation-overdue").catch(()=>[]),y("/hazards?status=open"),y("/hazards?status=rectifying"),y("/hazards?status=pending_review")]),l=i.flat(),b=l.filter(m=>m.status==="pending_review"&&m.severity==="major"),g=e.filter(m=>!m.severity_confirmed&&["open","rectifying","pending_review"].includes(m.status)),f=e.filter(m=>m.overdue),d=l.filter(m=>m.extension_requested_at),p=l.filter(m=>m.void_proposed_by_id);return{review:b,proposed:g,late:n,overdue:f,names:o,extensions:d,voids:p,rules:I(l[0]||e[0])}}),a=({id:e,title:o,rows:n,empty:i})=>t`<section aria-labelledby=${e}>
    <h2 id=${e}>${o}（${r?n.length:"…"}）</h2>
    ${n.length?t`<ul class="list">${n.map(l=>t`<${q} hazard=${l} href=${`#/h/${l.id}`} institution=${r?.names[l.institution_id]} />`)}</ul>`:t`<p class="empty">${r?i:"正在加载…"}</p>`}
  </section>`;return t`<${S} title="待区民政局处理" ...${u}>
    <${h} error=${s} />
    <${a} id="review-h" title="重大隐患待复查" rows=${r?.review||[]} empty="没有待复查的重大隐患。" />
    <${a} id="proposed-h" title="拟判重大隐患待确认" rows=${r?.proposed||[]} empty="没有待确认的拟判重大隐患。" />
    ${r?.late.length?t`<${a} id="late-h" title="其中超过确认时限的" rows=${r.late} empty="" />`:null}
    ${r?.rules?t`<${a} id="extensions-h" title="延期申请待决定" rows=${r.extensions} empty="没有待决定的延期申请。" />
          <${a} id="voids-h" title="作废待批准" rows=${r.voids} empty="没有待批准的作废。" />`:null}
    <${a} id="overdue-h" title="逾期的重大隐患" rows=${r?.overdue||[]} empty="没有逾期的重大隐患。" />
  <//>`}function ne({page:u,id:r}){let{data:s,error:a,reload:e}=x(async()=>{let[i,l,b]=await Promise.all([R(`/hazards/${r}`),y("/users"),Q()]);return{hazard:i,people:Object.fromEntries(l.map(g=>[g.id,g.display_name||g.username])),names:b}},[r]),o=s?.hazard,n=o&&["open","rectifying","pending_review"].includes(o.status);return t`<${S} title="隐患详情" back="#/awaiting" ...${u}>
    <${h} error=${a} />
    ${o?t`${o.status==="pending_review"?t`<${B} hazard=${o} done=${e} />`:null}
          ${n&&o.severity==="major"&&!o.severity_confirmed?t`<${oe} hazard=${o} done=${e} />`:null}
          ${n?t`<${N} hazard=${o} done=${e} />`:null}
          ${n?t`<${U} hazard=${o} me=${u.user.id} names=${s.people} done=${e} />`:null}
          <${k} hazard=${o} names=${s.people} institution=${s.names[o.institution_id]} me=${u.user.id} />
          <${M} hazard=${o} />
          ${n?t`<${ae} hazard=${o} done=${e} />`:null}
          <${H} hazard=${o} done=${e} />`:a?null:t`<p class="empty">正在加载…</p>`}
  <//>`}function oe({hazard:u,done:r}){let[s,a]=v(""),{busy:e,error:o,run:n}=z(),i=async l=>{await n(()=>w(`/hazards/${u.id}/reclassify`,{...l,reason:s}))!==void 0&&r()};return t`<section class="card warn" aria-labelledby="confirm-h">
    <h2 id="confirm-h">拟判重大事故隐患：请确认</h2>
    <label for="confirm-reason">理由</label>
    <textarea id="confirm-reason" value=${s} onInput=${l=>a(l.target.value)}></textarea>
    <${h} error=${o} />
    <div class="pair">
      <button class="primary" disabled=${e||!s.trim()} onClick=${()=>i({severity:"major",confirmed:!0})}>确认为重大隐患</button>
      <button disabled=${e||!s.trim()} onClick=${()=>i({severity:"general"})}>改为一般隐患</button>
    </div>
  </section>`}function ae({hazard:u,done:r}){let[s,a]=v("extend"),[e,o]=v(""),[n,i]=v(""),[l,b]=v(u.severity==="major"?"general":"major"),[g,f]=v("housing"),{busy:d,error:p,run:m}=z(),j={extend:()=>["extend",{due_at:new Date(`${n}T23:59:00+08:00`).toISOString(),reason:e}],reclassify:()=>["reclassify",{severity:l,reason:e,...l==="major"?{confirmed:!0}:{}}],refer:()=>["refer",{department:g,note:e}],void:()=>["void",{reason:e}]};return t`<form class="card" aria-labelledby="decide-h"
      onSubmit=${async $=>{$.preventDefault();let[_,c]=j[s]();await m(()=>w(`/hazards/${u.id}/${_}`,c))!==void 0&&(o(""),r())}}>
    <h2 id="decide-h">区民政局决定</h2>
    <label for="decide-kind">决定</label>
    <select id="decide-kind" value=${s} onChange=${$=>a($.target.value)}>
      <option value="extend">整改延期</option>
      <option value="reclassify">重新定级</option>
      <option value="refer">移送其他部门</option>
      <option value="void">${I(u)?"提请作废（记录有误，须另一名工作人员批准）":"作废（记录有误）"}</option>
    </select>
    ${s==="extend"?t`<label for="decide-due">新的整改期限</label>
          <input id="decide-due" type="date" required value=${n} onInput=${$=>i($.target.value)} />`:null}
    ${s==="reclassify"?t`<label for="decide-severity">新的等级</label>
          <select id="decide-severity" value=${l} onChange=${$=>b($.target.value)}>
            ${Object.entries(D).map(([$,_])=>t`<option value=${$}>${_}</option>`)}
          </select>`:null}
    ${s==="refer"?t`<label for="decide-dept">移送至</label>
          <select id="decide-dept" value=${g} onChange=${$=>f($.target.value)}>
            ${Object.entries(C).map(([$,_])=>t`<option value=${$}>${_}</option>`)}
          </select>`:null}
    <label for="decide-reason">${s==="refer"?"移送说明":"理由"}</label>
    <textarea id="decide-reason" required value=${e} onInput=${$=>o($.target.value)}></textarea>
    <${h} error=${p} />
    <button class="primary" disabled=${d||!e.trim()||s==="extend"&&!n}>提交决定</button>
  </form>`}function se({page:u}){let{data:r}=x(async()=>[...new Set((await y("/institutions")).map(n=>n.street))].sort()),[s,a]=v({status:"",severity:"",street:""}),e=new URLSearchParams(Object.entries(s).filter(([,n])=>n)).toString(),o=n=>t`<option value="">${n}</option>${(r||[]).map(i=>t`<option value=${i}>${i}</option>`)}`;return t`<${S} title="报告与台账" ...${u}>
    <${L} streets=${r||[]} />
    <section class="card" aria-labelledby="ledger-h">
      <h2 id="ledger-h">隐患台账导出</h2>
      <label for="ledger-status">状态</label>
      <select id="ledger-status" value=${s.status} onChange=${n=>a({...s,status:n.target.value})}>
        <option value="">全部</option>${Object.entries(O).map(([n,i])=>t`<option value=${n}>${i}</option>`)}
      </select>
      <label for="ledger-severity">等级</label>
      <select id="ledger-severity" value=${s.severity} onChange=${n=>a({...s,severity:n.target.value})}>
        <option value="">全部</option>${Object.entries(D).map(([n,i])=>t`<option value=${n}>${i}</option>`)}
      </select>
      <label for="ledger-street">街镇</label>
      <select id="ledger-street" value=${s.street} onChange=${n=>a({...s,street:n.target.value})}>${o("全区")}</select>
      <div class="pair">
        <${A} path=${`/hazards/export.xlsx${e?`?${e}`:""}`} saveAs="隐患台账.xlsx" label="下载 Excel" />
        <${A} path=${`/hazards/export.csv${e?`?${e}`:""}`} saveAs="隐患台账.csv" label="下载 CSV" />
      </div>
    </section>
  <//>`}export{xe as Screens,Q as institutionNames};
