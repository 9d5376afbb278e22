import{G as f,H as m,L as a,N as b,d as c,e as p}from"./chunk-HWI3JL25.js";var y={open:"待整改",rectifying:"整改中",pending_review:"待复查",cleared:"已销号",voided:"已作废"},v={general:"一般隐患",major:"重大隐患"},x={fire:"消防",food:"食品",gas:"燃气",service:"服务",facilities:"设施设备",management:"安全管理"},_={civil_affairs:"民政",fire:"消防",market_regulation:"市场监管",health:"卫生健康",housing:"住房城乡建设"},E={inspector:"检查员",manager:"机构管理员",bureau:"区民政局",auditor:"审计员",street:"街镇"},g={found:"发现",found_again:"再次发现",fixed_on_site:"当场整改",acknowledged:"签收整改",rectification_submitted:"提交整改",rechecked:"现场复查",review_approved:"复查通过",review_rejected:"复查不通过",deadline_extended:"整改延期",reclassified:"重新定级",voided:"作废",referred:"移送",street_changed:"变更街镇",overdue:"逾期"},U={no_problem:"未发现问题",rectification_ordered:"发现问题已责令改正",pending_action:"待后续处理",unreachable:"无法联系",refused:"不配合检查"},A={draft:"草稿",announced:"已公告",drawn:"已抽取",published:"已公开"},R={acknowledged:"机构管理员",rectification_submitted:"机构管理员",deadline_extended:"主管部门",reclassified:"区民政局",voided:"区民政局",referred:"主管部门"};function $(n){return n?new Date(n).toLocaleDateString("zh-CN",{timeZone:"Asia/Shanghai"}):"—"}function h(n){return n?new Date(n).toLocaleString("zh-CN",{timeZone:"Asia/Shanghai",hour12:!1}).replace(/:\d\d$/,""):"—"}function C(n){return n==null?"—":`${(n*100).toFixed(1)}%`}function O(n,o=[]){let[s,t]=c(null),[d,e]=c(null),[r,u]=c(0);return p(()=>{let l=!0;return e(null),n().then(i=>l&&t(i)).catch(i=>l&&e(i)),()=>{l=!1}},[...o,r]),{data:s,error:d,reload:()=>u(l=>l+1)}}async function B(n,o=2e3){let s=[],t=n.includes("?")?"&":"?";for(let d=1;s.length<o;d++){let e=await m(`${n}${t}page=${d}&page_size=200`);if(s.push(...e),e.length<200)break}return s}function z({title:n,user:o,menu:s,path:t,onLogout:d,back:e,children:r}){p(()=>{document.title=`${n} · 养老机构安全检查`,document.getElementById("main")?.focus()},[n]);let u=l=>{let i=l.slice(1);return i==="/"?t==="/":t===i||t.startsWith(`${i}/`)};return a`<main id="main" tabindex="-1" class="screen office">
    <header class="bar">
      ${e?a`<a class="back" href=${e} aria-label="返回">‹ 返回</a>`:null}
      <h1>${n}</h1>
      <a class="menu" href="#/password">修改密码</a>
      <button class="link" onClick=${d}>退出</button>
    </header>
    <nav class="tabs" aria-label="栏目">
      ${s.map(([l,i])=>a`<a href=${l} aria-current=${u(l)?"page":void 0}>${i}</a>`)}
    </nav>
    <p class="hint">${o.display_name||o.username} · ${E[o.role]||o.role}</p>
    ${r}
  </main>`}function D({hazard:n,href:o,institution:s}){let t=n;return a`<li><a href=${o}>
    <strong>${t.title}</strong>
    <span>${s?`${s} · `:""}<b class=${t.severity==="major"?"major":""}>${v[t.severity]}${t.severity==="major"&&!t.severity_confirmed?"（拟判）":""}</b>
      · ${y[t.status]||t.status} · ${x[t.category]||t.category}</span>
    <span>整改期限 ${$(t.due_at)}${t.overdue?a` <b class="tag bad">已逾期</b>`:null}</span>
  </a></li>`}function k({id:n,alt:o}){let[s,t]=c(null);return p(()=>{let d="";return f("GET",`/photos/${n}/thumbnail`,{raw:!0}).then(e=>e.blob()).then(e=>{d=URL.createObjectURL(e),t(d)}).catch(()=>t("")),()=>d&&URL.revokeObjectURL(d)},[n]),s===""?a`<span class="hint">照片无法显示</span>`:a`<button class="thumb" onClick=${()=>w(`/photos/${n}`)} aria-label=${`查看大图：${o}`}>
    ${s?a`<img src=${s} alt=${o} width="96" height="72" />`:a`<span class="hint">…</span>`}
  </button>`}async function w(n,o){let s=await f("GET",n.replace(/^\/api\/v1/,""),{raw:!0}),t=URL.createObjectURL(await s.blob());if(o){let d=document.createElement("a");d.href=t,d.download=o,document.body.append(d),d.click(),d.remove(),setTimeout(()=>URL.revokeObjectURL(t),6e4)}else window.open(t,"_blank")||(window.location.href=t)}function N({path:n,saveAs:o,label:s,primary:t}){let[d,e]=c(null),[r,u]=c(!1);return a`<div>
    <button class=${t?"primary":""} disabled=${r}
      onClick=${async()=>{u(!0),e(null);try{await w(n,o)}catch(l){e(l)}u(!1)}}>${r?"正在获取…":s}</button>
    <${b} error=${d} />
  </div>`}function P({hazard:n,names:o={},institution:s,me:t}){let d=r=>r.actor_id?r.actor_id===t?"我":o[r.actor_id]||R[r.type]||"检查人员":"系统",e=n;return a`<section class="card" aria-labelledby="facts-h">
      <h2 id="facts-h">${e.title}</h2>
      ${e.title_en?a`<p class="en" lang="en">${e.title_en}</p>`:null}
      <dl class="facts">
        ${s?a`<dt>机构</dt><dd>${s}</dd>`:null}
        <dt>等级</dt><dd class=${e.severity==="major"?"major":""}>${v[e.severity]}${e.severity==="major"&&!e.severity_confirmed?"（拟判重大，待区民政局确认）":""}</dd>
        <dt>状态</dt><dd>${y[e.status]||e.status}${e.overdue?a` <b class="tag bad">已逾期</b>`:null}</dd>
        <dt>类别</dt><dd>${x[e.category]||e.category}${e.item_code?` · ${e.item_code}`:""}</dd>
        <dt>发现</dt><dd>${h(e.found_at)}${e.department?` · ${_[e.department]}`:""}</dd>
        <dt>整改期限</dt><dd>${$(e.due_at)}</dd>
        ${e.cleared_at?a`<dt>销号</dt><dd>${h(e.cleared_at)}</dd>`:null}
        ${e.referred_to?a`<dt>已移送</dt><dd>${_[e.referred_to]}</dd>`:null}
      </dl>
      ${e.description?a`<p>${e.description}</p>`:null}
    </section>
    <section class="card" aria-labelledby="events-h">
      <h2 id="events-h">全过程记录（${e.events.length}）</h2>
      <ol class="timeline">
        ${e.events.map(r=>a`<li>
            <strong>${g[r.type]||r.type}</strong>
            <span>${h(r.at)} · ${d(r)}</span>
            ${r.note?a`<p>${r.note}</p>`:null}
            ${r.data?.planned_finish?a`<p>计划完成：${$(r.data.planned_finish)}</p>`:null}
            ${r.data?.previous_due_at?a`<p>原整改期限：${$(r.data.previous_due_at)}</p>`:null}
            ${r.type==="rechecked"&&r.data?.result?a`<p>${r.data.result==="rectified"?"已整改":"未整改"}</p>`:null}
            ${(r.photo_ids||[]).length?a`<ul class="thumbs">${r.photo_ids.map((u,l)=>a`<li><${k} id=${u} alt=${`${g[r.type]||r.type}照片 ${l+1}`} /></li>`)}</ul>`:null}
          </li>`)}
      </ol>
    </section>`}function F(){let[n,o]=c(!1),[s,t]=c(null);async function d(e){o(!0),t(null);try{return await e()}catch(r){t(r);return}finally{o(!1)}}return{busy:n,error:s,run:d,setError:t}}export{y as a,v as b,x as c,_ as d,E as e,U as f,A as g,$ as h,h as i,C as j,O as k,B as l,z as m,D as n,N as o,P as p,F as q};
