import{a as A,c as N,d as U,e as H,f as M}from"./chunk-QUSFDJKS.js";import{c as B}from"./chunk-TUN2YV4G.js";import{a as V,b as G,d as K}from"./chunk-PPOCEXR5.js";import{a as T}from"./chunk-OAPLHD2B.js";import{a as F,b as L}from"./chunk-4A2MEX5Z.js";import{a as O,b as R,d as C,e as D,k as x,l as g,m as S,n as q,o as P,p as k,q as z}from"./chunk-XS5FYZ7B.js";import{E,F as I,H as _,J as t,L as y,d as f}from"./chunk-D4QLBAZS.js";var X=["civil_affairs","fire","market_regulation","health"],Y=Object.entries(D);function J({page:u}){let[r,s]=f(""),{data:i,error:e,reload:o}=x(async()=>{let[a,d]=await Promise.all([g(`/users${r?`?role=${r}`:""}`),g("/institutions")]);return{users:a,institutions:d}},[r]),n=Object.fromEntries((i?.institutions||[]).map(a=>[a.id,a.name]));return t`<${S} title="用户管理" ...${u}>
    <${Z} institutions=${i?.institutions||[]} done=${o} />
    <label for="users-role">角色</label>
    <select id="users-role" value=${r} onChange=${a=>s(a.target.value)}>
      <option value="">全部</option>${Y.map(([a,d])=>t`<option value=${a}>${d}</option>`)}
    </select>
    <${y} error=${e} />
    ${i?t`<ul class="list">${i.users.map(a=>t`<${ee} user=${a} homes=${n} institutions=${i.institutions} done=${o} />`)}</ul>`:e?null:t`<p class="empty">正在加载…</p>`}
  <//>`}function Z({institutions:u,done:r}){let s={username:"",display_name:"",password:"",role:"inspector",department:"civil_affairs",institution_id:"",enforcement_cert_no:"",street:""},i=[...new Set(u.map($=>$.street))].sort(),[e,o]=f(s),[n,a]=f(null),{busy:d,error:v,run:b}=z(),m=$=>l=>o({...e,[$]:l.target.value});return t`<details class="card"><summary>新建用户</summary>
    <form onSubmit=${async $=>{$.preventDefault(),a(null);let l={username:e.username,display_name:e.display_name,password:e.password,role:e.role};e.role==="inspector"&&(l.department=e.department),e.role==="manager"&&(l.institution_id=Number(e.institution_id)),e.role==="street"&&(l.street=e.street),["inspector","street"].includes(e.role)&&e.enforcement_cert_no.trim()&&(l.enforcement_cert_no=e.enforcement_cert_no.trim());let w=await b(()=>_("/users",l));w&&(a(w),o(s),r())}}>
      <label for="nu-username">用户名</label><input id="nu-username" required autocomplete="off" value=${e.username} onInput=${m("username")} />
      <label for="nu-name">姓名</label><input id="nu-name" required value=${e.display_name} onInput=${m("display_name")} />
      <label for="nu-password">初始密码（至少 12 个字符）</label><input id="nu-password" type="password" autocomplete="new-password" required value=${e.password} onInput=${m("password")} />
      <label for="nu-role">角色</label>
      <select id="nu-role" value=${e.role} onChange=${m("role")}>
        ${Y.map(([$,l])=>t`<option value=${$}>${l}</option>`)}
      </select>
      ${e.role==="inspector"?t`<label for="nu-dept">部门</label>
            <select id="nu-dept" value=${e.department} onChange=${m("department")}>${X.map($=>t`<option value=${$}>${C[$]}</option>`)}</select>
            <label for="nu-cert">执法证号（可不填）</label><input id="nu-cert" value=${e.enforcement_cert_no} onInput=${m("enforcement_cert_no")} />`:null}
      ${e.role==="street"?t`<label for="nu-street">所属街镇</label>
            <select id="nu-street" required value=${e.street} onChange=${m("street")}>
              <option value="">请选择</option>${i.map($=>t`<option value=${$}>${$}</option>`)}
            </select>
            <label for="nu-cert-street">执法证号（可不填）</label><input id="nu-cert-street" value=${e.enforcement_cert_no} onInput=${m("enforcement_cert_no")} />`:null}
      ${e.role==="manager"?t`<label for="nu-home">所属机构</label>
            <select id="nu-home" required value=${e.institution_id} onChange=${m("institution_id")}>
              <option value="">请选择</option>${u.map($=>t`<option value=${$.id}>${$.name}</option>`)}
            </select>`:null}
      <${y} error=${v} />
      <button class="primary" disabled=${d}>创建用户</button>
      ${n?t`<p class="ok" role="status">已创建：${n.display_name}（${n.username}）</p>`:null}
    </form>
  </details>`}function ee({user:u,homes:r,institutions:s,done:i}){let e=u,[o,n]=f(e.enforcement_cert_no||""),[a,d]=f(""),[v,b]=f({institution_id:"",reason:""}),[m,$]=f(""),{busy:l,error:w,run:j}=z(),c=async(p,W)=>{$(""),await j(p)!==void 0&&($(W),i())},h=e.role==="manager"?r[e.institution_id]||"":e.role==="street"?e.street||"":e.department?C[e.department]:"";return t`<li><details class="row">
    <summary><span><strong>${e.display_name||e.username}</strong> ${e.username} · ${D[e.role]||e.role}${h?` · ${h}`:""}${e.enforcement_cert_no?" · 持执法证":""}${e.active===!1?" · 已停用":""}</span></summary>
    <${y} error=${w} />
    ${m?t`<p class="ok" role="status">${m}</p>`:null}
    ${e.role==="inspector"||e.role==="bureau"||e.role==="street"?t`<form onSubmit=${p=>{p.preventDefault(),c(()=>E("PATCH",`/users/${e.id}`,{json:{enforcement_cert_no:o.trim()||null}}),"执法证号已保存")}}>
          <label for=${`cert-${e.id}`}>执法证号</label>
          <input id=${`cert-${e.id}`} value=${o} onInput=${p=>n(p.target.value)} />
          <button disabled=${l}>保存执法证号</button>
        </form>`:null}
    ${e.role==="inspector"?t`<form onSubmit=${p=>{p.preventDefault(),c(()=>_(`/users/${e.id}/conflicts`,{institution_id:Number(v.institution_id),reason:v.reason}),"回避关系已登记")}}>
          <label for=${`conflict-${e.id}`}>登记回避的机构</label>
          <select id=${`conflict-${e.id}`} required value=${v.institution_id} onChange=${p=>b({...v,institution_id:p.target.value})}>
            <option value="">请选择</option>${s.map(p=>t`<option value=${p.id}>${p.name}</option>`)}
          </select>
          <label for=${`conflict-reason-${e.id}`}>回避理由</label>
          <input id=${`conflict-reason-${e.id}`} required value=${v.reason} onInput=${p=>b({...v,reason:p.target.value})} />
          <button disabled=${l}>登记回避</button>
        </form>`:null}
    <form onSubmit=${p=>{p.preventDefault(),c(()=>_(`/users/${e.id}/password`,{new_password:a}),"密码已重置；该用户下次登录须先修改密码"),d("")}}>
      <label for=${`reset-${e.id}`}>重置密码（临时密码）</label>
      <input id=${`reset-${e.id}`} type="password" autocomplete="new-password" required value=${a} onInput=${p=>d(p.target.value)} />
      <button disabled=${l}>重置密码</button>
    </form>
    <button disabled=${l} onClick=${()=>c(()=>E("PATCH",`/users/${e.id}`,{json:{active:e.active===!1}}),e.active===!1?"已启用":"已停用")}>
      ${e.active===!1?"启用账号":"停用账号"}</button>
  </details></li>`}var te=[["#/","动态清零"],["#/awaiting","待办"],["#/plans","双随机"],["#/reports","报告"],["#/users","用户"],["#/notifications","通知"]];function xe(u){let{path:r,go:s}=u,i={...u,menu:te},e=r.match(/^\/h\/([0-9a-f-]{36})$/),o=r.match(/^\/plans\/(\d+)$/);return e?t`<${ne} page=${i} id=${e[1]} />`:r==="/awaiting"?t`<${re} page=${i} />`:r==="/plans/new"?t`<${G} page=${i} go=${s} />`:o?t`<${K} page=${i} id=${Number(o[1])} />`:r==="/plans"?t`<${V} page=${i} />`:r==="/reports"?t`<${se} page=${i} />`:r==="/users"?t`<${J} page=${i} />`:r==="/notifications"?t`<${T} page=${i} />`:t`<${F} page=${i} />`}async function Q(){let u=await g("/institutions");return Object.fromEntries(u.map(r=>[r.id,r.name]))}function re({page:u}){let{data:r,error:s}=x(async()=>{let[e,o,...n]=await Promise.all([g("/hazards?severity=major"),Q(),g("/hazards?status=open"),g("/hazards?status=rectifying"),g("/hazards?status=pending_review")]),a=n.flat(),d=a.filter(l=>l.status==="pending_review"&&l.severity==="major"),v=e.filter(l=>!l.severity_confirmed&&["open","rectifying","pending_review"].includes(l.status)),b=e.filter(l=>l.overdue),m=a.filter(l=>l.extension_requested_at),$=a.filter(l=>l.void_proposed_by_id);return{review:d,proposed:v,overdue:b,names:o,extensions:m,voids:$,rules:A(a[0]||e[0])}}),i=({id:e,title:o,rows:n,empty:a})=>t`<section aria-labelledby=${e}>
    <h2 id=${e}>${o}（${r?n.length:"…"}）</h2>
    ${n.length?t`<ul class="list">${n.map(d=>t`<${q} hazard=${d} href=${`#/h/${d.id}`} institution=${r?.names[d.institution_id]} />`)}</ul>`:t`<p class="empty">${r?a:"正在加载…"}</p>`}
  </section>`;return t`<${S} title="待区民政局处理" ...${u}>
    <${y} error=${s} />
    <${i} id="review-h" title="重大隐患待复查" rows=${r?.review||[]} empty="没有待复查的重大隐患。" />
    <${i} id="proposed-h" title="拟判重大隐患待确认" rows=${r?.proposed||[]} empty="没有待确认的拟判重大隐患。" />
    ${r?.rules?t`<${i} id="extensions-h" title="延期申请待决定" rows=${r.extensions} empty="没有待决定的延期申请。" />
          <${i} id="voids-h" title="作废待批准" rows=${r.voids} empty="没有待批准的作废。" />`:null}
    <${i} id="overdue-h" title="逾期的重大隐患" rows=${r?.overdue||[]} empty="没有逾期的重大隐患。" />
  <//>`}function ne({page:u,id:r}){let{data:s,error:i,reload:e}=x(async()=>{let[a,d,v]=await Promise.all([I(`/hazards/${r}`),g("/users"),Q()]);return{hazard:a,people:Object.fromEntries(d.map(b=>[b.id,b.display_name||b.username])),names:v}},[r]),o=s?.hazard,n=o&&["open","rectifying","pending_review"].includes(o.status);return t`<${S} title="隐患详情" back="#/awaiting" ...${u}>
    <${y} error=${i} />
    ${o?t`${o.status==="pending_review"?t`<${B} hazard=${o} done=${e} />`:null}
          ${n&&o.severity==="major"&&!o.severity_confirmed?t`<${oe} hazard=${o} done=${e} />`:null}
          ${n?t`<${N} hazard=${o} done=${e} />`:null}
          ${n?t`<${U} hazard=${o} me=${u.user.id} names=${s.people} done=${e} />`:null}
          <${k} hazard=${o} names=${s.people} institution=${s.names[o.institution_id]} me=${u.user.id} />
          <${M} hazard=${o} />
          ${n?t`<${ae} hazard=${o} done=${e} />`:null}
          <${H} hazard=${o} done=${e} />`:i?null:t`<p class="empty">正在加载…</p>`}
  <//>`}function oe({hazard:u,done:r}){let[s,i]=f(""),{busy:e,error:o,run:n}=z(),a=async d=>{await n(()=>_(`/hazards/${u.id}/reclassify`,{...d,reason:s}))!==void 0&&r()};return t`<section class="card warn" aria-labelledby="confirm-h">
    <h2 id="confirm-h">拟判重大事故隐患：请确认</h2>
    <label for="confirm-reason">理由</label>
    <textarea id="confirm-reason" value=${s} onInput=${d=>i(d.target.value)}></textarea>
    <${y} error=${o} />
    <div class="pair">
      <button class="primary" disabled=${e||!s.trim()} onClick=${()=>a({severity:"major",confirmed:!0})}>确认为重大隐患</button>
      <button disabled=${e||!s.trim()} onClick=${()=>a({severity:"general"})}>改为一般隐患</button>
    </div>
  </section>`}function ae({hazard:u,done:r}){let[s,i]=f("extend"),[e,o]=f(""),[n,a]=f(""),[d,v]=f(u.severity==="major"?"general":"major"),[b,m]=f("housing"),{busy:$,error:l,run:w}=z(),j={extend:()=>["extend",{due_at:new Date(`${n}T23:59:00+08:00`).toISOString(),reason:e}],reclassify:()=>["reclassify",{severity:d,reason:e,...d==="major"?{confirmed:!0}:{}}],refer:()=>["refer",{department:b,note:e}],void:()=>["void",{reason:e}]};return t`<form class="card" aria-labelledby="decide-h"
      onSubmit=${async c=>{c.preventDefault();let[h,p]=j[s]();await w(()=>_(`/hazards/${u.id}/${h}`,p))!==void 0&&(o(""),r())}}>
    <h2 id="decide-h">区民政局决定</h2>
    <label for="decide-kind">决定</label>
    <select id="decide-kind" value=${s} onChange=${c=>i(c.target.value)}>
      <option value="extend">整改延期</option>
      <option value="reclassify">重新定级</option>
      <option value="refer">移送其他部门</option>
      <option value="void">${A(u)?"提请作废（记录有误，须另一名工作人员批准）":"作废（记录有误）"}</option>
    </select>
    ${s==="extend"?t`<label for="decide-due">新的整改期限</label>
          <input id="decide-due" type="date" required value=${n} onInput=${c=>a(c.target.value)} />`:null}
    ${s==="reclassify"?t`<label for="decide-severity">新的等级</label>
          <select id="decide-severity" value=${d} onChange=${c=>v(c.target.value)}>
            ${Object.entries(R).map(([c,h])=>t`<option value=${c}>${h}</option>`)}
          </select>`:null}
    ${s==="refer"?t`<label for="decide-dept">移送至</label>
          <select id="decide-dept" value=${b} onChange=${c=>m(c.target.value)}>
            ${Object.entries(C).map(([c,h])=>t`<option value=${c}>${h}</option>`)}
          </select>`:null}
    <label for="decide-reason">${s==="refer"?"移送说明":"理由"}</label>
    <textarea id="decide-reason" required value=${e} onInput=${c=>o(c.target.value)}></textarea>
    <${y} error=${l} />
    <button class="primary" disabled=${$||!e.trim()||s==="extend"&&!n}>提交决定</button>
  </form>`}function se({page:u}){let{data:r}=x(async()=>[...new Set((await g("/institutions")).map(n=>n.street))].sort()),[s,i]=f({status:"",severity:"",street:""}),e=new URLSearchParams(Object.entries(s).filter(([,n])=>n)).toString(),o=n=>t`<option value="">${n}</option>${(r||[]).map(a=>t`<option value=${a}>${a}</option>`)}`;return t`<${S} title="报告与台账" ...${u}>
    <${L} streets=${r||[]} />
    <section class="card" aria-labelledby="ledger-h">
      <h2 id="ledger-h">隐患台账导出</h2>
      <label for="ledger-status">状态</label>
      <select id="ledger-status" value=${s.status} onChange=${n=>i({...s,status:n.target.value})}>
        <option value="">全部</option>${Object.entries(O).map(([n,a])=>t`<option value=${n}>${a}</option>`)}
      </select>
      <label for="ledger-severity">等级</label>
      <select id="ledger-severity" value=${s.severity} onChange=${n=>i({...s,severity:n.target.value})}>
        <option value="">全部</option>${Object.entries(R).map(([n,a])=>t`<option value=${n}>${a}</option>`)}
      </select>
      <label for="ledger-street">街镇</label>
      <select id="ledger-street" value=${s.street} onChange=${n=>i({...s,street:n.target.value})}>${o("全区")}</select>
      <div class="pair">
        <${P} path=${`/hazards/export.xlsx${e?`?${e}`:""}`} saveAs="隐患台账.xlsx" label="下载 Excel" />
        <${P} path=${`/hazards/export.csv${e?`?${e}`:""}`} saveAs="隐患台账.csv" label="下载 CSV" />
      </div>
    </section>
  <//>`}export{xe as Screens,Q as institutionNames};
