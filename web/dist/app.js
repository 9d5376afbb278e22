import{a as Be}from"./chunks/chunk-PXFUFDYE.js";import{c as Ie,d as g,e as I,f as G,g as De,h as Se,i as Pe,k as U,l as q,m as S,n as ne,o as F,p as n,q as B,r as D,s as Q,t as Ce,u as W,v as N}from"./chunks/chunk-LROS67LR.js";var J=["kitchen","gas","lpg","medical","meals_delivered"],Le={kitchen:"自办食堂（厨房）",gas:"使用管道燃气",lpg:"使用液化石油气钢瓶",medical:"内设医疗机构",meals_delivered:"外送餐食"};function Oe(e,t){return e==null?!0:Array.isArray(e.any_of)?e.any_of.some(s=>Oe(s,t)):Object.entries(e).every(([s,r])=>!!t[s]===r)}var C=(e,t)=>`${e}:${t}`;function K(e,t){let s=[];for(let r of e)for(let l of r.sections)for(let m of l.items)Oe(m.applies_if,t)&&s.push({checklist:r.key,item:m});return s}function X(e,t){return(e.choices||[]).find(s=>s.value===t)}function re(e,t){if(e.answer_type==="choice"){let s=X(e,t);return s?s.passes===!1?"fail":"pass":void 0}if(e.answer_type==="number"&&typeof t=="number"&&e.pass_range){let{min:s,max:r}=e.pass_range;return s!=null&&t<s||r!=null&&t>r?"fail":"pass"}}function ae(e,t){return X(e,t)?.severity||e.severity}function oe(e,t,s){if(!t||!t.result)return[];let r=[];return t.result==="pass"&&re(e,t.value)==="fail"&&r.push(e.answer_type==="number"?"数值超出合格范围，不能判为合格":"所选情形属于不合格，不能判为合格"),t.result==="fail"&&e.photo_required_on_fail&&s===0&&r.push("不合格须拍照留证"),t.result==="fail"&&t.fixed_on_site&&(ae(e,t.value)==="major"?r.push("重大隐患不能当场整改"):s===0&&r.push("当场整改须拍照留证")),r}function Y(e,t,s,r){let l=K(e,t),m=[],o=[];for(let y of l){let a=C(y.checklist,y.item.code),h=s[a];if(!h||!h.result){m.push(y);continue}let _=oe(y.item,h,r[a]||0);_.length&&o.push({...y,problems:_})}return{total:l.length,answered:l.length-m.length,missing:m,problems:o}}function je(e,t,s,r){let l={checklist:e,item_code:t,result:s.result};return s.value!==void 0&&s.value!==""&&(l.value=s.value),s.note&&(l.note=s.note),r.length&&(l.photo_ids=r),s.result==="fail"&&s.fixed_on_site&&(l.fixed_on_site=!0),l}var le=(e,t)=>t.some(s=>e instanceof s),Ae,Te;function yt(){return Ae||(Ae=[IDBIndex,IDBObjectStore,IDBCursor,IDBDatabase,IDBTransaction])}function _t(){return Te||(Te=["advance","continue","continuePrimaryKey"].map(e=>IDBCursor.prototype[e]))}var ue=new WeakMap,ie=new WeakMap,Z=new WeakMap;function vt(e){let t=new Promise((s,r)=>{let l=()=>{e.removeEventListener("success",m),e.removeEventListener("error",o)},m=()=>{s(T(e.result)),l()},o=()=>{r(e.error),l()};e.addEventListener("success",m),e.addEventListener("error",o)});return Z.set(t,e),t}function kt(e){if(ue.has(e))return;let t=new Promise((s,r)=>{let l=()=>{e.removeEventListener("complete",m),e.removeEventListener("error",o),e.removeEventListener("abort",o)},m=()=>{s(),l()},o=()=>{r(e.error||new DOMException("AbortError","AbortError")),l()};e.addEventListener("complete",m),e.addEventListener("error",o),e.addEventListener("abort",o)});ue.set(e,t)}var de={get(e,t,s){if(e instanceof IDBTransaction){if(t==="done")return ue.get(e);if(t==="store")return s.objectStoreNames[1]?void 0:s.objectStore(s.objectStoreNames[0])}return T(e[t])},set(e,t,s){return e[t]=s,!0},has(e,t){return e instanceof IDBTransaction&&(t==="done"||t==="store")?!0:t in e}};function Ve(e){de=e(de)}function xt(e){return _t().includes(e)?function(...t){return e.apply(pe(this),t),T(this.request)}:function(...t){return T(e.apply(pe(this),t))}}function Et(e){return typeof e=="function"?xt(e):(e instanceof IDBTransaction&&kt(e),le(e,yt())?new Proxy(e,de):e)}function T(e){if(e instanceof IDBRequest)return vt(e);if(ie.has(e))return ie.get(e);let t=Et(e);return Object.is(t,e)||(ie.set(e,t),Z.set(t,e)),t}var pe=e=>Z.get(e);function Ue(e,t,{blocked:s,upgrade:r,blocking:l,terminated:m}={}){let o=indexedDB.open(e,t),y=T(o);return r&&o.addEventListener("upgradeneeded",a=>{r(T(o.result),a.oldVersion,a.newVersion,T(o.transaction),a)}),s&&o.addEventListener("blocked",a=>s(a.oldVersion,a.newVersion,a)),y.then(a=>{m&&a.addEventListener("close",()=>m()),l&&a.addEventListener("versionchange",h=>l(h.oldVersion,h.newVersion,h))}).catch(()=>{}),y}var It=["get","getKey","getAll","getAllKeys","count"],Dt=["put","add","delete","clear"],ce={};function ze(e,t){if(!(e instanceof IDBDatabase&&!(t in e)&&typeof t=="string"))return;if(ce[t])return ce[t];let s=t.replace(/FromIndex$/,""),r=t!==s,l=Dt.includes(s);if(!(s in(r?IDBIndex:IDBObjectStore).prototype)||!(l||It.includes(s)))return;let m=async function(o,...y){let a=this.transaction(o,l?"readwrite":"readonly"),h=a.store;return r&&(h=h.index(y.shift())),(await Promise.all([h[s](...y),l&&a.done]))[0]};return ce[t]=m}Ve(e=>({...e,get:(t,s,r)=>ze(t,s)||e.get(t,s,r),has:(t,s)=>!!ze(t,s)||e.has(t,s)}));var St=["advance","continue","continuePrimaryKey"],Me={},fe=new WeakMap,Fe=new WeakMap,Pt={get(e,t){if(!St.includes(t))return e[t];let s=Me[t];return s||(s=Me[t]=function(...r){fe.set(this,Fe.get(this)[t](...r))}),s}};async function*Bt(...e){let t=this;if(t instanceof IDBCursor||(t=await t.openCursor(...e)),!t)return;t=t;let s=new Proxy(t,Pt);for(Fe.set(s,t),Z.set(s,pe(t));t;)yield s,t=await(fe.get(s)||t.continue()),fe.delete(s)}function Re(e,t){return t===Symbol.asyncIterator&&le(e,[IDBIndex,IDBObjectStore,IDBCursor])||t==="iterate"&&le(e,[IDBIndex,IDBObjectStore])}Ve(e=>({...e,get(t,s,r){return Re(t,s)?Bt:e.get(t,s,r)},has(t,s){return Re(t,s)||e.has(t,s)}}));var Ct="eldercare-inspect",me=null;function O(){return me||(me=Ue(Ct,1,{upgrade(e){e.createObjectStore("kv"),e.createObjectStore("drafts",{keyPath:"id"}),e.createObjectStore("photos",{keyPath:"localId"}).createIndex("inspection","inspectionId"),e.createObjectStore("checklists",{keyPath:"key"})}})),me}async function Ne(e){return(await O()).get("kv",e)}async function he(e,t){await(await O()).put("kv",t,e)}async function qe(e){await(await O()).delete("kv",e)}async function $e(e){return(await O()).get("drafts",e)}async function j(e){await(await O()).put("drafts",e)}async function We(){return(await O()).getAll("drafts")}async function be(e){await(await O()).put("photos",e)}async function Ke(e){await(await O()).delete("photos",e)}async function He(e){return(await(await O()).getAllFromIndex("photos","inspection",e)).sort((s,r)=>s.added-r.added)}async function Ge(e){return(await O()).get("checklists",e)}async function Qe(e){await(await O()).put("checklists",e)}var i=null,we=new Set;function Xe(e){return we.add(e),()=>we.delete(e)}function z(){i&&(i={...i});for(let e of we)e()}var L=()=>i;async function Ye(e,t){let s=await Ge(t?`${e}@${t}`:e);if(s)return s.doc;let r=await S(t?`/checklists/${e}/versions/${t}`:`/checklists/${e}`);return await Qe({key:`${e}@${r.version}`,doc:r}),r}async function ye(e){if(i?.draft.id===e)return i;let t=await $e(e);if(!t)return null;for(let l of i?.urls.values()||[])URL.revokeObjectURL(l);let s=await He(e),r=await Promise.all(t.checklists.map(l=>Ye(l,t.versions?.[l])));return i={draft:t,photos:s,checklists:r,syncing:!1,error:null,urls:new Map},z(),M(),i}async function _e(e,t){let s=await $e(e);if(s)return s;let r=await S(`/inspections/${e}`),l=await S(`/institutions/${r.institution_id}`),m={id:e,owner:t,institution:l,checklists:r.checklists.map(o=>o.key),versions:Object.fromEntries(r.checklists.map(o=>[o.key,o.version])),kind:r.kind,started_at:r.started_at,features_confirmed:r.features_confirmed,assignees:r.officers.filter(o=>o.id!==t).map(o=>({id:o.id,display_name:o.display_name,certified:o.certified})),present_person_name:r.present_person_name,present_person_position:r.present_person_position,answers:Object.fromEntries(r.answers.map(o=>[C(o.checklist,o.item_code),{result:o.result,value:o.value??void 0,note:o.note||"",fixed_on_site:o.fixed_on_site}])),serverPhotos:Object.fromEntries(r.answers.map(o=>[C(o.checklist,o.item_code),o.photo_ids||[]])),dirty:[],created:!0,status:r.status,hazard_ids:r.hazard_ids||[]};return await j(m),m}async function Ze(e){return await j(e),e}async function R(e){i&&(i.draft={...i.draft,...e,metaVersion:(i.draft.metaVersion||0)+1},await j(i.draft),e.checklists&&(i.checklists=await Promise.all(e.checklists.map(t=>Ye(t)))),z(),M())}async function V(e,t){if(!i)return;let s=i.draft,r={...s.answers,[e]:{...s.answers[e],...t}},l=s.dirty.includes(e)?s.dirty:[...s.dirty,e];i.draft={...s,answers:r,dirty:l},await j(i.draft),z(),Lt()}async function et(e,t){if(!i)return;let s={localId:crypto.getRandomValues(new Uint32Array(4)).join("-"),inspectionId:i.draft.id,key:e,blob:t,name:t.name||"photo.jpg",photoId:null,added:Date.now()};await be(s),i.photos=[...i.photos,s],await V(e,{})}async function tt(e){i&&(await Ke(e.localId),i.photos=i.photos.filter(t=>t.localId!==e.localId),await V(e.key,{}))}function st(e){if(!i)return"";let t=i.urls.get(e.localId);return t||(t=URL.createObjectURL(e.blob),i.urls.set(e.localId,t)),t}function ee(e){return i?i.photos.filter(s=>s.key===e).length+(i.draft.serverPhotos?.[e]?.length||0):0}typeof addEventListener=="function"&&(addEventListener("online",()=>{M()}),setInterval(()=>{i&&!i.syncing&&ve()&&M()},3e4));var Je;function Lt(){clearTimeout(Je),Je=setTimeout(()=>{M()},300)}var H=null;async function M(){for(;H;)await H;return H=jt().finally(()=>{H=null}),H}function Ot(e){let t={institution_id:e.institution.id,checklists:e.checklists,kind:e.kind,started_at:e.started_at};return e.features_confirmed&&(t.features_confirmed=e.features_confirmed),e.assignees.length&&(t.assignee_ids=e.assignees.map(s=>s.id)),e.present_person_name!=null&&(t.present_person_name=e.present_person_name),e.present_person_position!=null&&(t.present_person_position=e.present_person_position),t}async function jt(){if(!i||i.draft.status!=="draft")return;let e=i.draft.id;i.syncing=!0,i.error=null,z();try{for(;!i.draft.created||nt(i.draft);){let s=i.draft.metaVersion||0,r=await ne(`/inspections/${e}`,Ot(i.draft)),l=Object.fromEntries(r.checklists.map(m=>[m.key,m.version]));i.draft={...i.draft,created:!0,metaSent:s,versions:l,serverMissing:r.missing},await j(i.draft)}for(let s of i.photos.filter(r=>!r.photoId)){let r=await Be(s.blob,s.name),l={...s,photoId:r};if(await be(l),!i)return;i.photos=i.photos.map(o=>o.localId===s.localId?l:o);let m=i.draft.dirty.includes(s.key)?i.draft.dirty:[...i.draft.dirty,s.key];i.draft={...i.draft,dirty:m},await j(i.draft),z()}let t=i.draft;for(let s of t.dirty){let r=t.answers[s];if(!r?.result)continue;let[l,m]=s.split(":"),o=[...t.serverPhotos?.[s]||[],...i.photos.filter(a=>a.key===s&&a.photoId).map(a=>a.photoId)],y=await ne(`/inspections/${e}/answers`,[je(l,m,r,o)]);i.draft={...i.draft,dirty:i.draft.dirty.filter(a=>a!==s||i?.draft.answers[a]!==r),serverMissing:y.missing},await j(i.draft)}}catch(t){i&&(i.error=t)}finally{i&&(i.syncing=!1),z()}}var nt=e=>(e.metaVersion||0)!==(e.metaSent||0);function ve(){if(!i)return 0;let e=i.draft;return e.dirty.filter(t=>e.answers[t]?.result).length+i.photos.filter(t=>!t.photoId).length+(e.created&&!nt(e)?0:1)}async function rt(e){i&&(i.draft={...i.draft,status:"submitted",hazard_ids:e},await j(i.draft),z())}var at=e=>S(`/inspections/${e}`);var At=[["pass","合格","✓"],["fail","不合格","✗"],["na","不适用","—"]];function ot(e){let t=e.pass_range;if(!t)return"";let s=e.unit||"";return t.min!=null&&t.max!=null?`合格范围 ${t.min}–${t.max} ${s}`:t.min!=null?`合格：不低于 ${t.min} ${s}`:`合格：不高于 ${t.max} ${s}`}function ke(){let e=L();if(!e)return null;let t=ve(),s=e.syncing?"正在同步…":t?`已保存在手机，${t} 项待同步`:"已保存并同步";return n`<p class="sync" role="status">${s}</p>`}function it({id:e,index:t}){let s=L();if(!s)return null;let{draft:r,checklists:l}=s,m={...r.institution.features,...r.features_confirmed||{}},o=K(l,m),y=Object.fromEntries(o.map(p=>[C(p.checklist,p.item.code),ee(C(p.checklist,p.item.code))])),a=Y(l,m,r.answers,y),h=Math.max(0,Math.min(t,o.length-1)),_=o[h];if(!_)return n`<main id="main" tabindex="-1" class="screen"><p>没有适用的检查项。</p></main>`;let{item:b}=_,$=C(_.checklist,b.code),d=r.answers[$]||{},u=s.photos.filter(p=>p.key===$),E=r.serverPhotos?.[$]?.length||0,v=oe(b,d,u.length+E),c=l.find(p=>p.key===_.checklist),w=a.missing.find(p=>o.indexOf(p)>h)||a.missing[0],k=p=>{let P=re(b,p);V($,P&&d.result!=="na"?{value:p,result:P}:{value:p})},f=null;b.answer_type==="choice"?f=n`<fieldset class="choices"><legend>实际情形</legend>
      ${(b.choices||[]).map(p=>n`<label class="choice">
          <input type="radio" name=${`v-${$}`} value=${p.value} checked=${d.value===p.value}
            onChange=${()=>k(p.value)} />
          <span>${p.label.zh}${p.passes===!1?"（不合格）":""}</span>
        </label>`)}
    </fieldset>`:b.answer_type==="number"?f=n`<label for=${`v-${$}`}>测量值${b.unit?`（${b.unit}）`:""}</label>
      <${N} id=${`v-${$}`} type="number" inputmode="decimal" step="any"
        value=${typeof d.value=="number"?String(d.value):""}
        onCommit=${p=>k(p===""?void 0:Number(p))} />
      ${ot(b)?n`<p class="hint">${ot(b)}</p>`:null}`:b.answer_type==="yes_no"?f=n`<fieldset class="choices two"><legend>现场情况</legend>
      ${[[!0,"是"],[!1,"否"]].map(([p,P])=>n`<label class="choice">
          <input type="radio" name=${`v-${$}`} checked=${d.value===p} onChange=${()=>k(p)} />
          <span>${P}</span>
        </label>`)}
    </fieldset>`:f=n`<label for=${`v-${$}`}>记录</label>
      <${N} id=${`v-${$}`} value=${typeof d.value=="string"?d.value:""}
        onCommit=${p=>k(p)} />`;let x=d.result==="fail"?ae(b,d.value):b.severity;return n`<main id="main" tabindex="-1" class="screen item-screen">
    <${B} title=${r.institution.name} back=${`#/i/${e}/setup`} />
    <div class="status">
      <${Q} done=${a.answered} total=${a.total} />
      <p><span>已答 ${a.answered}/${a.total}</span>
        ${a.missing.length?n` · <a href=${`#/i/${e}/review`}>尚缺 ${a.missing.length} 项</a>`:n` · <a href=${`#/i/${e}/review`}>全部答完，去提交</a>`}
      </p>
      <${ke} />
    </div>
    <${D} error=${s.error} />
    <article class="card item" aria-labelledby="prompt">
      <p class="meta">${c?.title.zh} · ${b.code} · 第 ${h+1}/${o.length} 项
        ${b.severity==="major"||X(b,d.value)?.severity==="major"?n` · <strong class="major">可能为重大隐患</strong>`:null}</p>
      <h2 id="prompt">${b.prompt.zh}</h2>
      ${b.prompt.en?n`<p class="en">${b.prompt.en}</p>`:null}
      <details><summary>检查要点与依据</summary><p>${b.guidance.zh}</p><p class="basis">依据：${b.basis}</p></details>
      ${f}
      <fieldset class="results"><legend>结论</legend>
        ${At.map(([p,P,wt])=>n`<label class=${`result ${p}`}>
            <input type="radio" name=${`r-${$}`} value=${p} checked=${d.result===p}
              onChange=${()=>V($,{result:p})} />
            <span><b aria-hidden="true">${wt}</b> ${P}</span>
          </label>`)}
      </fieldset>
      ${d.result==="fail"?n`<p class="hint">${x==="major"?"将作为重大隐患上报":"将作为一般隐患，限期整改"}${b.photo_required_on_fail?"；须拍照":""}</p>
          ${x!=="major"?n`<label class="check"><input type="checkbox" checked=${!!d.fixed_on_site}
                onChange=${p=>V($,{fixed_on_site:p.target.checked})} />
                <span>当场整改（须拍照）</span></label>`:null}`:null}
      <label for=${`note-${$}`}>备注</label>
      <textarea id=${`note-${$}`} rows="3" value=${d.note||""}
        onInput=${p=>V($,{note:p.target.value})}></textarea>
      <div class="photos">
        <p>照片：${u.length+E} 张</p>
        <ul class="thumbs">${u.map((p,P)=>n`<li>
            <img src=${st(p)} alt=${`${b.code} 照片 ${P+1}`} />
            <span class="tag">${p.photoId?"已上传":"待上传"}</span>
            <button class="link" onClick=${()=>tt(p)} aria-label=${`删除照片 ${P+1}`}>删除</button>
          </li>`)}</ul>
        <label class="button camera">
          拍照 / 选照片
          <input class="visually-hidden" type="file" accept="image/*" capture="environment"
            onChange=${async p=>{for(let P of Array.from(p.target.files))await et($,P);p.target.value=""}} />
        </label>
      </div>
      <div role="alert">${v.length?n`<ul class="problems">${v.map(p=>n`<li>⚠ ${p}</li>`)}</ul>`:null}</div>
    </article>
    <nav class="pager" aria-label="翻页">
      <a class=${`button ${h===0?"disabled":""}`} href=${`#/i/${e}/item/${Math.max(0,h-1)}`} aria-disabled=${h===0}>上一项</a>
      ${h<o.length-1?n`<a class="button primary" href=${`#/i/${e}/item/${h+1}`}>下一项</a>`:n`<a class="button primary" href=${`#/i/${e}/review`}>检查并提交</a>`}
    </nav>
    ${w&&o.indexOf(w)!==h?n`<p class="center"><a href=${`#/i/${e}/item/${o.indexOf(w)}`}>跳到下一个未答项（${w.item.code}）</a></p>`:null}
  </main>`}function ct({id:e,me:t,go:s}){let r=L(),[l,m]=g(null),[o,y]=g(!1);if(!r)return null;let{draft:a,checklists:h}=r;if(a.status==="submitted")return s(`#/i/${e}/done`),null;let _={...a.institution.features,...a.features_confirmed||{}},b=K(h,_),$=Object.fromEntries(b.map(f=>[C(f.checklist,f.item.code),ee(C(f.checklist,f.item.code))])),d=Y(h,_,a.answers,$),u=(t.enforcement_cert_no?1:0)+a.assignees.filter(f=>f.certified).length,E=!!(a.present_person_name?.trim()&&a.present_person_position?.trim()),v=b.filter(f=>a.answers[C(f.checklist,f.item.code)]?.result==="fail"),c=d.missing.length+d.problems.length+(u<2?1:0)+(E?0:1),w=f=>`#/i/${e}/item/${b.indexOf(f)}`;async function k(){y(!0),m(null);try{if(await M(),L()?.error)throw L()?.error;let f=await F(`/inspections/${e}/submit`,{});await rt(f.hazard_ids),s(`#/i/${e}/done`)}catch(f){m(f)}finally{y(!1)}}return n`<main id="main" tabindex="-1" class="screen">
    <${B} title="检查并提交" back=${`#/i/${e}/item/0`} />
    <div class="status">
      <${Q} done=${d.answered} total=${d.total} />
      <p>已答 ${d.answered}/${d.total} 项，不合格 ${v.length} 项</p>
      <${ke} />
    </div>
    ${u<2?n`<section class="card warn"><h2>还需第二名持证检查人员</h2>
          <p>提交前须有两名持执法证的检查人员。<a href=${`#/i/${e}/setup`}>去添加</a></p></section>`:null}
    ${E?null:n`<section class="card warn"><h2>还需填写在场人员</h2>
          <p>现场检查记录须写明被检查单位在场人员的姓名和职务。<a href=${`#/i/${e}/setup`}>去填写</a></p></section>`}
    ${d.missing.length?n`<section class="card" aria-labelledby="missing-h"><h2 id="missing-h">尚未作答（${d.missing.length} 项）</h2>
          <ul class="list compact">${d.missing.map(f=>n`<li><a href=${w(f)}>${f.item.code} ${f.item.prompt.zh}</a></li>`)}</ul></section>`:null}
    ${d.problems.length?n`<section class="card" aria-labelledby="problems-h"><h2 id="problems-h">需要修改（${d.problems.length} 项）</h2>
          <ul class="list compact">${d.problems.map(f=>n`<li><a href=${w(f)}>${f.item.code}：${f.problems.join("；")}</a></li>`)}</ul></section>`:null}
    ${v.length?n`<section class="card" aria-labelledby="failed-h"><h2 id="failed-h">不合格项（提交后生成隐患）</h2>
          <ul class="list compact">${v.map(f=>n`<li><a href=${w(f)}>${f.item.code} ${f.item.prompt.zh}</a></li>`)}</ul></section>`:null}
    <${D} error=${l||r.error} />
    <button class="primary" disabled=${o||c>0} onClick=${k}>
      ${o?"正在提交…":c?`还有 ${c} 处待处理`:"提交检查"}
    </button>
  </main>`}function lt({id:e}){let t=L(),[s,r]=g(null),[l,m]=g([]),[o,y]=g(null),[a,h]=g(!1);a||(h(!0),at(e).then(async $=>{r($);let d=$.hazard_ids||[];m(await Promise.all(d.map(u=>q("GET",`/hazards/${u}`))))}).catch(y));async function _($){try{let d=await q("GET",$.url.replace(/^\/api\/v1/,""),{raw:!0}),u=URL.createObjectURL(await d.blob());window.open(u,"_blank")||(window.location.href=u)}catch(d){y(d)}}let b={record:"现场检查记录",notice:"责令限期整改通知书"};return n`<main id="main" tabindex="-1" class="screen">
    <${B} title="已提交" back="#/" />
    <p class="lead">${t?.draft.institution.name||""}：检查已提交。</p>
    <${D} error=${o} />
    <section class="card" aria-labelledby="hazards-h">
      <h2 id="hazards-h">发现的隐患（${s?(s.hazard_ids||[]).length:"…"}）</h2>
      ${l.length?n`<ul class="list compact">${l.map($=>n`<li><div><strong>${$.title}</strong>
              <span>${$.severity==="major"?"重大隐患":"一般隐患"}${$.fixed_on_site?" · 当场整改":""} · 整改期限 ${new Date($.due_at).toLocaleDateString("zh-CN")}</span></div></li>`)}</ul>`:n`<p class="empty">${s?"未发现隐患。":"正在加载…"}</p>`}
    </section>
    <section class="card" aria-labelledby="docs-h">
      <h2 id="docs-h">文书（请向机构负责人出示）</h2>
      ${(s?.documents||[]).map($=>n`<button class="row" onClick=${()=>_($)}>
          <strong>${b[$.kind]||$.kind} PDF</strong><span>编号 ${$.number}</span></button>`)}
    </section>
    <a class="button primary" href="#/">回到今日任务</a>
  </main>`}function xe({onLoggedIn:e,expired:t,username:s}){let[r,l]=g(s||""),[m,o]=g(""),[y,a]=g(null),[h,_]=g(!1),b=G(null);I(()=>{t&&b.current?.focus()},[t]);async function $(u){u.preventDefault(),_(!0),a(null);try{e(await F("/auth/login",{username:r.trim(),password:m}))}catch(E){a(E)}finally{_(!1)}}let d=n`<form class="card login" onSubmit=${$}>
    ${t?n`<h2 id="relogin-title">登录已过期，请重新登录</h2>
          <p>已填写的答案和照片都保存在手机上，登录后继续。</p>`:null}
    <label for="username">用户名 <span class="en">Username</span></label>
    <input id="username" name="username" autocomplete="username" autocapitalize="none"
      required value=${r} onInput=${u=>l(u.target.value)} />
    <label for="password">密码 <span class="en">Password</span></label>
    <input id="password" name="password" type="password" ref=${b} autocomplete="current-password"
      required value=${m} onInput=${u=>o(u.target.value)} />
    <${D} error=${y} where="login" />
    <button class="primary" type="submit" disabled=${h}>${h?"正在登录…":"登录"}</button>
  </form>`;return t?n`<div class="overlay"><div role="dialog" aria-modal="true" aria-labelledby="relogin-title">${d}</div></div>`:n`<main id="main" tabindex="-1" class="screen">
    <header class="bar"><h1>养老机构安全检查</h1></header>
    <p class="lead">区民政局 · 检查人员登录</p>
    ${d}
  </main>`}var ut=[["old_password","原密码","Current password","current-password"],["new_password","新密码","New password","new-password"],["again","再次输入新密码","New password again","new-password"]];function dt({required:e,username:t,onChanged:s,onLogout:r}){let[l,m]=g({old_password:"",new_password:"",again:""}),[o,y]=g({}),[a,h]=g(null),[_,b]=g(!1),[$,d]=g(!1),u=G(null);I(()=>{let c=ut.find(([w])=>o[w]);c&&u.current?.querySelector(`#pw-${c[0]}`)?.focus()},[o]);async function E(c){c.preventDefault(),h(null);let w=Se(l);if(y(w),!Object.keys(w).length){b(!0);try{await F("/me/password",{old_password:l.old_password,new_password:l.new_password}),d(!0)}catch(k){if(k instanceof De&&k.status===422){let f=Pe(k.body?.errors);Object.keys(f).length||(f.form=[String(k.body?.message||"").split(" / ")[0]]),y(f)}else h(k)}finally{b(!1)}}}let v=n`<${B} title="修改密码" back=${e?void 0:"#/"}>
    ${e?n`<button class="link" onClick=${r}>退出</button>`:null}
  <//>`;return $?n`<main id="main" tabindex="-1" class="screen">
      ${v}
      <div class="card" role="status">
        <h2>密码已修改</h2>
        <p>以后请用新密码登录。其他手机或电脑上的登录已全部退出，这部手机保持登录。</p>
        <button class="primary" onClick=${s}>继续</button>
      </div>
    </main>`:n`<main id="main" tabindex="-1" class="screen">
    ${v}
    ${e?n`<p class="lead">区民政局已为您重置密码。请先设置一个只有您自己知道的新密码，然后继续工作。</p>`:n`<p class="lead">${t}，请输入原密码和新密码。</p>`}
    <form class="card" ref=${u} onSubmit=${E} noValidate>
      ${ut.map(([c,w,k,f])=>{let x=o[c];return n`<label for=${`pw-${c}`}>${w} <span class="en">${k}</span></label>
          ${c==="old_password"&&e?n`<p class="hint" id="pw-old-hint">即区民政局告诉您的临时密码。</p>`:null}
          ${c==="new_password"?n`<p class="hint" id="pw-rules">至少 12 个字符；不要用常见密码、连续或重复的字符，也不要包含用户名。</p>`:null}
          <input id=${`pw-${c}`} name=${c} type="password" autocomplete=${f} required
            aria-invalid=${x?"true":"false"}
            aria-describedby=${[x?`pw-${c}-error`:"",c==="new_password"?"pw-rules":"",c==="old_password"&&e?"pw-old-hint":""].filter(Boolean).join(" ")||void 0}
            value=${l[c]}
            onInput=${p=>m({...l,[c]:p.target.value})} />
          ${x?n`<p class="field-error" id=${`pw-${c}-error`}>${x.join("；")}</p>`:null}`})}
      ${o.form?n`<div class="error" role="alert"><p>${o.form.join("；")}</p></div>`:null}
      ${Object.keys(o).length?n`<p class="visually-hidden" role="alert">请按提示修改后再提交。</p>`:null}
      <${D} error=${a} />
      <button class="primary" type="submit" disabled=${_}>${_?"正在保存…":"修改密码"}</button>
    </form>
  </main>`}function pt({onPick:e}){let[t,s]=g(null),[r,l]=g(""),[m,o]=g(""),[y,a]=g(null),[h,_]=g(null);I(()=>{S("/institutions?page_size=200").then(s,_)},[]),I(()=>{if(!r&&!m){a(null);return}let d=new URLSearchParams({page_size:"200"});r&&d.set("q",r),m&&d.set("street",m);let u=setTimeout(()=>S(`/institutions?${d}`).then(a,_),250);return()=>clearTimeout(u)},[r,m]);let b=[...new Set((t||[]).map(d=>d.street))].sort((d,u)=>d.localeCompare(u,"zh")),$=y||t;return n`<main id="main" tabindex="-1" class="screen">
    <${B} title="选择检查对象" back="#/" />
    <div class="card filters">
      <label for="q">机构名称</label>
      <input id="q" type="search" placeholder="输入名称中的字" value=${r}
        onInput=${d=>l(d.target.value)} />
      <label for="street">街道（镇）</label>
      <select id="street" value=${m} onChange=${d=>o(d.target.value)}>
        <option value="">全部街道</option>
        ${b.map(d=>n`<option value=${d}>${d}</option>`)}
      </select>
    </div>
    <${D} error=${h} />
    ${$==null?n`<p class="empty">正在加载…</p>`:$.length===0?n`<p class="empty">没有符合条件的机构。</p>`:n`<ul class="list" aria-label="机构列表">${$.map(d=>n`<li><button class="row" onClick=${()=>e(d)}>
              <strong>${d.name}</strong><span>${d.street} · ${d.address}</span>
            </button></li>`)}</ul>`}
  </main>`}var ft={manager:()=>import("./chunks/manager-RBR6E4J6.js"),bureau:()=>import("./chunks/bureau-7NQ6MNQ2.js"),auditor:()=>import("./chunks/auditor-C7447XBD.js"),review:()=>import("./chunks/review-IUTJ4FG7.js"),street:()=>import("./chunks/street-TOP7MFZB.js")},Tt=new Set(["review","street"]),Ee=e=>!Tt.has(e)&&e in ft;function se(e){let t=e.part||e.user.role,[s,r]=g(null),[l,m]=g(null);return I(()=>{r(null),ft[t]().then(y=>r(()=>y.Screens)).catch(m)},[t]),l?n`<main id="main" tabindex="-1" class="screen"><${D} error=${l} /></main>`:s?n`<${s} ...${e} />`:n`<main id="main" tabindex="-1" class="screen"><p class="empty">正在加载…</p></main>`}var zt={fire:"消防",food:"食品",gas:"燃气",service:"服务",facilities:"建筑与设施设备",management:"安全管理"};function mt({me:e,id:t}){let s=L(),[r,l]=g(null),[m,o]=g([]),[y,a]=g(null);if(I(()=>{S("/officers?page_size=200").then(l,a),S("/checklists").then(o,a)},[]),!s)return null;let h=s.draft,_={...h.institution.features,...h.features_confirmed||{}},b=new Set(h.assignees.map(c=>c.id)),$=(r||[]).filter(c=>c.id!==e.id),d=(e.enforcement_cert_no?1:0)+h.assignees.filter(c=>c.certified).length,u=(c,w)=>R({features_confirmed:{...Object.fromEntries(J.map(k=>[k,_[k]||!1])),[c]:w}}),E=(c,w)=>R({assignees:w?[...h.assignees,{id:c.id,display_name:c.display_name,certified:c.certified}]:h.assignees.filter(k=>k.id!==c.id)}),v=(c,w)=>{let k=w?[...h.checklists,c]:h.checklists.filter(f=>f!==c);k.length&&R({checklists:k})};return n`<main id="main" tabindex="-1" class="screen">
    <${B} title=${h.institution.name} back="#/" />
    <${D} error=${y||s.error} />
    <section class="card" aria-labelledby="officers-h">
      <h2 id="officers-h">检查人员（至少两名持执法证）</h2>
      <p>本人：${e.display_name}${e.enforcement_cert_no?`（执法证 ${e.enforcement_cert_no}）`:"（无执法证）"}</p>
      <p class=${d>=2?"ok":"warn"} aria-live="polite">
        ${d>=2?"✓ 已有两名持证人员":`⚠ 还需添加 ${2-d} 名持证检查人员`}
      </p>
      ${r==null?n`<p class="empty">正在加载…</p>`:n`<fieldset><legend>添加同行检查人员</legend>
            ${$.map(c=>n`<label class="check">
                <input type="checkbox" checked=${b.has(c.id)}
                  onChange=${w=>E(c,w.target.checked)} />
                <span>${c.display_name}${c.certified?"（持证）":"（无执法证）"}</span>
              </label>`)}
          </fieldset>`}
    </section>
    <section class="card" aria-labelledby="present-h">
      <h2 id="present-h">被检查单位在场人员</h2>
      <p class="hint">写入现场检查记录，提交前必填。</p>
      <label for="present-name">姓名</label>
      <${N} id="present-name" autocomplete="off" value=${h.present_person_name||""}
        onCommit=${c=>R({present_person_name:c.trim()})} />
      <label for="present-position">职务（如院长、安全管理员）</label>
      <${N} id="present-position" autocomplete="off" value=${h.present_person_position||""}
        onCommit=${c=>R({present_person_position:c.trim()})} />
    </section>
    <section class="card" aria-labelledby="features-h">
      <h2 id="features-h">现场核实机构情况</h2>
      <p class="hint">按现场实际勾选；与名录不同的会告知区民政局。</p>
      ${h.features_confirmed?n`<p class="ok" aria-live="polite">✓ 已现场核实</p>`:n`<button type="button" onClick=${()=>R({features_confirmed:Object.fromEntries(J.map(c=>[c,!!_[c]]))})}>
            与名录一致，确认</button>`}
      ${J.map(c=>n`<label class="check">
          <input type="checkbox" checked=${!!_[c]}
            onChange=${w=>u(c,w.target.checked)} />
          <span>${Le[c]}${!!h.institution.features[c]!=!!_[c]?"（与名录不同）":""}</span>
        </label>`)}
    </section>
    ${n`<section class="card" aria-labelledby="lists-h">
          <h2 id="lists-h">检查表</h2>
          ${m.map(c=>n`<label class="check">
              <input type="checkbox" checked=${h.checklists.includes(c.key)}
                onChange=${w=>v(c.key,w.target.checked)} />
              <span>${c.title?.zh||zt[c.key]||c.key}（${c.item_count} 项）</span>
            </label>`)}
        </section>`}
    <a class="button primary" href=${`#/i/${t}/item/0`}>开始逐项检查</a>
  </main>`}var ht={routine:"日常检查",spot_check:"双随机抽查",follow_up:"复查",special:"专项检查"};function $t({user:e,onLogout:t}){let[s,r]=g(null),[l,m]=g([]),[o,y]=g(null),[a,h]=g({});I(()=>{We().then(u=>m(u.filter(E=>E.owner===e.id).sort((E,v)=>v.started_at.localeCompare(E.started_at)))),S("/me/tasks").then(async u=>{r(u);let E=new Set([...u.inspections,...u.hazards].map(c=>c.institution_id)),v=await Promise.all([...E].map(async c=>[c,(await S(`/institutions/${c}`)).name]));h(Object.fromEntries(v))}).catch(y)},[]);let _=new Set(l.map(u=>u.id)),b=(s?.inspections||[]).filter(u=>!_.has(u.id)),$=l.filter(u=>u.status==="draft"),d=l.filter(u=>u.status==="submitted").slice(0,5);return n`<main id="main" tabindex="-1" class="screen">
    <${B} title="今日任务">
      <a class="menu" href="#/password">修改密码</a>
      <button class="link" onClick=${t}>退出</button>
    <//>
    <p class="lead">${e.display_name||e.username}，您好</p>
    <a class="button primary" href="#/new">开始新的检查</a>
    ${e.street?n`<a class="button" href="#/board">${e.street}动态清零</a>`:null}
    <${D} error=${o} />
    <section aria-labelledby="drafts-h">
      <h2 id="drafts-h">未提交的检查（草稿）</h2>
      ${$.length?n`<ul class="list">${$.map(u=>n`<li><a href=${`#/i/${u.id}/item/0`}>
              <strong>${u.institution.name}</strong>
              <span>${ht[u.kind]||u.kind} · ${W(u.started_at)} · 已答 ${Object.values(u.answers).filter(E=>E.result).length} 项</span>
            </a></li>`)}</ul>`:n`<p class="empty">没有草稿。</p>`}
    </section>
    <section aria-labelledby="assigned-h">
      <h2 id="assigned-h">分派给我的检查</h2>
      ${s==null&&!o?n`<p class="empty">正在加载…</p>`:b.length?n`<ul class="list">${b.map(u=>n`<li><a href=${`#/open/${u.id}`}>
                <strong>${a[u.institution_id]||"…"}</strong>
                <span>${ht[u.kind]||u.kind} · ${W(u.started_at)}</span>
              </a></li>`)}</ul>`:n`<p class="empty">暂无分派的检查。</p>`}
    </section>
    <section aria-labelledby="review-h">
      <h2 id="review-h">待我复查的隐患</h2>
      ${(s?.hazards||[]).length?n`<ul class="list">${s.hazards.map(u=>n`<li><a href=${`#/h/${u.id}`}>
              <strong>${u.title}</strong>
              <span>${a[u.institution_id]||""} · ${u.severity==="major"?"重大隐患":"一般隐患"} · 期限 ${W(u.due_at)}</span>
            </a></li>`)}</ul>`:n`<p class="empty">暂无待复查的隐患。</p>`}
    </section>
    ${d.length?n`<section aria-labelledby="done-h">
          <h2 id="done-h">最近提交</h2>
          <ul class="list">${d.map(u=>n`<li><a href=${`#/i/${u.id}/done`}>
              <strong>${u.institution.name}</strong><span>已提交 · ${W(u.started_at)}</span>
            </a></li>`)}</ul>
        </section>`:null}
  </main>`}var bt={fire:["fire"],market_regulation:["food"],health:["food","service"],civil_affairs:["fire","food","gas","service","facilities","management"]},gt=()=>(location.hash||"#/").slice(1),A=e=>{location.hash!==e&&(location.hash=e)};function Mt(){let[e,t]=g(void 0),[s,r]=g(gt()),[l,m]=g(null),[,o]=g(0);I(()=>{let f=()=>r(gt());addEventListener("hashchange",f);let x=Xe(()=>o(p=>p+1));return Ne("session").then(p=>{p&&new Date(p.expires_at)>new Date?(U.token=p.token,t(p),S("/me").then(P=>$(P)).catch(()=>{})):t(p?{...p,token:null}:null)}),()=>{removeEventListener("hashchange",f),x()}},[]),I(()=>{U.onExpired=()=>new Promise(f=>m(()=>f)),U.onPasswordChange=()=>$({password_change_required:!0})},[]);let y=s.match(/^\/(?:i|open)\/([0-9a-f-]{36})/),a=y?y[1]:null,[h,_]=g(null);I(()=>{!a||!e?.token||h===a||(async()=>{s.startsWith("/open/")&&(await _e(a,e.user.id),A(`#/i/${a}/setup`)),await ye(a)||(await _e(a,e.user.id),await ye(a)),_(a)})().catch(()=>A("#/"))},[a,e?.token]),I(()=>{let f=[[/^\/new/,"选择检查对象"],[/\/setup$/,"检查准备"],[/\/item\//,"逐项检查"],[/\/review$/,"检查并提交"],[/\/done$/,"已提交"],[/^\/password$/,"修改密码"],[/^\/h\//,"复查隐患"],[/^\/board$/,"本街镇动态清零"]];if(e?.token&&Ee(e.user.role)&&!e.user.password_change_required&&s!=="/password"){window.scrollTo(0,0);return}let x=e?.user?.password_change_required?[null,"修改密码"]:f.find(([p])=>p.test(s));document.title=`${e?.token?x?x[1]:"今日任务":"登录"} · 养老机构安全检查`,window.scrollTo(0,0),document.getElementById("main")?.focus()},[s,e?.token,e?.user?.password_change_required]);async function b(f){let x={token:f.token,expires_at:f.expires_at,user:f.user};if(await he("session",x),U.token=f.token,t(x),l){let p=l;m(null),p()}}function $(f){t(x=>{if(!x?.token)return x;let p={...x,user:{...x.user,...f}};return he("session",p),p})}function d(){$({password_change_required:!1}),A("#/")}async function u(){try{await q("POST","/auth/logout")}catch{}U.token=null,await qe("session"),t(null)}async function E(f){let x=Ce();await Ze({id:x,owner:e.user.id,institution:{id:f.id,name:f.name,street:f.street,features:f.features},checklists:bt[e.user.department]||bt.civil_affairs,kind:"routine",started_at:new Date().toISOString(),features_confirmed:null,assignees:[],answers:{},dirty:[],created:!1,status:"draft"}),A(`#/i/${x}/setup`)}if(e===void 0)return n`<main id="main" tabindex="-1" class="screen"><p class="empty">正在加载…</p></main>`;if(!e||!e.token)return n`<${xe} onLoggedIn=${b} username=${e?.user?.username} />`;let v=e.user,c=l?n`<${xe} expired onLoggedIn=${b} username=${v.username} />`:null;if(v.password_change_required||s==="/password")return n`<${dt} required=${!!v.password_change_required} username=${v.display_name||v.username}
      onChanged=${d} onLogout=${u} />${c}`;if(Ee(v.role))return n`<${se} user=${v} path=${s} go=${A} onLogout=${u} />${c}`;let w,k=a&&h===a&&L()?.draft.id===a;return s==="/new"?w=n`<${pt} onPick=${E} />`:s.startsWith("/h/")?w=n`<${se} part="review" user=${v} path=${s} go=${A} onLogout=${u} />`:s==="/board"&&v.street?w=n`<${se} part="street" user=${v} path=${s} go=${A} onLogout=${u} />`:a&&!k?w=n`<main id="main" tabindex="-1" class="screen"><p class="empty">正在打开…</p></main>`:a&&s.endsWith("/setup")?w=n`<${mt} me=${v} id=${a} />`:a&&s.includes("/item/")?w=n`<${it} id=${a} index=${Number(s.split("/item/")[1])||0} />`:a&&s.endsWith("/review")?w=n`<${ct} id=${a} me=${v} go=${A} />`:a&&s.endsWith("/done")?w=n`<${lt} id=${a} />`:w=n`<${$t} user=${v} onLogout=${u} />`,n`${w}${c}`}Ie(n`<${Mt} />`,document.getElementById("app"));"serviceWorker"in navigator&&location.protocol!=="file:"&&navigator.serviceWorker.register("sw.js",{scope:"./"}).catch(()=>{});
