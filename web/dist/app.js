import{a as ze,b as W,c as ee,e as Te,f as Re,g as A,h as $e,i as Ue,j as He,k as Me}from"./chunks/chunk-DIHLF2CS.js";import{A as Ae,B as Le,C as me,D as he,F as N,G as T,H as j,J as Z,K as V,L as n,M as C,N as I,O as te,P as Ne,Q as G,R as F,S as Fe,c as Se,d as g,e as q,f as X,g as U,j as qe,k as Ie,m as Pe,n as Ce,o as pe,s as Oe,t as de,u as je,v as Y,w as z,x as De,y as Be,z as fe}from"./chunks/chunk-HWI3JL25.js";var se=["kitchen","gas","lpg","medical","meals_delivered"],Ke={kitchen:"自办食堂（厨房）",gas:"使用管道燃气",lpg:"使用液化石油气钢瓶",medical:"内设医疗机构",meals_delivered:"外送餐食"};function Ve(e,t){return e==null?!0:Array.isArray(e.any_of)?e.any_of.some(s=>Ve(s,t)):Object.entries(e).every(([s,r])=>!!t[s]===r)}var O=(e,t)=>`${e}:${t}`;function Q(e,t){let s=[];for(let r of e)for(let i of r.sections)for(let m of i.items)Ve(m.applies_if,t)&&s.push({checklist:r.key,item:m});return s}function re(e,t){return(e.choices||[]).find(s=>s.value===t)}function be(e,t){if(e.answer_type==="choice"){let s=re(e,t);return s?s.passes===!1?"fail":"pass":void 0}if(e.answer_type==="number"&&typeof t=="number"&&e.pass_range){let{min:s,max:r}=e.pass_range;return s!=null&&t<s||r!=null&&t>r?"fail":"pass"}}function ge(e,t){return re(e,t)?.severity||e.severity}function we(e,t,s){if(!t||!t.result)return[];let r=[];return t.result==="pass"&&be(e,t.value)==="fail"&&r.push(e.answer_type==="number"?"数值超出合格范围，不能判为合格":"所选情形属于不合格，不能判为合格"),t.result==="fail"&&e.photo_required_on_fail&&s===0&&r.push("不合格须拍照留证"),t.result==="fail"&&t.fixed_on_site&&(ge(e,t.value)==="major"?r.push("重大隐患不能当场整改"):s===0&&r.push("当场整改须拍照留证")),r}function ne(e,t,s,r){let i=Q(e,t),m=[],o=[];for(let w of i){let c=O(w.checklist,w.item.code),h=s[c];if(!h||!h.result){m.push(w);continue}let k=we(w.item,h,r[c]||0);k.length&&o.push({...w,problems:k})}return{total:i.length,answered:i.length-m.length,missing:m,problems:o}}function We(e,t,s,r){let i={checklist:e,item_code:t,result:s.result};return s.value!==void 0&&s.value!==""&&(i.value=s.value),s.note&&(i.note=s.note),r.length&&(i.photo_ids=r),s.result==="fail"&&s.fixed_on_site&&(i.fixed_on_site=!0),i}var d=null,ye=new Set;function Xe(e){return ye.add(e),()=>ye.delete(e)}function D(){d&&(d={...d});for(let e of ye)e()}var B=()=>d;async function oe(e,t){if(t){let r=await me(`${e}@${t}`);if(r)return r.doc}let s=t?void 0:await me(e);try{let r=await T("GET",t?`/checklists/${e}/versions/${t}`:`/checklists/${e}`,{raw:!0,headers:s?.etag?{"If-None-Match":s.etag}:{}});if(r.status===304&&s)return s.doc;let i=await r.json();return await he({key:`${e}@${i.version}`,doc:i}),t||await he({key:e,doc:i,etag:r.headers.get("ETag")}),i}catch(r){if(s&&r instanceof U&&r.status===0)return s.doc;throw r}}async function _e(e){if(d?.draft.id===e)return d;let t=await Y(e);if(!t)return null;for(let i of d?.urls.values()||[])URL.revokeObjectURL(i);let s=await Ae(e),r=await Promise.all(t.checklists.map(i=>oe(i,t.versions?.[i])));return d={draft:t,photos:s,checklists:r,error:null,urls:new Map},D(),await xt(t,s).catch(H),d}async function ke(e,t){let s=await Y(e);if(s)return s;let r=await j(`/inspections/${e}`),i=await j(`/institutions/${r.institution_id}`),m={id:e,owner:t,institution:i,checklists:r.checklists.map(o=>o.key),versions:Object.fromEntries(r.checklists.map(o=>[o.key,o.version])),kind:r.kind,started_at:r.started_at,features_confirmed:r.features_confirmed,assignees:r.officers.filter(o=>o.id!==t).map(o=>({id:o.id,display_name:o.display_name,certified:o.certified})),present_person_name:r.present_person_name,present_person_position:r.present_person_position,answers:Object.fromEntries(r.answers.map(o=>[O(o.checklist,o.item_code),{result:o.result,value:o.value??void 0,note:o.note||"",fixed_on_site:o.fixed_on_site}])),serverPhotos:Object.fromEntries(r.answers.map(o=>[O(o.checklist,o.item_code),o.photo_ids||[]])),dirty:[],created:!0,status:r.status,hazard_ids:r.hazard_ids||[]};return await z(m),m}async function Ye(e){return await z(e),e}function H(e){d&&!Ce(e)&&(d.error=e),D()}async function R(e){!d||d.draft.status!=="draft"||(d.draft={...d.draft,...e},e.checklists&&(d.checklists=await Promise.all(e.checklists.map(t=>oe(t)))),D(),await ve(d.draft).catch(H))}function ve(e){return A({owner:e.owner,group:e.id,key:`inspection:${e.id}`,kind:"request",label:`${e.institution.name}：检查基本信息`,method:"PUT",path:`/inspections/${e.id}`,body:Et(e),tag:"inspection"},[{store:"drafts",value:e}])}function J(e,t,s){let[r,i]=s.split(":"),m=[...e.serverPhotos?.[s]||[],...t.filter(o=>o.key===s).map(o=>({$photo:o.localId}))];return{owner:e.owner,group:e.id,key:`answer:${e.id}:${s}`,kind:"request",label:`${e.institution.name}：${i}`,method:"PUT",path:`/inspections/${e.id}/answers`,body:[We(r,i,e.answers[s],m)],tag:"answer"}}async function M(e,t){if(!d||d.draft.status!=="draft")return;let s=d.draft;d.draft={...s,answers:{...s.answers,[e]:{...s.answers[e],...t}}},D();let r=d.draft;try{r.answers[e]?.result?await A(J(r,d.photos,e),[{store:"drafts",value:r}]):await z(r)}catch(i){H(i)}}async function Ze(){if(!d){pe();return}let e=d.draft;try{if(e.status==="draft"){await ve(e);for(let t of Object.keys(e.answers))e.answers[t]?.result&&await A(J(e,d.photos,t))}else await z(e);pe(),d.error=null,D()}catch(t){H(t)}}async function Ge(e){let t=await e.arrayBuffer();if(!crypto.subtle)return null;let s=await crypto.subtle.digest("SHA-256",t);return Array.from(new Uint8Array(s),r=>r.toString(16).padStart(2,"0")).join("")}async function kt(e,t){if(e.size!==t.size)return!1;let[s,r]=await Promise.all([e.arrayBuffer(),t.arrayBuffer()]),i=new Uint8Array(s),m=new Uint8Array(r);return i.every((o,w)=>o===m[w])}var Qe=Promise.resolve();function et(e,t){let s=Qe.then(()=>vt(e,t));return Qe=s.catch(()=>{}),s}async function vt(e,t){if(!d||d.draft.status!=="draft")return;let s=d.draft.id,r=new Blob([await t.arrayBuffer()],{type:t.type||"image/jpeg"}),i=await Ge(r),m={localId:crypto.getRandomValues(new Uint32Array(4)).join("-"),inspectionId:s,key:e,blob:r,name:t.name||"photo.jpg",photoId:null,added:Date.now(),sha256:i||void 0};try{await Be(m);let w=await Le(m.localId);if(!(w&&(i?await Ge(w.blob)===i:await kt(w.blob,r))))throw await fe(m.localId),new Error("照片未能完整保存在手机上，请重拍 / The photo was not stored intact, take it again")}catch(w){H(w);return}if(d?.draft.id!==s)return;d.photos=[...d.photos,m],D();let o=d.draft;try{await A([tt(o,m),...o.answers[e]?.result?[J(o,d.photos,e)]:[]],[{store:"drafts",value:o}])}catch(w){H(w)}}function tt(e,t){return{owner:e.owner,group:e.id,key:`photo:${t.localId}`,kind:"upload",tag:"photo",label:`${e.institution.name}：照片 ${t.name}`,photo:t.localId}}async function st(e){!d||d.draft.status!=="draft"||(await fe(e.localId),await $e(t=>t.key===`photo:${e.localId}`),d.photos=d.photos.filter(t=>t.localId!==e.localId),await M(e.key,{}))}function rt(e){if(!d)return"";let t=d.urls.get(e.localId);return t||(t=URL.createObjectURL(e.blob),d.urls.set(e.localId,t)),t}function ie(e){return d?d.photos.filter(s=>s.key===e).length+(d.draft.serverPhotos?.[e]?.length||0):0}async function xt(e,t){let s=new Set((await Te(e.id)).map(r=>r.key));e.status==="draft"&&e.created===!1&&!s.has(`inspection:${e.id}`)&&await ve({...e,created:void 0});for(let r of t.filter(i=>!i.photoId&&!s.has(`photo:${i.localId}`))){let i=e.answers[r.key]?.result;await A([tt(e,r),...i?[J(e,t,r.key)]:[]])}for(let r of e.dirty||[])e.answers[r]?.result&&await A(J(e,t,r));e.dirty?.length&&await z({...e,dirty:[]})}function Et(e){let t={institution_id:e.institution.id,checklists:e.checklists,kind:e.kind,started_at:e.started_at};return e.features_confirmed&&(t.features_confirmed=e.features_confirmed),e.assignees.length&&(t.assignee_ids=e.assignees.map(s=>s.id)),e.present_person_name!=null&&(t.present_person_name=e.present_person_name),e.present_person_position!=null&&(t.present_person_position=e.present_person_position),t}async function nt(){d&&(d.draft={...d.draft,status:"sending",submitError:null},D(),await A({owner:d.draft.owner,group:d.draft.id,key:`submit:${d.draft.id}`,kind:"request",label:`${d.draft.institution.name}：提交检查`,method:"POST",path:`/inspections/${d.draft.id}/submit`,body:{},tag:"submit"},[{store:"drafts",value:d.draft}]))}async function ae(e,t){let s=d?.draft.id===e?d.draft:await Y(e);if(!s)return;let r=t(s);await z(r),d?.draft.id===e&&(d.draft=r,D())}W("inspection",{async sent(e,t){let s=Object.fromEntries(t.checklists.map(r=>[r.key,r.version]));await ae(e.group,r=>({...r,created:!0,versions:s,serverMissing:t.missing}))}});W("photo",{sent(e,t){!d||d.draft.id!==e.group||(d.photos=d.photos.map(s=>s.localId===e.photo?{...s,photoId:t?.id||s.photoId}:s),D())}});W("answer",{async sent(e,t){await ae(e.group,s=>({...s,serverMissing:t.missing}))}});W("submit",{async sent(e,t){await ae(e.group,s=>({...s,status:"submitted",hazard_ids:t.hazard_ids||[]}))},async blocked(e){await $e(t=>t.seq===e.seq),await ae(e.group,t=>({...t,status:"draft",submitError:e.blocked}))}});ze(D);var at=e=>j(`/inspections/${e}`);var St=[["pass","合格","✓"],["fail","不合格","✗"],["na","不适用","—"]];function ot(e){let t=e.pass_range;if(!t)return"";let s=e.unit||"";return t.min!=null&&t.max!=null?`合格范围 ${t.min}–${t.max} ${s}`:t.min!=null?`合格：不低于 ${t.min} ${s}`:`合格：不高于 ${t.max} ${s}`}function K(){let e=B();return e?n`<${He} group=${e.draft.id} />`:null}function it({id:e,index:t}){let s=B();if(!s)return null;let{draft:r,checklists:i}=s,m={...r.institution.features,...r.features_confirmed||{}},o=Q(i,m),w=Object.fromEntries(o.map(u=>[O(u.checklist,u.item.code),ie(O(u.checklist,u.item.code))])),c=ne(i,m,r.answers,w),h=Math.max(0,Math.min(t,o.length-1)),k=o[h];if(!k)return n`<main id="main" tabindex="-1" class="screen"><p>没有适用的检查项。</p></main>`;let{item:f}=k,$=O(k.checklist,f.code),l=r.answers[$]||{},p=s.photos.filter(u=>u.key===$),E=r.serverPhotos?.[$]?.length||0,x=we(f,l,p.length+E),a=i.find(u=>u.key===k.checklist),_=c.missing.find(u=>o.indexOf(u)>h)||c.missing[0],y=u=>{let S=be(f,u);M($,S&&l.result!=="na"?{value:u,result:S}:{value:u})},b=null;f.answer_type==="choice"?b=n`<fieldset class="choices"><legend>实际情形</legend>
      ${(f.choices||[]).map(u=>n`<label class="choice">
          <input type="radio" name=${`v-${$}`} value=${u.value} checked=${l.value===u.value}
            onChange=${()=>y(u.value)} />
          <span>${u.label.zh}${u.passes===!1?"（不合格）":""}</span>
        </label>`)}
    </fieldset>`:f.answer_type==="number"?b=n`<label for=${`v-${$}`}>测量值${f.unit?`（${f.unit}）`:""}</label>
      <${F} id=${`v-${$}`} type="number" inputmode="decimal" step="any"
        value=${typeof l.value=="number"?String(l.value):""}
        onCommit=${u=>y(u===""?void 0:Number(u))} />
      ${ot(f)?n`<p class="hint">${ot(f)}</p>`:null}`:f.answer_type==="yes_no"?b=n`<fieldset class="choices two"><legend>现场情况</legend>
      ${[[!0,"是"],[!1,"否"]].map(([u,S])=>n`<label class="choice">
          <input type="radio" name=${`v-${$}`} checked=${l.value===u} onChange=${()=>y(u)} />
          <span>${S}</span>
        </label>`)}
    </fieldset>`:b=n`<label for=${`v-${$}`}>记录</label>
      <${F} id=${`v-${$}`} value=${typeof l.value=="string"?l.value:""}
        onCommit=${u=>y(u)} />`;let v=l.result==="fail"?ge(f,l.value):f.severity;return n`<main id="main" tabindex="-1" class="screen item-screen">
    <${C} title=${r.institution.name} back=${`#/i/${e}/setup`} />
    <div class="status">
      <${te} done=${c.answered} total=${c.total} />
      <p><span>已答 ${c.answered}/${c.total}</span>
        ${c.missing.length?n` · <a href=${`#/i/${e}/review`}>尚缺 ${c.missing.length} 项</a>`:n` · <a href=${`#/i/${e}/review`}>全部答完，去提交</a>`}
      </p>
      <${K} />
    </div>
    <${I} error=${s.error} />
    ${r.status!=="draft"?n`<p class="card warn" role="note">本检查已提交${r.status==="sending"?"（等待发送）":""}，不能再修改。</p>`:null}
    <article class="card item" aria-labelledby="prompt">
      <p class="meta">${a?.title.zh} · ${f.code} · 第 ${h+1}/${o.length} 项
        ${f.severity==="major"||re(f,l.value)?.severity==="major"?n` · <strong class="major">可能为重大隐患</strong>`:null}</p>
      <h2 id="prompt">${f.prompt.zh}</h2>
      ${f.prompt.en?n`<p class="en">${f.prompt.en}</p>`:null}
      <details><summary>检查要点与依据</summary><p>${f.guidance.zh}</p><p class="basis">依据：${f.basis}</p></details>
      ${b}
      <fieldset class="results"><legend>结论</legend>
        ${St.map(([u,S,P])=>n`<label class=${`result ${u}`}>
            <input type="radio" name=${`r-${$}`} value=${u} checked=${l.result===u}
              onChange=${()=>M($,{result:u})} />
            <span><b aria-hidden="true">${P}</b> ${S}</span>
          </label>`)}
      </fieldset>
      ${l.result==="fail"?n`<p class="hint">${v==="major"?"将作为重大隐患上报":"将作为一般隐患，限期整改"}${f.photo_required_on_fail?"；须拍照":""}</p>
          ${v!=="major"?n`<label class="check"><input type="checkbox" checked=${!!l.fixed_on_site}
                onChange=${u=>M($,{fixed_on_site:u.target.checked})} />
                <span>当场整改（须拍照）</span></label>`:null}`:null}
      <label for=${`note-${$}`}>备注</label>
      <textarea id=${`note-${$}`} rows="3" value=${l.note||""}
        onInput=${u=>M($,{note:u.target.value})}></textarea>
      <div class="photos">
        <p>照片：${p.length+E} 张</p>
        <ul class="thumbs">${p.map((u,S)=>n`<li>
            <img src=${rt(u)} alt=${`${f.code} 照片 ${S+1}`} />
            <span class="tag">${u.photoId?"已上传":"待上传"}</span>
            <button class="link" onClick=${()=>st(u)} aria-label=${`删除照片 ${S+1}`}>删除</button>
          </li>`)}</ul>
        <label class="button camera">
          拍照 / 选照片
          <input class="visually-hidden" type="file" accept="image/*" capture="environment"
            onChange=${async u=>{for(let S of Array.from(u.target.files))await et($,S);u.target.value=""}} />
        </label>
      </div>
      <div role="alert">${x.length?n`<ul class="problems">${x.map(u=>n`<li>⚠ ${u}</li>`)}</ul>`:null}</div>
    </article>
    <nav class="pager" aria-label="翻页">
      <a class=${`button ${h===0?"disabled":""}`} href=${`#/i/${e}/item/${Math.max(0,h-1)}`} aria-disabled=${h===0}>上一项</a>
      ${h<o.length-1?n`<a class="button primary" href=${`#/i/${e}/item/${h+1}`}>下一项</a>`:n`<a class="button primary" href=${`#/i/${e}/review`}>检查并提交</a>`}
    </nav>
    ${_&&o.indexOf(_)!==h?n`<p class="center"><a href=${`#/i/${e}/item/${o.indexOf(_)}`}>跳到下一个未答项（${_.item.code}）</a></p>`:null}
  </main>`}function lt({id:e,me:t,go:s}){let r=B(),[i,m]=g(null),[o,w]=g(!1);if(!r)return null;let{draft:c,checklists:h}=r;if(c.status!=="draft")return s(`#/i/${e}/done`),null;let k={...c.institution.features,...c.features_confirmed||{}},f=Q(h,k),$=Object.fromEntries(f.map(b=>[O(b.checklist,b.item.code),ie(O(b.checklist,b.item.code))])),l=ne(h,k,c.answers,$),p=(t.enforcement_cert_no?1:0)+c.assignees.filter(b=>b.certified).length,E=!!(c.present_person_name?.trim()&&c.present_person_position?.trim()),x=f.filter(b=>c.answers[O(b.checklist,b.item.code)]?.result==="fail"),a=l.missing.length+l.problems.length+(p<2?1:0)+(E?0:1),_=b=>`#/i/${e}/item/${f.indexOf(b)}`;async function y(){w(!0),m(null);try{await nt(),s(`#/i/${e}/done`)}catch(b){m(b)}finally{w(!1)}}return n`<main id="main" tabindex="-1" class="screen">
    <${C} title="检查并提交" back=${`#/i/${e}/item/0`} />
    <div class="status">
      <${te} done=${l.answered} total=${l.total} />
      <p>已答 ${l.answered}/${l.total} 项，不合格 ${x.length} 项</p>
      <${K} />
    </div>
    ${p<2?n`<section class="card warn"><h2>还需第二名持证检查人员</h2>
          <p>提交前须有两名持执法证的检查人员。<a href=${`#/i/${e}/setup`}>去添加</a></p></section>`:null}
    ${E?null:n`<section class="card warn"><h2>还需填写在场人员</h2>
          <p>现场检查记录须写明被检查单位在场人员的姓名和职务。<a href=${`#/i/${e}/setup`}>去填写</a></p></section>`}
    ${l.missing.length?n`<section class="card" aria-labelledby="missing-h"><h2 id="missing-h">尚未作答（${l.missing.length} 项）</h2>
          <ul class="list compact">${l.missing.map(b=>n`<li><a href=${_(b)}>${b.item.code} ${b.item.prompt.zh}</a></li>`)}</ul></section>`:null}
    ${l.problems.length?n`<section class="card" aria-labelledby="problems-h"><h2 id="problems-h">需要修改（${l.problems.length} 项）</h2>
          <ul class="list compact">${l.problems.map(b=>n`<li><a href=${_(b)}>${b.item.code}：${b.problems.join("；")}</a></li>`)}</ul></section>`:null}
    ${x.length?n`<section class="card" aria-labelledby="failed-h"><h2 id="failed-h">不合格项（提交后生成隐患）</h2>
          <ul class="list compact">${x.map(b=>n`<li><a href=${_(b)}>${b.item.code} ${b.item.prompt.zh}</a></li>`)}</ul></section>`:null}
    ${c.submitError?n`<section class="card warn" aria-labelledby="refused-h"><h2 id="refused-h">服务器未接受提交</h2>
          <p>数据仍保存在手机上。请按下面的提示修改，然后再次提交。</p>
          <${I} error=${new U(c.submitError.status,c.submitError.body)} /></section>`:null}
    <${I} error=${i||r.error} />
    <button class="primary" disabled=${o||a>0} onClick=${y}>
      ${o?"正在提交…":a?`还有 ${a} 处待处理`:"提交检查"}
    </button>
  </main>`}function ct({id:e}){let t=B(),[s,r]=g(null),[i,m]=g([]),[o,w]=g(null),c=t?.draft.status;if(q(()=>{c==="submitted"&&at(e).then(async f=>{r(f);let $=f.hazard_ids||[];m(await Promise.all($.map(l=>T("GET",`/hazards/${l}`))))}).catch(w)},[e,c]),c==="draft")return location.hash=`#/i/${e}/review`,null;if(c==="sending")return n`<main id="main" tabindex="-1" class="screen">
      <${C} title="已提交到手机" back="#/" />
      <p class="lead">${t?.draft.institution.name||""}：检查已在手机上提交，等待发送到服务器。</p>
      <p>联网后会自动依次发送照片、各项结论和提交；发送完成后这里会显示发现的隐患和文书。不要退出登录。</p>
      <${K} />
      <a class="button primary" href="#/">回到今日任务</a>
    </main>`;async function h(f){try{let $=await T("GET",f.url.replace(/^\/api\/v1/,""),{raw:!0}),l=URL.createObjectURL(await $.blob());window.open(l,"_blank")||(window.location.href=l)}catch($){w($)}}let k={record:"现场检查记录",notice:"责令限期整改通知书",opinion:"整改复查意见书",referral:"移送函",change:"隐患等级变更通知书"};return n`<main id="main" tabindex="-1" class="screen">
    <${C} title="已提交" back="#/" />
    <p class="lead">${t?.draft.institution.name||""}：检查已提交。</p>
    <${I} error=${o} />
    <section class="card" aria-labelledby="hazards-h">
      <h2 id="hazards-h">发现的隐患（${s?(s.hazard_ids||[]).length:"…"}）</h2>
      ${i.length?n`<ul class="list compact">${i.map(f=>n`<li><div><strong>${f.title}</strong>
              <span>${f.severity==="major"?"重大隐患":"一般隐患"}${f.fixed_on_site?" · 当场整改":""} · 整改期限 ${new Date(f.due_at).toLocaleDateString("zh-CN")}</span></div></li>`)}</ul>`:n`<p class="empty">${s?"未发现隐患。":"正在加载…"}</p>`}
    </section>
    <section class="card" aria-labelledby="docs-h">
      <h2 id="docs-h">文书（请向机构负责人出示）</h2>
      ${(s?.documents||[]).map(f=>n`<button class="row" onClick=${()=>h(f)}>
          <strong>${k[f.kind]||f.kind} PDF</strong><span>编号 ${f.number}</span></button>`)}
    </section>
    <a class="button primary" href="#/">回到今日任务</a>
  </main>`}function xe({onLoggedIn:e,expired:t,username:s}){let[r,i]=g(s||""),[m,o]=g(""),[w,c]=g(null),[h,k]=g(!1),f=X(null);q(()=>{t&&f.current?.focus()},[t]);async function $(p){p.preventDefault(),k(!0),c(null);try{e(await Z("/auth/login",{username:r.trim(),password:m}))}catch(E){c(E)}finally{k(!1)}}let l=n`<form class="card login" onSubmit=${$}>
    ${t?n`<h2 id="relogin-title">登录已过期，请重新登录</h2>
          <p>已填写的答案和照片都保存在手机上，登录后继续。</p>`:null}
    <label for="username">用户名 <span class="en">Username</span></label>
    <input id="username" name="username" autocomplete="username" autocapitalize="none"
      required value=${r} onInput=${p=>i(p.target.value)} />
    <label for="password">密码 <span class="en">Password</span></label>
    <input id="password" name="password" type="password" ref=${f} autocomplete="current-password"
      required value=${m} onInput=${p=>o(p.target.value)} />
    <${I} error=${w} where="login" />
    <button class="primary" type="submit" disabled=${h}>${h?"正在登录…":"登录"}</button>
  </form>`;return t?n`<div class="overlay"><div role="dialog" aria-modal="true" aria-labelledby="relogin-title">${l}</div></div>`:n`<main id="main" tabindex="-1" class="screen">
    <header class="bar"><h1>养老机构安全检查</h1></header>
    <p class="lead">区民政局 · 检查人员登录</p>
    ${l}
  </main>`}var ut=[["old_password","原密码","Current password","current-password"],["new_password","新密码","New password","new-password"],["again","再次输入新密码","New password again","new-password"]];function pt({required:e,username:t,onChanged:s,onLogout:r}){let[i,m]=g({old_password:"",new_password:"",again:""}),[o,w]=g({}),[c,h]=g(null),[k,f]=g(!1),[$,l]=g(!1),p=X(null);q(()=>{let a=ut.find(([_])=>o[_]);a&&p.current?.querySelector(`#pw-${a[0]}`)?.focus()},[o]);async function E(a){a.preventDefault(),h(null);let _=qe(i);if(w(_),!Object.keys(_).length){f(!0);try{await Z("/me/password",{old_password:i.old_password,new_password:i.new_password}),l(!0)}catch(y){if(y instanceof U&&y.status===422){let b=Ie(y.body?.errors);Object.keys(b).length||(b.form=[String(y.body?.message||"").split(" / ")[0]]),w(b)}else h(y)}finally{f(!1)}}}let x=n`<${C} title="修改密码" back=${e?void 0:"#/"}>
    ${e?n`<button class="link" onClick=${r}>退出</button>`:null}
  <//>`;return $?n`<main id="main" tabindex="-1" class="screen">
      ${x}
      <div class="card" role="status">
        <h2>密码已修改</h2>
        <p>以后请用新密码登录。其他手机或电脑上的登录已全部退出，这部手机保持登录。</p>
        <button class="primary" onClick=${s}>继续</button>
      </div>
    </main>`:n`<main id="main" tabindex="-1" class="screen">
    ${x}
    ${e?n`<p class="lead">区民政局已为您重置密码。请先设置一个只有您自己知道的新密码，然后继续工作。</p>`:n`<p class="lead">${t}，请输入原密码和新密码。</p>`}
    <form class="card" ref=${p} onSubmit=${E} noValidate>
      ${ut.map(([a,_,y,b])=>{let v=o[a];return n`<label for=${`pw-${a}`}>${_} <span class="en">${y}</span></label>
          ${a==="old_password"&&e?n`<p class="hint" id="pw-old-hint">即区民政局告诉您的临时密码。</p>`:null}
          ${a==="new_password"?n`<p class="hint" id="pw-rules">至少 12 个字符；不要用常见密码、连续或重复的字符，也不要包含用户名。</p>`:null}
          <input id=${`pw-${a}`} name=${a} type="password" autocomplete=${b} required
            aria-invalid=${v?"true":"false"}
            aria-describedby=${[v?`pw-${a}-error`:"",a==="new_password"?"pw-rules":"",a==="old_password"&&e?"pw-old-hint":""].filter(Boolean).join(" ")||void 0}
            value=${i[a]}
            onInput=${u=>{let S=u.target.value;m(P=>({...P,[a]:S}))}} />
          ${v?n`<p class="field-error" id=${`pw-${a}-error`}>${v.join("；")}</p>`:null}`})}
      ${o.form?n`<div class="error" role="alert"><p>${o.form.join("；")}</p></div>`:null}
      ${Object.keys(o).length?n`<p class="visually-hidden" role="alert">请按提示修改后再提交。</p>`:null}
      <${I} error=${c} />
      <button class="primary" type="submit" disabled=${k}>${k?"正在保存…":"修改密码"}</button>
    </form>
  </main>`}function dt({onPick:e}){let[t,s]=g(null),[r,i]=g(""),[m,o]=g(""),[w,c]=g(null),[h,k]=g(null);q(()=>{V("/institutions?page_size=200").then(s,k)},[]),q(()=>{if(!r&&!m){c(null);return}let l=new URLSearchParams({page_size:"200"});r&&l.set("q",r),m&&l.set("street",m);let p=()=>(t||[]).filter(x=>(!r||x.name.includes(r))&&(!m||x.street===m)),E=setTimeout(()=>j(`/institutions?${l}`).then(c,x=>x?.status===0&&t?c(p()):k(x)),250);return()=>clearTimeout(E)},[r,m,t]);let f=[...new Set((t||[]).map(l=>l.street))].sort((l,p)=>l.localeCompare(p,"zh")),$=w||t;return n`<main id="main" tabindex="-1" class="screen">
    <${C} title="选择检查对象" back="#/" />
    <div class="card filters">
      <label for="q">机构名称</label>
      <input id="q" type="search" placeholder="输入名称中的字" value=${r}
        onInput=${l=>i(l.target.value)} />
      <label for="street">街道（镇）</label>
      <select id="street" value=${m} onChange=${l=>o(l.target.value)}>
        <option value="">全部街道</option>
        ${f.map(l=>n`<option value=${l}>${l}</option>`)}
      </select>
    </div>
    <${I} error=${h} />
    ${$==null?n`<p class="empty">正在加载…</p>`:$.length===0?n`<p class="empty">没有符合条件的机构。</p>`:n`<ul class="list" aria-label="机构列表">${$.map(l=>n`<li><button class="row" onClick=${()=>e(l)}>
              <strong>${l.name}</strong><span>${l.street} · ${l.address}</span>
            </button></li>`)}</ul>`}
  </main>`}var ft={manager:()=>import("./chunks/manager-I2ATGSHC.js"),bureau:()=>import("./chunks/bureau-OFN2R5KW.js"),auditor:()=>import("./chunks/auditor-QNNLQVZF.js"),review:()=>import("./chunks/review-YANE5R4S.js"),street:()=>import("./chunks/street-NPG3HJ7G.js")},qt=new Set(["review","street"]),Ee=e=>!qt.has(e)&&e in ft;function ce(e){let t=e.part||e.user.role,[s,r]=g(null),[i,m]=g(null);return q(()=>{r(null),ft[t]().then(w=>r(()=>w.Screens)).catch(m)},[t]),i?n`<main id="main" tabindex="-1" class="screen"><${I} error=${i} /></main>`:s?n`<${s} ...${e} />`:n`<main id="main" tabindex="-1" class="screen"><p class="empty">正在加载…</p></main>`}var It={fire:"消防",food:"食品",gas:"燃气",service:"服务",facilities:"建筑与设施设备",management:"安全管理"};function mt({me:e,id:t}){let s=B(),[r,i]=g(null),[m,o]=g([]),[w,c]=g(null);if(q(()=>{V("/officers?page_size=200").then(i,c),V("/checklists").then(o,c)},[]),!s)return null;let h=s.draft,k={...h.institution.features,...h.features_confirmed||{}},f=new Set(h.assignees.map(a=>a.id)),$=(r||[]).filter(a=>a.id!==e.id),l=(e.enforcement_cert_no?1:0)+h.assignees.filter(a=>a.certified).length,p=(a,_)=>R({features_confirmed:{...Object.fromEntries(se.map(y=>[y,k[y]||!1])),[a]:_}}),E=(a,_)=>R({assignees:_?[...h.assignees,{id:a.id,display_name:a.display_name,certified:a.certified}]:h.assignees.filter(y=>y.id!==a.id)}),x=(a,_)=>{let y=_?[...h.checklists,a]:h.checklists.filter(b=>b!==a);y.length&&R({checklists:y})};return n`<main id="main" tabindex="-1" class="screen">
    <${C} title=${h.institution.name} back="#/" />
    <${K} />
    <${I} error=${w||s.error} />
    <section class="card" aria-labelledby="officers-h">
      <h2 id="officers-h">检查人员（至少两名持执法证）</h2>
      <p>本人：${e.display_name}${e.enforcement_cert_no?`（执法证 ${e.enforcement_cert_no}）`:"（无执法证）"}</p>
      <p class=${l>=2?"ok":"warn"} aria-live="polite">
        ${l>=2?"✓ 已有两名持证人员":`⚠ 还需添加 ${2-l} 名持证检查人员`}
      </p>
      ${r==null?n`<p class="empty">正在加载…</p>`:n`<fieldset><legend>添加同行检查人员</legend>
            ${$.map(a=>n`<label class="check">
                <input type="checkbox" checked=${f.has(a.id)}
                  onChange=${_=>E(a,_.target.checked)} />
                <span>${a.display_name}${a.certified?"（持证）":"（无执法证）"}</span>
              </label>`)}
          </fieldset>`}
    </section>
    <section class="card" aria-labelledby="present-h">
      <h2 id="present-h">被检查单位在场人员</h2>
      <p class="hint">写入现场检查记录，提交前必填。</p>
      <label for="present-name">姓名</label>
      <${F} id="present-name" autocomplete="off" value=${h.present_person_name||""}
        onCommit=${a=>R({present_person_name:a.trim()})} />
      <label for="present-position">职务（如院长、安全管理员）</label>
      <${F} id="present-position" autocomplete="off" value=${h.present_person_position||""}
        onCommit=${a=>R({present_person_position:a.trim()})} />
    </section>
    <section class="card" aria-labelledby="features-h">
      <h2 id="features-h">现场核实机构情况</h2>
      <p class="hint">按现场实际勾选；与名录不同的会告知区民政局。</p>
      ${h.features_confirmed?n`<p class="ok" aria-live="polite">✓ 已现场核实</p>`:n`<button type="button" onClick=${()=>R({features_confirmed:Object.fromEntries(se.map(a=>[a,!!k[a]]))})}>
            与名录一致，确认</button>`}
      ${se.map(a=>n`<label class="check">
          <input type="checkbox" checked=${!!k[a]}
            onChange=${_=>p(a,_.target.checked)} />
          <span>${Ke[a]}${!!h.institution.features[a]!=!!k[a]?"（与名录不同）":""}</span>
        </label>`)}
    </section>
    ${n`<section class="card" aria-labelledby="lists-h">
          <h2 id="lists-h">检查表</h2>
          ${m.map(a=>n`<label class="check">
              <input type="checkbox" checked=${h.checklists.includes(a.key)}
                onChange=${_=>x(a.key,_.target.checked)} />
              <span>${a.title?.zh||It[a.key]||a.key}（${a.item_count} 项）</span>
            </label>`)}
        </section>`}
    <a class="button primary" href=${`#/i/${t}/item/0`}>开始逐项检查</a>
  </main>`}var ht={routine:"日常检查",spot_check:"双随机抽查",follow_up:"复查",special:"专项检查"};function $t({user:e,onLogout:t}){let[s,r]=g(null),[i,m]=g([]),[o,w]=g(null),[c,h]=g({});q(()=>{De().then(p=>m(p.filter(E=>E.owner===e.id).sort((E,x)=>x.started_at.localeCompare(E.started_at)))).catch(()=>m([])),j("/me/tasks").then(async p=>{r(p);let E=new Set([...p.inspections,...p.hazards].map(a=>a.institution_id)),x=await Promise.all([...E].map(async a=>[a,(await j(`/institutions/${a}`)).name]));h(Object.fromEntries(x))}).catch(w)},[]);let k=new Set(i.map(p=>p.id)),f=(s?.inspections||[]).filter(p=>!k.has(p.id)),$=i.filter(p=>p.status==="draft"),l=i.filter(p=>p.status!=="draft").slice(0,5);return n`<main id="main" tabindex="-1" class="screen">
    <${C} title="今日任务">
      <a class="menu" href="#/password">修改密码</a>
      <button class="link" onClick=${t}>退出</button>
    <//>
    <p class="lead">${e.display_name||e.username}，您好</p>
    <a class="button primary" href="#/new">开始新的检查</a>
    ${e.street?n`<a class="button" href="#/board">${e.street}动态清零</a>`:null}
    <${I} error=${o} />
    <${Me} />
    <section aria-labelledby="drafts-h">
      <h2 id="drafts-h">未提交的检查（草稿）</h2>
      ${$.length?n`<ul class="list">${$.map(p=>n`<li><a href=${`#/i/${p.id}/item/0`}>
              <strong>${p.institution.name}</strong>
              <span>${ht[p.kind]||p.kind} · ${G(p.started_at)} · 已答 ${Object.values(p.answers).filter(E=>E.result).length} 项</span>
            </a></li>`)}</ul>`:n`<p class="empty">没有草稿。</p>`}
    </section>
    <section aria-labelledby="assigned-h">
      <h2 id="assigned-h">分派给我的检查</h2>
      ${s==null&&!o?n`<p class="empty">正在加载…</p>`:f.length?n`<ul class="list">${f.map(p=>n`<li><a href=${`#/open/${p.id}`}>
                <strong>${c[p.institution_id]||"…"}</strong>
                <span>${ht[p.kind]||p.kind} · ${G(p.started_at)}</span>
              </a></li>`)}</ul>`:n`<p class="empty">暂无分派的检查。</p>`}
    </section>
    <section aria-labelledby="review-h">
      <h2 id="review-h">待我复查的隐患</h2>
      ${(s?.hazards||[]).length?n`<ul class="list">${s.hazards.map(p=>n`<li><a href=${`#/h/${p.id}`}>
              <strong>${p.title}</strong>
              <span>${c[p.institution_id]||""} · ${p.severity==="major"?"重大隐患":"一般隐患"} · 期限 ${G(p.due_at)}</span>
            </a></li>`)}</ul>`:n`<p class="empty">暂无待复查的隐患。</p>`}
    </section>
    ${l.length?n`<section aria-labelledby="done-h">
          <h2 id="done-h">最近提交</h2>
          <ul class="list">${l.map(p=>n`<li><a href=${`#/i/${p.id}/done`}>
              <strong>${p.institution.name}</strong><span>${p.status==="sending"?"已提交到手机，待发送":"已提交"} · ${G(p.started_at)}</span>
            </a></li>`)}</ul>
        </section>`:null}
  </main>`}var ue={fire:["fire"],market_regulation:["food"],health:["food","service"],civil_affairs:["fire","food","gas","service","facilities","management"]},bt=()=>(location.hash||"#/").slice(1),gt=[];function wt(e){if(e.role==="inspector")for(let t of ue[e.department]||ue.civil_affairs)oe(t).catch(()=>{})}var L=e=>{location.hash!==e&&(location.hash=e)};function Pt(){let[e,t]=g(void 0),[s,r]=g(bt()),[i,m]=g(null),[,o]=g(0);q(()=>{let v=()=>r(bt());addEventListener("hashchange",v);let u=Xe(()=>o(P=>P+1)),S=Pe(()=>o(P=>P+1));return Oe("session").then(P=>{P&&new Date(P.expires_at)>new Date?(N.token=P.token,t(P),ee(P.user.id),wt(P.user),j("/me").then(yt=>$(yt)).catch(()=>{})):t(P?{...P,token:null}:null)},()=>t(null)),()=>{removeEventListener("hashchange",v),u(),S()}},[]),q(()=>{N.onExpired=()=>new Promise(v=>{gt.push(v),m(!0)}),N.onPasswordChange=()=>$({password_change_required:!0})},[]);let w=s.match(/^\/(?:i|open)\/([0-9a-f-]{36})/),c=w?w[1]:null,[h,k]=g(null);q(()=>{!c||!e?.token||h===c||(async()=>{s.startsWith("/open/")&&(await ke(c,e.user.id),L(`#/i/${c}/setup`)),await _e(c)||(await ke(c,e.user.id),await _e(c)),k(c)})().catch(()=>L("#/"))},[c,e?.token]),q(()=>{let v=[[/^\/new/,"选择检查对象"],[/\/setup$/,"检查准备"],[/\/item\//,"逐项检查"],[/\/review$/,"检查并提交"],[/\/done$/,"已提交"],[/^\/password$/,"修改密码"],[/^\/h\//,"复查隐患"],[/^\/board$/,"本街镇动态清零"]];if(e?.token&&Ee(e.user.role)&&!e.user.password_change_required&&s!=="/password"){window.scrollTo(0,0);return}let u=e?.user?.password_change_required?[null,"修改密码"]:v.find(([S])=>S.test(s));document.title=`${e?.token?u?u[1]:"今日任务":"登录"} · 养老机构安全检查`,window.scrollTo(0,0),document.getElementById("main")?.focus()},[s,e?.token,e?.user?.password_change_required]);async function f(v){let u={token:v.token,expires_at:v.expires_at,user:v.user};await de("session",u).catch(()=>{}),N.token=v.token,t(u),m(null);for(let S of gt.splice(0))S();ee(u.user.id),wt(u.user)}function $(v){t(u=>{if(!u?.token)return u;let S={...u,user:{...u.user,...v}};return de("session",S),S})}function l(){$({password_change_required:!1}),Ue(!1).catch(()=>{}),L("#/")}async function p(){let v=await Re(e.user.id).catch(()=>0);if(!(v&&!confirm(`还有 ${v} 项内容未发送到服务器。
退出后这些内容仍保存在本手机上，您再次登录后才会发送；请尽量联网发送完再退出。
确定要退出吗？`))){ee(null);try{await T("POST","/auth/logout")}catch{}N.token=null,await je("session"),t(null)}}async function E(v){let u=Ne();await Ye({id:u,owner:e.user.id,institution:{id:v.id,name:v.name,street:v.street,features:v.features},checklists:ue[e.user.department]||ue.civil_affairs,kind:"routine",started_at:new Date().toISOString(),features_confirmed:null,assignees:[],answers:{},dirty:[],created:!1,status:"draft"}),L(`#/i/${u}/setup`)}let x=n`<${Fe} onRetry=${()=>{Ze()}} />`;if(e===void 0)return n`<main id="main" tabindex="-1" class="screen"><p class="empty">正在加载…</p></main>`;if(!e||!e.token)return n`${x}<${xe} onLoggedIn=${f} username=${e?.user?.username} />`;let a=e.user,_=i?n`<${xe} expired onLoggedIn=${f} username=${a.username} />`:null;if(a.password_change_required||s==="/password")return n`<${pt} required=${!!a.password_change_required} username=${a.display_name||a.username}
      onChanged=${l} onLogout=${p} />${_}`;if(Ee(a.role))return n`<${ce} user=${a} path=${s} go=${L} onLogout=${p} />${_}`;let y,b=c&&h===c&&B()?.draft.id===c;return s==="/new"?y=n`<${dt} onPick=${E} />`:s.startsWith("/h/")?y=n`<${ce} part="review" user=${a} path=${s} go=${L} onLogout=${p} />`:s==="/board"&&a.street?y=n`<${ce} part="street" user=${a} path=${s} go=${L} onLogout=${p} />`:c&&!b?y=n`<main id="main" tabindex="-1" class="screen"><p class="empty">正在打开…</p></main>`:c&&s.endsWith("/setup")?y=n`<${mt} me=${a} id=${c} />`:c&&s.includes("/item/")?y=n`<${it} id=${c} index=${Number(s.split("/item/")[1])||0} />`:c&&s.endsWith("/review")?y=n`<${lt} id=${c} me=${a} go=${L} />`:c&&s.endsWith("/done")?y=n`<${ct} id=${c} />`:y=n`<${$t} user=${a} onLogout=${p} />`,n`${x}${y}${_}`}Se(n`<${Pt} />`,document.getElementById("app"));"serviceWorker"in navigator&&location.protocol!=="file:"&&navigator.serviceWorker.register("sw.js",{scope:"./"}).catch(()=>{});
