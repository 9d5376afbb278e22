import{a as C,b as j,d as g,g as v,j as O}from"./chunk-DIHLF2CS.js";import{b as T,f as L}from"./chunk-ERBMD42Z.js";import{a as N}from"./chunk-OW6YZP72.js";import{h as R,k as b,l as k,m as y,n as z,o as U,p as F,q}from"./chunk-ESIZFJUU.js";import{A as P,H as x,J as B,L as e,N as p,d as $,e as I,f as D,y as E,z as H}from"./chunk-HWI3JL25.js";var G=[["#/","隐患"],["#/notifications","通知"],["#/documents","文书"]],M=new Set(["open","rectifying","pending_review"]);function dt(o){let{path:r}=o,t={...o,menu:G},a=r.match(/^\/h\/([0-9a-f-]{36})$/);return a?e`<${K} page=${t} id=${a[1]} />`:r==="/notifications"?e`<${N} page=${t} />`:r==="/documents"?e`<${et} page=${t} />`:e`<${J} page=${t} />`}function J({page:o}){let{data:r,error:t}=b(()=>k("/hazards")),a=r||[],n=a.filter(i=>M.has(i.status)).sort((i,u)=>i.due_at.localeCompare(u.due_at)),c=a.filter(i=>!M.has(i.status)).sort((i,u)=>u.found_at.localeCompare(i.found_at)),s=n.filter(i=>i.overdue).length;return e`<${y} title="本机构隐患" ...${o}>
    <${p} error=${t} />
    <p class="lead">待处理 ${r?n.length:"…"} 项${s?e`，其中 <b class="tag bad">${s} 项已逾期</b>`:""}</p>
    <section aria-labelledby="live-h">
      <h2 id="live-h">待整改与待复查（期限最近的在前）</h2>
      ${n.length?e`<ul class="list">${n.map(i=>e`<${z} hazard=${i} href=${`#/h/${i.id}`} />`)}</ul>`:e`<p class="empty">${r?"没有待处理的隐患。":"正在加载…"}</p>`}
    </section>
    ${c.length?e`<section aria-labelledby="closed-h"><h2 id="closed-h">已销号与已作废</h2>
          <ul class="list compact">${c.slice(0,50).map(i=>e`<${z} hazard=${i} href=${`#/h/${i.id}`} />`)}</ul></section>`:null}
  <//>`}function K({page:o,id:r}){let{data:t,error:a,reload:n}=b(()=>x(`/hazards/${r}`),[r]);return e`<${y} title="隐患详情" back="#/" ...${o}>
    <${p} error=${a} />
    ${t?e`${t.status==="open"?e`<${Q} hazard=${t} done=${n} />`:null}
          ${t.status==="open"||t.status==="rectifying"?e`<${Z} hazard=${t} user=${o.user} done=${n} />`:null}
          ${t.status==="pending_review"?e`<p class="card ok">整改已提交，等待复查。</p>`:null}
          ${t.status==="open"||t.status==="rectifying"?e`<${T} hazard=${t} done=${n} />`:null}
          <${F} hazard=${t} me=${o.user.id} />
          <${L} hazard=${t} />`:a?null:e`<p class="empty">正在加载…</p>`}
  <//>`}function Q({hazard:o,done:r}){let[t,a]=$(""),[n,c]=$(""),{busy:s,error:i,run:u}=q();return e`<form class="card" aria-labelledby="ack-h"
      onSubmit=${async d=>{d.preventDefault(),await u(()=>B(`/hazards/${o.id}/acknowledge`,{plan:t,...n?{planned_finish:n}:{}}))&&r()}}>
    <h2 id="ack-h">签收并填写整改计划</h2>
    <label for="ack-plan">整改计划</label>
    <textarea id="ack-plan" required value=${t} onInput=${d=>a(d.target.value)}></textarea>
    <label for="ack-finish">计划完成日期（可不填）</label>
    <input id="ack-finish" type="date" value=${n} onInput=${d=>c(d.target.value)} />
    <${p} error=${i} />
    <button class="primary" disabled=${s||!t.trim()}>${s?"正在提交…":"签收整改"}</button>
  </form>`}var X=o=>`hazard:${o}`;j("rectification",{async sent(o){for(let r of await P(o.group))await H(r.localId)}});async function Y(o){if(!crypto.subtle)return null;let r=await crypto.subtle.digest("SHA-256",await o.arrayBuffer());return Array.from(new Uint8Array(r),t=>t.toString(16).padStart(2,"0")).join("")}function Z({hazard:o,user:r,done:t}){let a=X(o.id),[n,c]=$(""),[s,i]=$([]),[u,d]=$(g(a).length),{busy:w,error:V,run:W}=q(),f=D(u);return I(()=>C(()=>{let l=g(a).length;f.current>0&&l===0&&t(),f.current=l,d(l)}),[a]),u?e`<section class="card" aria-labelledby="fix-h"><h2 id="fix-h">整改结果待发送</h2><${O} group=${a} /></section>`:e`<form class="card" aria-labelledby="fix-h"
      onSubmit=${async l=>{l.preventDefault(),await W(async()=>{let S=[];for(let h of s){let _=new Blob([await h.arrayBuffer()],{type:h.type||"image/jpeg"}),m=crypto.getRandomValues(new Uint32Array(4)).join("-"),A=await Y(_);await E({localId:m,inspectionId:a,key:"rectification",blob:_,name:h.name||"photo.jpg",photoId:null,added:Date.now(),...A?{sha256:A}:{}}),await v({owner:r.id,group:a,key:`photo:${m}`,kind:"upload",label:`整改照片 ${h.name}`,photo:m}),S.push({$photo:m})}await v({owner:r.id,group:a,key:`rectification:${o.id}`,kind:"request",label:`${o.title}：整改结果`,method:"POST",path:`/hazards/${o.id}/rectification`,body:{description:n,photo_ids:S},tag:"rectification"}),f.current=g(a).length,d(f.current)})}}>
    <h2 id="fix-h">提交整改结果</h2>
    <label for="fix-text">整改情况说明</label>
    <textarea id="fix-text" required value=${n} onInput=${l=>c(l.target.value)}></textarea>
    <label for="fix-photos">整改后照片（至少一张）</label>
    <input id="fix-photos" type="file" accept="image/*" multiple
      onChange=${l=>i([...l.target.files])} />
    ${s.length?e`<p class="hint">已选 ${s.length} 张照片</p>`:null}
    <${p} error=${V} />
    <button class="primary" disabled=${w||!n.trim()||!s.length}>${w?"正在保存…":"提交整改"}</button>
    ${s.length?null:e`<p class="hint">请先拍照或选择照片。</p>`}
  </form>`}var tt={record:"现场检查记录",notice:"责令限期整改通知书",opinion:"整改复查意见书",referral:"移送函",change:"隐患等级变更通知书"};function et({page:o}){let{data:r,error:t}=b(async()=>{let a=(await k("/inspections?status=submitted")).sort((n,c)=>(c.submitted_at||"").localeCompare(n.submitted_at||""));return Promise.all(a.slice(0,30).map(n=>x(`/inspections/${n.id}`)))});return e`<${y} title="收到的文书" ...${o}>
    <${p} error=${t} />
    ${r&&r.length?e`<ul class="list">${r.map(a=>e`<li><div>
            <strong>${R(a.submitted_at)} 检查</strong>
            <span>发现隐患 ${(a.hazard_ids||[]).length} 项</span>
            ${a.documents.map(n=>e`<${U} path=${n.url} label=${`${tt[n.kind]||n.kind}（${n.number}）`} />`)}
          </div></li>`)}</ul>`:e`<p class="empty">${r?"还没有收到文书。":"正在加载…"}</p>`}
  <//>`}export{dt as Screens};
