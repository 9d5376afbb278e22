import{b as W}from"./chunk-RZZQ436M.js";import{a as Z,b as G,d as K}from"./chunk-QPDDZTZR.js";import{a as H}from"./chunk-HXU6JE5O.js";import{a as B,b as q,d as M,e as O,j as P,k as C,l as w,m as A,n as L,o as E,p as U,q as k}from"./chunk-ZQ23V6WH.js";import{d as g,l as R,m as z,o as S,p as t,r as _}from"./chunk-LROS67LR.js";var I=340,D=180,y={left:32,right:8,top:12,bottom:28};function V(n){let o=Math.max(1,n);for(let i of[1,2,5,10,20,50,100,200,500,1e3])if(o<=i*5)return Math.ceil(o/i)*i;return o}function Y({max:n}){let o=[0,n/2,n],i=a=>y.top+(D-y.top-y.bottom)*(1-a/n);return t`${o.map(a=>t`<g>
      <line x1=${y.left} x2=${I-y.right} y1=${i(a)} y2=${i(a)} class="grid" />
      <text x=${y.left-4} y=${i(a)+4} text-anchor="end" class="tick">${Number.isInteger(a)?a:""}</text>
    </g>`)}`}function J({points:n,title:o}){let i=V(Math.max(0,...n.map(u=>u.value))),a=I-y.left-y.right,e=u=>y.left+(n.length>1?a*u/(n.length-1):a/2),s=u=>y.top+(D-y.top-y.bottom)*(1-u/i),c=n.map((u,d)=>`${d?"L":"M"}${e(d).toFixed(1)},${s(u.value).toFixed(1)}`).join(" "),$=n[n.length-1],p=`${o}：${n.length?`${n[0].label}为 ${n[0].value} 项，${$.label}为 ${$.value} 项，最多 ${Math.max(...n.map(u=>u.value))} 项`:"暂无数据"}`;return t`<figure class="chart">
    <figcaption>${o}</figcaption>
    <svg viewBox=${`0 0 ${I} ${D}`} role="img" aria-label=${p}>
      <${Y} max=${i} />
      <path d=${c} class="line major-line" />
      ${n.map((u,d)=>d%5===0||d===n.length-1?t`<text x=${e(d)} y=${D-8} text-anchor="middle" class="tick">${u.label.replace(/^\d+月/,"")}</text>`:null)}
    </svg>
    <${X} head=${["日期","在办重大隐患"]} rows=${n.map(u=>[u.label,u.value])} />
  </figure>`}function Q({months:n,title:o}){let i=V(Math.max(0,...n.flatMap(d=>[d.found||0,d.cleared||0]))),e=(I-y.left-y.right)/Math.max(1,n.length),s=Math.max(2,e/2-2),c=d=>y.top+(D-y.top-y.bottom)*(1-d/i),$=D-y.bottom,p=d=>n.reduce((l,f)=>l+(f[d]||0),0),u=`${o}：十二个月共发现 ${p("found")} 项，销号 ${p("cleared")} 项`;return t`<figure class="chart">
    <figcaption>${o}</figcaption>
    <svg viewBox=${`0 0 ${I} ${D}`} role="img" aria-label=${u}>
      <${Y} max=${i} />
      ${n.map((d,l)=>{let f=y.left+e*l+1;return t`<g>
          <rect x=${f} y=${c(d.found||0)} width=${s} height=${$-c(d.found||0)} class="found" />
          <rect x=${f+s+1} y=${c(d.cleared||0)} width=${s} height=${$-c(d.cleared||0)} class="cleared" />
          ${l%2===0||l===n.length-1?t`<text x=${f+s} y=${D-8} text-anchor="middle" class="tick">${d.label.slice(5)}</text>`:null}
        </g>`})}
    </svg>
    <p class="legend"><span class="key found"></span>发现 <span class="key cleared"></span>销号</p>
    <${X} head=${["月份","发现","销号"]} rows=${n.map(d=>[d.label,d.found??"—",d.cleared??"—"])} />
  </figure>`}function X({head:n,rows:o}){return t`<details><summary>查看数据</summary>
    <table class="table"><thead><tr>${n.map(i=>t`<th scope="col">${i}</th>`)}</tr></thead>
      <tbody>${o.map(i=>t`<tr>${i.map(a=>t`<td>${a}</td>`)}</tr>`)}</tbody></table>
  </details>`}function ee(n,o){let i="Asia/Shanghai",a=new Intl.DateTimeFormat("en-CA",{timeZone:i,year:"numeric",month:"2-digit",day:"2-digit"}).format(o).split("-").map(Number),[e,s,c]=a,$=n.filter(u=>u.status!=="voided"&&u.severity_confirmed!==!1),p=[];for(let u=1;u<=c;u++){let d=Date.UTC(e,s-1,u,16,0,0),l=Math.min(d,o.getTime()),f=$.filter(v=>Date.parse(v.found_at)<l&&!(v.cleared_at&&Date.parse(v.cleared_at)<l)).length;p.push({label:`${s}月${u}日`,value:f})}return p}function re(n){let[o,i]=new Intl.DateTimeFormat("en-CA",{timeZone:"Asia/Shanghai",year:"numeric",month:"2-digit"}).format(n).split("-").map(Number),a=[];for(let e=11;e>=0;e--){let s=o*12+(i-1)-e;a.push(`${Math.floor(s/12)}-${String(s%12+1).padStart(2,"0")}`)}return a}function te({page:n,street:o}){var x;let[i,a]=g(""),e=o||i,s=e?`street=${encodeURIComponent(e)}`:"",{data:c,error:$}=C(()=>z(`/clearance${s?`?${s}`:""}`),[e]),{data:p,error:u}=C(async()=>{let r=new Date,h=re(r),[N,ne]=await Promise.all([w(`/hazards?severity=major${s?`&${s}`:""}`),Promise.all(h.slice(0,-1).map(T=>z(`/clearance?month=${T}${s?`&${s}`:""}`).then(F=>({label:T,found:F.totals.found_this_month,cleared:F.totals.cleared_this_month}),()=>({label:T,found:null,cleared:null}))))]);return{daily:ee(N,r),months:ne,current:h[h.length-1]}},[e]),{data:d}=C(async()=>o?[]:[...new Set((await w("/institutions")).map(r=>r.street))].sort()),l=c?.totals,f=c?.institutions||[],v={};for(let r of f){let h=v[x=r.street]||(v[x]={institutions:0,cleared:0,open_major:0,open_general:0,overdue:0,awaiting:0});h.institutions+=1,h.cleared+=r.cleared?1:0,h.open_major+=r.open_major,h.open_general+=r.open_general,h.overdue+=r.overdue,h.awaiting+=r.awaiting_review}let j=f.filter(r=>!r.cleared||r.overdue).sort((r,h)=>h.open_major-r.open_major||h.overdue-r.overdue),b=p?[...p.months,{label:p.current,found:l?l.found_this_month:null,cleared:l?l.cleared_this_month:null}]:[],m=l?[["在办重大隐患",l.open_major,l.open_major?"bad":"good"],["拟判重大待确认",l.proposed_major],["在办一般隐患",l.open_general],["逾期未整改",l.overdue,l.overdue?"bad":"good"],["待复查",l.awaiting_review],["本月发现",l.found_this_month],["本月销号",l.cleared_this_month],["清零机构",`${l.institutions_cleared} / ${l.institutions}`],["清零率",P(l.clearance_rate)],["整改率（本年）",P(l.rectification_rate)],["按期整改率",P(l.on_time_rate)],["检查覆盖率",P(l.coverage)]]:[];return t`<${A} title=${o?`${o}动态清零`:"动态清零"} ...${n}>
    ${o?null:t`<label for="board-street">街镇</label>
          <select id="board-street" value=${i} onChange=${r=>a(r.target.value)}>
            <option value="">全区</option>${(d||[]).map(r=>t`<option value=${r}>${r}</option>`)}
          </select>`}
    <${_} error=${$||u} />
    ${c?t`<p class=${c.on_target?"lead ok":"lead bad-text"} role="status">
            ${c.on_target?"✓ 已实现动态清零（无在办重大隐患、无逾期）":"✗ 尚未清零"} · 截至 ${new Date(c.as_of).toLocaleString("zh-CN",{timeZone:"Asia/Shanghai",hour12:!1})}
          </p>
          <ul class="tiles" aria-label="主要数字">
            ${m.map(([r,h,N])=>t`<li class=${N||""}><span>${r}</span><strong data-figure=${r}>${h}</strong></li>`)}
          </ul>`:$?null:t`<p class="empty">正在加载…</p>`}
    ${p?t`<div class="charts">
          <${J} title="本月每日末在办重大隐患" points=${p.daily} />
          <${Q} title="近十二个月发现与销号" months=${b} />
        </div>`:u?null:t`<p class="empty">正在加载图表…</p>`}
    ${!o&&Object.keys(v).length?t`<section aria-labelledby="streets-h"><h2 id="streets-h">各街镇</h2>
          <div class="scroll"><table class="table">
            <thead><tr><th scope="col">街镇</th><th scope="col">机构</th><th scope="col">已清零</th><th scope="col">重大</th><th scope="col">一般</th><th scope="col">逾期</th><th scope="col">待复查</th></tr></thead>
            <tbody>${Object.entries(v).sort(([r],[h])=>r.localeCompare(h,"zh-CN")).map(([r,h])=>t`<tr><th scope="row"><button class="link" onClick=${()=>a(r)}>${r}</button></th>
                  <td>${h.institutions}</td><td>${h.cleared}</td><td class=${h.open_major?"bad-text":""}>${h.open_major}</td>
                  <td>${h.open_general}</td><td class=${h.overdue?"bad-text":""}>${h.overdue}</td><td>${h.awaiting}</td></tr>`)}</tbody>
          </table></div></section>`:null}
    ${c?t`<section aria-labelledby="homes-h"><h2 id="homes-h">未清零或有逾期的机构（${j.length}）</h2>
          ${j.length?t`<ul class="list compact">${j.slice(0,100).map(r=>t`<li><div><strong>${r.name}</strong>
                  <span>${r.street} · 重大 ${r.open_major}${r.proposed_major?`（拟判 ${r.proposed_major}）`:""} · 一般 ${r.open_general} · 逾期 ${r.overdue}</span></div></li>`)}</ul>`:t`<p class="empty">全部机构已清零。</p>`}</section>`:null}
  <//>`}var se=["civil_affairs","fire","market_regulation","health"];function ae({page:n}){let[o,i]=g(""),{data:a,error:e,reload:s}=C(async()=>{let[$,p]=await Promise.all([w(`/users${o?`?role=${o}`:""}`),w("/institutions")]);return{users:$,institutions:p}},[o]),c=Object.fromEntries((a?.institutions||[]).map($=>[$.id,$.name]));return t`<${A} title="用户管理" ...${n}>
    <${le} institutions=${a?.institutions||[]} done=${s} />
    <label for="users-role">角色</label>
    <select id="users-role" value=${o} onChange=${$=>i($.target.value)}>
      <option value="">全部</option>${Object.entries(O).filter(([$])=>$!=="street").map(([$,p])=>t`<option value=${$}>${p}</option>`)}
    </select>
    <${_} error=${e} />
    ${a?t`<ul class="list">${a.users.map($=>t`<${ie} user=${$} homes=${c} institutions=${a.institutions} done=${s} />`)}</ul>`:e?null:t`<p class="empty">正在加载…</p>`}
  <//>`}function le({institutions:n,done:o}){let i={username:"",display_name:"",password:"",role:"inspector",department:"civil_affairs",institution_id:"",enforcement_cert_no:""},[a,e]=g(i),[s,c]=g(null),{busy:$,error:p,run:u}=k(),d=l=>f=>e({...a,[l]:f.target.value});return t`<details class="card"><summary>新建用户</summary>
    <form onSubmit=${async l=>{l.preventDefault(),c(null);let f={username:a.username,display_name:a.display_name,password:a.password,role:a.role};a.role==="inspector"&&(f.department=a.department),a.role==="manager"&&(f.institution_id=Number(a.institution_id)),a.role==="inspector"&&a.enforcement_cert_no.trim()&&(f.enforcement_cert_no=a.enforcement_cert_no.trim());let v=await u(()=>S("/users",f));v&&(c(v),e(i),o())}}>
      <label for="nu-username">用户名</label><input id="nu-username" required autocomplete="off" value=${a.username} onInput=${d("username")} />
      <label for="nu-name">姓名</label><input id="nu-name" required value=${a.display_name} onInput=${d("display_name")} />
      <label for="nu-password">初始密码（至少 12 个字符）</label><input id="nu-password" type="password" autocomplete="new-password" required value=${a.password} onInput=${d("password")} />
      <label for="nu-role">角色</label>
      <select id="nu-role" value=${a.role} onChange=${d("role")}>
        ${Object.entries(O).filter(([l])=>l!=="street").map(([l,f])=>t`<option value=${l}>${f}</option>`)}
      </select>
      ${a.role==="inspector"?t`<label for="nu-dept">部门</label>
            <select id="nu-dept" value=${a.department} onChange=${d("department")}>${se.map(l=>t`<option value=${l}>${M[l]}</option>`)}</select>
            <label for="nu-cert">执法证号（可不填）</label><input id="nu-cert" value=${a.enforcement_cert_no} onInput=${d("enforcement_cert_no")} />`:null}
      ${a.role==="manager"?t`<label for="nu-home">所属机构</label>
            <select id="nu-home" required value=${a.institution_id} onChange=${d("institution_id")}>
              <option value="">请选择</option>${n.map(l=>t`<option value=${l.id}>${l.name}</option>`)}
            </select>`:null}
      <${_} error=${p} />
      <button class="primary" disabled=${$}>创建用户</button>
      ${s?t`<p class="ok" role="status">已创建：${s.display_name}（${s.username}）</p>`:null}
    </form>
  </details>`}function ie({user:n,homes:o,institutions:i,done:a}){let e=n,[s,c]=g(e.enforcement_cert_no||""),[$,p]=g(""),[u,d]=g({institution_id:"",reason:""}),[l,f]=g(""),{busy:v,error:j,run:b}=k(),m=async(r,h)=>{f(""),await b(r)!==void 0&&(f(h),a())},x=e.role==="manager"?o[e.institution_id]||"":e.department?M[e.department]:"";return t`<li><details class="row">
    <summary><span><strong>${e.display_name||e.username}</strong> ${e.username} · ${O[e.role]||e.role}${x?` · ${x}`:""}${e.enforcement_cert_no?" · 持执法证":""}${e.active===!1?" · 已停用":""}</span></summary>
    <${_} error=${j} />
    ${l?t`<p class="ok" role="status">${l}</p>`:null}
    ${e.role==="inspector"||e.role==="bureau"?t`<form onSubmit=${r=>{r.preventDefault(),m(()=>R("PATCH",`/users/${e.id}`,{json:{enforcement_cert_no:s.trim()||null}}),"执法证号已保存")}}>
          <label for=${`cert-${e.id}`}>执法证号</label>
          <input id=${`cert-${e.id}`} value=${s} onInput=${r=>c(r.target.value)} />
          <button disabled=${v}>保存执法证号</button>
        </form>`:null}
    ${e.role==="inspector"?t`<form onSubmit=${r=>{r.preventDefault(),m(()=>S(`/users/${e.id}/conflicts`,{institution_id:Number(u.institution_id),reason:u.reason}),"回避关系已登记")}}>
          <label for=${`conflict-${e.id}`}>登记回避的机构</label>
          <select id=${`conflict-${e.id}`} required value=${u.institution_id} onChange=${r=>d({...u,institution_id:r.target.value})}>
            <option value="">请选择</option>${i.map(r=>t`<option value=${r.id}>${r.name}</option>`)}
          </select>
          <label for=${`conflict-reason-${e.id}`}>回避理由</label>
          <input id=${`conflict-reason-${e.id}`} required value=${u.reason} onInput=${r=>d({...u,reason:r.target.value})} />
          <button disabled=${v}>登记回避</button>
        </form>`:null}
    <form onSubmit=${r=>{r.preventDefault(),m(()=>S(`/users/${e.id}/password`,{new_password:$}),"密码已重置；该用户下次登录须先修改密码"),p("")}}>
      <label for=${`reset-${e.id}`}>重置密码（临时密码）</label>
      <input id=${`reset-${e.id}`} type="password" autocomplete="new-password" required value=${$} onInput=${r=>p(r.target.value)} />
      <button disabled=${v}>重置密码</button>
    </form>
    <button disabled=${v} onClick=${()=>m(()=>R("PATCH",`/users/${e.id}`,{json:{active:e.active===!1}}),e.active===!1?"已启用":"已停用")}>
      ${e.active===!1?"启用账号":"停用账号"}</button>
  </details></li>`}var ce=[["#/","动态清零"],["#/awaiting","待办"],["#/plans","双随机"],["#/reports","报告"],["#/users","用户"],["#/notifications","通知"]];function Re(n){let{path:o,go:i}=n,a={...n,menu:ce},e=o.match(/^\/h\/([0-9a-f-]{36})$/),s=o.match(/^\/plans\/(\d+)$/);return e?t`<${de} page=${a} id=${e[1]} />`:o==="/awaiting"?t`<${ue} page=${a} />`:o==="/plans/new"?t`<${G} page=${a} go=${i} />`:s?t`<${K} page=${a} id=${Number(s[1])} />`:o==="/plans"?t`<${Z} page=${a} />`:o==="/reports"?t`<${fe} page=${a} />`:o==="/users"?t`<${ae} page=${a} />`:o==="/notifications"?t`<${H} page=${a} />`:t`<${te} page=${a} />`}async function oe(){let n=await w("/institutions");return Object.fromEntries(n.map(o=>[o.id,o.name]))}function ue({page:n}){let{data:o,error:i}=C(async()=>{let[e,s,c]=await Promise.all([w("/hazards?status=pending_review&severity=major"),w("/hazards?severity=major"),oe()]),$=s.filter(u=>!u.severity_confirmed&&["open","rectifying","pending_review"].includes(u.status)),p=s.filter(u=>u.overdue);return{review:e,proposed:$,overdue:p,names:c}}),a=({id:e,title:s,rows:c,empty:$})=>t`<section aria-labelledby=${e}>
    <h2 id=${e}>${s}（${o?c.length:"…"}）</h2>
    ${c.length?t`<ul class="list">${c.map(p=>t`<${L} hazard=${p} href=${`#/h/${p.id}`} institution=${o?.names[p.institution_id]} />`)}</ul>`:t`<p class="empty">${o?$:"正在加载…"}</p>`}
  </section>`;return t`<${A} title="待区民政局处理" ...${n}>
    <${_} error=${i} />
    <${a} id="review-h" title="重大隐患待复查" rows=${o?.review||[]} empty="没有待复查的重大隐患。" />
    <${a} id="proposed-h" title="拟判重大隐患待确认" rows=${o?.proposed||[]} empty="没有待确认的拟判重大隐患。" />
    <${a} id="overdue-h" title="逾期的重大隐患" rows=${o?.overdue||[]} empty="没有逾期的重大隐患。" />
  <//>`}function de({page:n,id:o}){let{data:i,error:a,reload:e}=C(async()=>{let[$,p,u]=await Promise.all([z(`/hazards/${o}`),w("/users"),oe()]);return{hazard:$,people:Object.fromEntries(p.map(d=>[d.id,d.display_name||d.username])),names:u}},[o]),s=i?.hazard,c=s&&["open","rectifying","pending_review"].includes(s.status);return t`<${A} title="隐患详情" back="#/awaiting" ...${n}>
    <${_} error=${a} />
    ${s?t`${s.status==="pending_review"?t`<${W} hazard=${s} done=${e} />`:null}
          ${c&&s.severity==="major"&&!s.severity_confirmed?t`<${$e} hazard=${s} done=${e} />`:null}
          <${U} hazard=${s} names=${i.people} institution=${i.names[s.institution_id]} />
          ${c?t`<${pe} hazard=${s} done=${e} />`:null}`:a?null:t`<p class="empty">正在加载…</p>`}
  <//>`}function $e({hazard:n,done:o}){let[i,a]=g(""),{busy:e,error:s,run:c}=k(),$=async p=>{await c(()=>S(`/hazards/${n.id}/reclassify`,{...p,reason:i}))!==void 0&&o()};return t`<section class="card warn" aria-labelledby="confirm-h">
    <h2 id="confirm-h">拟判重大事故隐患：请确认</h2>
    <label for="confirm-reason">理由</label>
    <textarea id="confirm-reason" value=${i} onInput=${p=>a(p.target.value)}></textarea>
    <${_} error=${s} />
    <div class="pair">
      <button class="primary" disabled=${e||!i.trim()} onClick=${()=>$({severity:"major",confirmed:!0})}>确认为重大隐患</button>
      <button disabled=${e||!i.trim()} onClick=${()=>$({severity:"general"})}>改为一般隐患</button>
    </div>
  </section>`}function pe({hazard:n,done:o}){let[i,a]=g("extend"),[e,s]=g(""),[c,$]=g(""),[p,u]=g(n.severity==="major"?"general":"major"),[d,l]=g("housing"),{busy:f,error:v,run:j}=k(),b={extend:()=>["extend",{due_at:new Date(`${c}T23:59:00+08:00`).toISOString(),reason:e}],reclassify:()=>["reclassify",{severity:p,reason:e,...p==="major"?{confirmed:!0}:{}}],refer:()=>["refer",{department:d,note:e}],void:()=>["void",{reason:e}]};return t`<form class="card" aria-labelledby="decide-h"
      onSubmit=${async m=>{m.preventDefault();let[x,r]=b[i]();await j(()=>S(`/hazards/${n.id}/${x}`,r))!==void 0&&(s(""),o())}}>
    <h2 id="decide-h">区民政局决定</h2>
    <label for="decide-kind">决定</label>
    <select id="decide-kind" value=${i} onChange=${m=>a(m.target.value)}>
      <option value="extend">整改延期</option>
      <option value="reclassify">重新定级</option>
      <option value="refer">移送其他部门</option>
      <option value="void">作废（记录有误）</option>
    </select>
    ${i==="extend"?t`<label for="decide-due">新的整改期限</label>
          <input id="decide-due" type="date" required value=${c} onInput=${m=>$(m.target.value)} />`:null}
    ${i==="reclassify"?t`<label for="decide-severity">新的等级</label>
          <select id="decide-severity" value=${p} onChange=${m=>u(m.target.value)}>
            ${Object.entries(q).map(([m,x])=>t`<option value=${m}>${x}</option>`)}
          </select>`:null}
    ${i==="refer"?t`<label for="decide-dept">移送至</label>
          <select id="decide-dept" value=${d} onChange=${m=>l(m.target.value)}>
            ${Object.entries(M).map(([m,x])=>t`<option value=${m}>${x}</option>`)}
          </select>`:null}
    <label for="decide-reason">${i==="refer"?"移送说明":"理由"}</label>
    <textarea id="decide-reason" required value=${e} onInput=${m=>s(m.target.value)}></textarea>
    <${_} error=${v} />
    <button class="primary" disabled=${f||!e.trim()||i==="extend"&&!c}>提交决定</button>
  </form>`}function me(){let[n,o]=new Intl.DateTimeFormat("en-CA",{timeZone:"Asia/Shanghai",year:"numeric",month:"2-digit"}).format(new Date).split("-").map(Number);return o===1?`${n-1}-12`:`${n}-${String(o-1).padStart(2,"0")}`}function fe({page:n}){let{data:o}=C(async()=>[...new Set((await w("/institutions")).map(b=>b.street))].sort()),[i,a]=g(me()),[e,s]=g(""),[c,$]=g(null),{busy:p,error:u,run:d}=k(),[l,f]=g({status:"",severity:"",street:""}),v=new URLSearchParams(Object.entries(l).filter(([,b])=>b)).toString(),j=b=>t`<option value="">${b}</option>${(o||[]).map(m=>t`<option value=${m}>${m}</option>`)}`;return t`<${A} title="报告与台账" ...${n}>
    <form class="card" aria-labelledby="monthly-h"
      onSubmit=${async b=>{b.preventDefault(),$(null);let m=await d(()=>S("/reports/monthly",{month:i,...e?{street:e}:{}}));m&&$(m)}}>
      <h2 id="monthly-h">月度隐患报告</h2>
      <label for="report-month">月份</label>
      <input id="report-month" type="month" required value=${i} onInput=${b=>{$(null),a(b.target.value)}} />
      <label for="report-street">街镇</label>
      <select id="report-street" value=${e} onChange=${b=>{$(null),s(b.target.value)}}>${j("全区")}</select>
      <${_} error=${u} />
      <button class="primary" disabled=${p}>${p?"正在生成…":"生成报告"}</button>
      ${c?t`<div class="row" role="status">
            <strong>${c.month} ${c.street||"全区"} 月度报告已生成</strong>
            <span>${c.pages} 页 · ${Math.ceil(c.size/1024)} KB · SHA-256 <code>${c.sha256.slice(0,16)}…</code></span>
            <${E} path=${c.url} saveAs=${`月度隐患报告-${c.month}${c.street?`-${c.street}`:""}.pdf`} label="下载 PDF" />
          </div>`:null}
    </form>
    <section class="card" aria-labelledby="ledger-h">
      <h2 id="ledger-h">隐患台账导出</h2>
      <label for="ledger-status">状态</label>
      <select id="ledger-status" value=${l.status} onChange=${b=>f({...l,status:b.target.value})}>
        <option value="">全部</option>${Object.entries(B).map(([b,m])=>t`<option value=${b}>${m}</option>`)}
      </select>
      <label for="ledger-severity">等级</label>
      <select id="ledger-severity" value=${l.severity} onChange=${b=>f({...l,severity:b.target.value})}>
        <option value="">全部</option>${Object.entries(q).map(([b,m])=>t`<option value=${b}>${m}</option>`)}
      </select>
      <label for="ledger-street">街镇</label>
      <select id="ledger-street" value=${l.street} onChange=${b=>f({...l,street:b.target.value})}>${j("全区")}</select>
      <div class="pair">
        <${E} path=${`/hazards/export.xlsx${v?`?${v}`:""}`} saveAs="隐患台账.xlsx" label="下载 Excel" />
        <${E} path=${`/hazards/export.csv${v?`?${v}`:""}`} saveAs="隐患台账.csv" label="下载 CSV" />
      </div>
    </section>
  <//>`}export{Re as Screens,oe as institutionNames};
