import{a as Ae,b as Y,c as Z,d as Le,e as ze,f as B,g as me,h as Ue,i as Ne}from"./chunks/chunk-UEH46QP6.js";import{A as fe,C as H,D as T,E as j,G as X,H as V,I as r,J as C,K as I,L as ee,M as Te,N as W,O as M,P as Re,c as Ee,d as w,e as q,f as Q,g as N,j as Se,k as qe,l as Ie,p as Pe,q as ue,r as Ce,s as J,t as z,u as Oe,v as je,w as pe,x as De,y as Be,z as de}from"./chunks/chunk-OC5W4B42.js";var te=["kitchen","gas","lpg","medical","meals_delivered"],He={kitchen:"自办食堂（厨房）",gas:"使用管道燃气",lpg:"使用液化石油气钢瓶",medical:"内设医疗机构",meals_delivered:"外送餐食"};function Me(e,t){return e==null?!0:Array.isArray(e.any_of)?e.any_of.some(s=>Me(s,t)):Object.entries(e).every(([s,n])=>!!t[s]===n)}var O=(e,t)=>`${e}:${t}`;function G(e,t){let s=[];for(let n of e)for(let i of n.sections)for(let m of i.items)Me(m.applies_if,t)&&s.push({checklist:n.key,item:m});return s}function se(e,t){return(e.choices||[]).find(s=>s.value===t)}function $e(e,t){if(e.answer_type==="choice"){let s=se(e,t);return s?s.passes===!1?"fail":"pass":void 0}if(e.answer_type==="number"&&typeof t=="number"&&e.pass_range){let{min:s,max:n}=e.pass_range;return s!=null&&t<s||n!=null&&t>n?"fail":"pass"}}function he(e,t){return se(e,t)?.severity||e.severity}function be(e,t,s){if(!t||!t.result)return[];let n=[];return t.result==="pass"&&$e(e,t.value)==="fail"&&n.push(e.answer_type==="number"?"数值超出合格范围，不能判为合格":"所选情形属于不合格，不能判为合格"),t.result==="fail"&&e.photo_required_on_fail&&s===0&&n.push("不合格须拍照留证"),t.result==="fail"&&t.fixed_on_site&&(he(e,t.value)==="major"?n.push("重大隐患不能当场整改"):s===0&&n.push("当场整改须拍照留证")),n}function ne(e,t,s,n){let i=G(e,t),m=[],o=[];for(let y of i){let u=O(y.checklist,y.item.code),$=s[u];if(!$||!$.result){m.push(y);continue}let k=be(y.item,$,n[u]||0);k.length&&o.push({...y,problems:k})}return{total:i.length,answered:i.length-m.length,missing:m,problems:o}}function Fe(e,t,s,n){let i={checklist:e,item_code:t,result:s.result};return s.value!==void 0&&s.value!==""&&(i.value=s.value),s.note&&(i.note=s.note),n.length&&(i.photo_ids=n),s.result==="fail"&&s.fixed_on_site&&(i.fixed_on_site=!0),i}var f=null,we=new Set;function Ge(e){return we.add(e),()=>we.delete(e)}function A(){f&&(f={...f});for(let e of we)e()}var D=()=>f;async function ae(e,t){if(t){let n=await de(`${e}@${t}`);if(n)return n.doc}let s=t?void 0:await de(e);try{let n=await T("GET",t?`/checklists/${e}/versions/${t}`:`/checklists/${e}`,{raw:!0,headers:s?.etag?{"If-None-Match":s.etag}:{}});if(n.status===304&&s)return s.doc;let i=await n.json();return await fe({key:`${e}@${i.version}`,doc:i}),t||await fe({key:e,doc:i,etag:n.headers.get("ETag")}),i}catch(n){if(s&&n instanceof N&&n.status===0)return s.doc;throw n}}async function ge(e){if(f?.draft.id===e)return f;let t=await J(e);if(!t)return null;for(let i of f?.urls.values()||[])URL.revokeObjectURL(i);let s=await De(e),n=await Promise.all(t.checklists.map(i=>ae(i,t.versions?.[i])));return f={draft:t,photos:s,checklists:n,error:null,urls:new Map},A(),await yt(t,s).catch(F),f}async function ye(e,t){let s=await J(e);if(s)return s;let n=await j(`/inspections/${e}`),i=await j(`/institutions/${n.institution_id}`),m={id:e,owner:t,institution:i,checklists:n.checklists.map(o=>o.key),versions:Object.fromEntries(n.checklists.map(o=>[o.key,o.version])),kind:n.kind,started_at:n.started_at,features_confirmed:n.features_confirmed,assignees:n.officers.filter(o=>o.id!==t).map(o=>({id:o.id,display_name:o.display_name,certified:o.certified})),present_person_name:n.present_person_name,present_person_position:n.present_person_position,answers:Object.fromEntries(n.answers.map(o=>[O(o.checklist,o.item_code),{result:o.result,value:o.value??void 0,note:o.note||"",fixed_on_site:o.fixed_on_site}])),serverPhotos:Object.fromEntries(n.answers.map(o=>[O(o.checklist,o.item_code),o.photo_ids||[]])),dirty:[],created:!0,status:n.status,hazard_ids:n.hazard_ids||[]};return await z(m),m}async function Qe(e){return await z(e),e}function F(e){f&&(f.error=e),A()}async function R(e){f&&(f.draft={...f.draft,...e},e.checklists&&(f.checklists=await Promise.all(e.checklists.map(t=>ae(t)))),A(),await _e(f.draft).catch(F))}function _e(e){return B({owner:e.owner,group:e.id,key:`inspection:${e.id}`,kind:"request",label:`${e.institution.name}：检查基本信息`,method:"PUT",path:`/inspections/${e.id}`,body:_t(e),tag:"inspection"},[{store:"drafts",value:e}])}function ke(e,t,s){let[n,i]=s.split(":"),m=[...e.serverPhotos?.[s]||[],...t.filter(o=>o.key===s).map(o=>({$photo:o.localId}))];return{owner:e.owner,group:e.id,key:`answer:${e.id}:${s}`,kind:"request",label:`${e.institution.name}：${i}`,method:"PUT",path:`/inspections/${e.id}/answers`,body:[Fe(n,i,e.answers[s],m)],tag:"answer"}}async function U(e,t){if(!f)return;let s=f.draft;f.draft={...s,answers:{...s.answers,[e]:{...s.answers[e],...t}}},A();let n=f.draft;try{n.answers[e]?.result?await B(ke(n,f.photos,e),[{store:"drafts",value:n}]):await z(n)}catch(i){F(i)}}async function Je(){if(!f)return;let e=f.draft;try{e.status==="draft"?await _e(e):await z(e);for(let t of Object.keys(e.answers))e.answers[t]?.result&&await B(ke(e,f.photos,t));f.error=null,A()}catch(t){F(t)}}async function Ke(e){let t=await e.arrayBuffer();if(!crypto.subtle)return null;let s=await crypto.subtle.digest("SHA-256",t);return Array.from(new Uint8Array(s),n=>n.toString(16).padStart(2,"0")).join("")}async function wt(e,t){if(e.size!==t.size)return!1;let[s,n]=await Promise.all([e.arrayBuffer(),t.arrayBuffer()]),i=new Uint8Array(s),m=new Uint8Array(n);return i.every((o,y)=>o===m[y])}var Ve=Promise.resolve();function Xe(e,t){let s=Ve.then(()=>gt(e,t));return Ve=s.catch(()=>{}),s}async function gt(e,t){if(!f)return;let s=f.draft.id,n=new Blob([await t.arrayBuffer()],{type:t.type||"image/jpeg"}),i=await Ke(n),m={localId:crypto.getRandomValues(new Uint32Array(4)).join("-"),inspectionId:s,key:e,blob:n,name:t.name||"photo.jpg",photoId:null,added:Date.now(),sha256:i||void 0};try{await je(m);let o=await Be(m.localId);if(!(o&&(i?await Ke(o.blob)===i:await wt(o.blob,n))))throw await pe(m.localId),new Error("照片未能完整保存在手机上，请重拍 / The photo was not stored intact, take it again")}catch(o){F(o);return}if(f?.draft.id===s){f.photos=[...f.photos,m];try{await B({owner:f.draft.owner,group:s,key:`photo:${m.localId}`,kind:"upload",label:`${f.draft.institution.name}：照片 ${m.name}`,photo:m.localId})}catch(o){F(o)}await U(e,{})}}async function Ye(e){f&&(await pe(e.localId),await me(t=>t.key===`photo:${e.localId}`),f.photos=f.photos.filter(t=>t.localId!==e.localId),await U(e.key,{}))}function Ze(e){if(!f)return"";let t=f.urls.get(e.localId);return t||(t=URL.createObjectURL(e.blob),f.urls.set(e.localId,t)),t}function oe(e){return f?f.photos.filter(s=>s.key===e).length+(f.draft.serverPhotos?.[e]?.length||0):0}async function yt(e,t){let s=new Set(Le(e.id).map(n=>n.key));e.status==="draft"&&e.created===!1&&!s.has(`inspection:${e.id}`)&&await _e({...e,created:void 0});for(let n of t.filter(i=>!i.photoId&&!s.has(`photo:${i.localId}`)))await B({owner:e.owner,group:e.id,key:`photo:${n.localId}`,kind:"upload",label:`${e.institution.name}：照片 ${n.name}`,photo:n.localId});for(let n of e.dirty||[])e.answers[n]?.result&&await B(ke(e,t,n));e.dirty?.length&&await z({...e,dirty:[]})}function _t(e){let t={institution_id:e.institution.id,checklists:e.checklists,kind:e.kind,started_at:e.started_at};return e.features_confirmed&&(t.features_confirmed=e.features_confirmed),e.assignees.length&&(t.assignee_ids=e.assignees.map(s=>s.id)),e.present_person_name!=null&&(t.present_person_name=e.present_person_name),e.present_person_position!=null&&(t.present_person_position=e.present_person_position),t}async function et(){f&&(f.draft={...f.draft,status:"sending",submitError:null},A(),await B({owner:f.draft.owner,group:f.draft.id,key:`submit:${f.draft.id}`,kind:"request",label:`${f.draft.institution.name}：提交检查`,method:"POST",path:`/inspections/${f.draft.id}/submit`,body:{},tag:"submit"},[{store:"drafts",value:f.draft}]))}async function re(e,t){let s=f?.draft.id===e?f.draft:await J(e);if(!s)return;let n=t(s);await z(n),f?.draft.id===e&&(f.draft=n,A())}Y("inspection",{async sent(e,t){let s=Object.fromEntries(t.checklists.map(n=>[n.key,n.version]));await re(e.group,n=>({...n,created:!0,versions:s,serverMissing:t.missing}))}});Y("answer",{async sent(e,t){await re(e.group,s=>({...s,serverMissing:t.missing}))}});Y("submit",{async sent(e,t){await re(e.group,s=>({...s,status:"submitted",hazard_ids:t.hazard_ids||[]}))},async blocked(e){await me(t=>t.seq===e.seq),await re(e.group,t=>({...t,status:"draft",submitError:e.blocked}))}});Ae(A);var tt=e=>j(`/inspections/${e}`);var kt=[["pass","合格","✓"],["fail","不合格","✗"],["na","不适用","—"]];function st(e){let t=e.pass_range;if(!t)return"";let s=e.unit||"";return t.min!=null&&t.max!=null?`合格范围 ${t.min}–${t.max} ${s}`:t.min!=null?`合格：不低于 ${t.min} ${s}`:`合格：不高于 ${t.max} ${s}`}function K(){let e=D();return e?r`<${Ue} group=${e.draft.id} />`:null}function nt({id:e,index:t}){let s=D();if(!s)return null;let{draft:n,checklists:i}=s,m={...n.institution.features,...n.features_confirmed||{}},o=G(i,m),y=Object.fromEntries(o.map(c=>[O(c.checklist,c.item.code),oe(O(c.checklist,c.item.code))])),u=ne(i,m,n.answers,y),$=Math.max(0,Math.min(t,o.length-1)),k=o[$];if(!k)return r`<main id="main" tabindex="-1" class="screen"><p>没有适用的检查项。</p></main>`;let{item:d}=k,h=O(k.checklist,d.code),l=n.answers[h]||{},p=s.photos.filter(c=>c.key===h),E=n.serverPhotos?.[h]?.length||0,x=be(d,l,p.length+E),a=i.find(c=>c.key===k.checklist),_=u.missing.find(c=>o.indexOf(c)>$)||u.missing[0],g=c=>{let S=$e(d,c);U(h,S&&l.result!=="na"?{value:c,result:S}:{value:c})},b=null;d.answer_type==="choice"?b=r`<fieldset class="choices"><legend>实际情形</legend>
      ${(d.choices||[]).map(c=>r`<label class="choice">
          <input type="radio" name=${`v-${h}`} value=${c.value} checked=${l.value===c.value}
            onChange=${()=>g(c.value)} />
          <span>${c.label.zh}${c.passes===!1?"（不合格）":""}</span>
        </label>`)}
    </fieldset>`:d.answer_type==="number"?b=r`<label for=${`v-${h}`}>测量值${d.unit?`（${d.unit}）`:""}</label>
      <${M} id=${`v-${h}`} type="number" inputmode="decimal" step="any"
        value=${typeof l.value=="number"?String(l.value):""}
        onCommit=${c=>g(c===""?void 0:Number(c))} />
      ${st(d)?r`<p class="hint">${st(d)}</p>`:null}`:d.answer_type==="yes_no"?b=r`<fieldset class="choices two"><legend>现场情况</legend>
      ${[[!0,"是"],[!1,"否"]].map(([c,S])=>r`<label class="choice">
          <input type="radio" name=${`v-${h}`} checked=${l.value===c} onChange=${()=>g(c)} />
          <span>${S}</span>
        </label>`)}
    </fieldset>`:b=r`<label for=${`v-${h}`}>记录</label>
      <${M} id=${`v-${h}`} value=${typeof l.value=="string"?l.value:""}
        onCommit=${c=>g(c)} />`;let v=l.result==="fail"?he(d,l.value):d.severity;return r`<main id="main" tabindex="-1" class="screen item-screen">
    <${C} title=${n.institution.name} back=${`#/i/${e}/setup`} />
    <div class="status">
      <${ee} done=${u.answered} total=${u.total} />
      <p><span>已答 ${u.answered}/${u.total}</span>
        ${u.missing.length?r` · <a href=${`#/i/${e}/review`}>尚缺 ${u.missing.length} 项</a>`:r` · <a href=${`#/i/${e}/review`}>全部答完，去提交</a>`}
      </p>
      <${K} />
    </div>
    <${I} error=${s.error} />
    <article class="card item" aria-labelledby="prompt">
      <p class="meta">${a?.title.zh} · ${d.code} · 第 ${$+1}/${o.length} 项
        ${d.severity==="major"||se(d,l.value)?.severity==="major"?r` · <strong class="major">可能为重大隐患</strong>`:null}</p>
      <h2 id="prompt">${d.prompt.zh}</h2>
      ${d.prompt.en?r`<p class="en">${d.prompt.en}</p>`:null}
      <details><summary>检查要点与依据</summary><p>${d.guidance.zh}</p><p class="basis">依据：${d.basis}</p></details>
      ${b}
      <fieldset class="results"><legend>结论</legend>
        ${kt.map(([c,S,P])=>r`<label class=${`result ${c}`}>
            <input type="radio" name=${`r-${h}`} value=${c} checked=${l.result===c}
              onChange=${()=>U(h,{result:c})} />
            <span><b aria-hidden="true">${P}</b> ${S}</span>
          </label>`)}
      </fieldset>
      ${l.result==="fail"?r`<p class="hint">${v==="major"?"将作为重大隐患上报":"将作为一般隐患，限期整改"}${d.photo_required_on_fail?"；须拍照":""}</p>
          ${v!=="major"?r`<label class="check"><input type="checkbox" checked=${!!l.fixed_on_site}
                onChange=${c=>U(h,{fixed_on_site:c.target.checked})} />
                <span>当场整改（须拍照）</span></label>`:null}`:null}
      <label for=${`note-${h}`}>备注</label>
      <textarea id=${`note-${h}`} rows="3" value=${l.note||""}
        onInput=${c=>U(h,{note:c.target.value})}></textarea>
      <div class="photos">
        <p>照片：${p.length+E} 张</p>
        <ul class="thumbs">${p.map((c,S)=>r`<li>
            <img src=${Ze(c)} alt=${`${d.code} 照片 ${S+1}`} />
            <span class="tag">${c.photoId?"已上传":"待上传"}</span>
            <button class="link" onClick=${()=>Ye(c)} aria-label=${`删除照片 ${S+1}`}>删除</button>
          </li>`)}</ul>
        <label class="button camera">
          拍照 / 选照片
          <input class="visually-hidden" type="file" accept="image/*" capture="environment"
            onChange=${async c=>{for(let S of Array.from(c.target.files))await Xe(h,S);c.target.value=""}} />
        </label>
      </div>
      <div role="alert">${x.length?r`<ul class="problems">${x.map(c=>r`<li>⚠ ${c}</li>`)}</ul>`:null}</div>
    </article>
    <nav class="pager" aria-label="翻页">
      <a class=${`button ${$===0?"disabled":""}`} href=${`#/i/${e}/item/${Math.max(0,$-1)}`} aria-disabled=${$===0}>上一项</a>
      ${$<o.length-1?r`<a class="button primary" href=${`#/i/${e}/item/${$+1}`}>下一项</a>`:r`<a class="button primary" href=${`#/i/${e}/review`}>检查并提交</a>`}
    </nav>
    ${_&&o.indexOf(_)!==$?r`<p class="center"><a href=${`#/i/${e}/item/${o.indexOf(_)}`}>跳到下一个未答项（${_.item.code}）</a></p>`:null}
  </main>`}function rt({id:e,me:t,go:s}){let n=D(),[i,m]=w(null),[o,y]=w(!1);if(!n)return null;let{draft:u,checklists:$}=n;if(u.status!=="draft")return s(`#/i/${e}/done`),null;let k={...u.institution.features,...u.features_confirmed||{}},d=G($,k),h=Object.fromEntries(d.map(b=>[O(b.checklist,b.item.code),oe(O(b.checklist,b.item.code))])),l=ne($,k,u.answers,h),p=(t.enforcement_cert_no?1:0)+u.assignees.filter(b=>b.certified).length,E=!!(u.present_person_name?.trim()&&u.present_person_position?.trim()),x=d.filter(b=>u.answers[O(b.checklist,b.item.code)]?.result==="fail"),a=l.missing.length+l.problems.length+(p<2?1:0)+(E?0:1),_=b=>`#/i/${e}/item/${d.indexOf(b)}`;async function g(){y(!0),m(null);try{await et(),s(`#/i/${e}/done`)}catch(b){m(b)}finally{y(!1)}}return r`<main id="main" tabindex="-1" class="screen">
    <${C} title="检查并提交" back=${`#/i/${e}/item/0`} />
    <div class="status">
      <${ee} done=${l.answered} total=${l.total} />
      <p>已答 ${l.answered}/${l.total} 项，不合格 ${x.length} 项</p>
      <${K} />
    </div>
    ${p<2?r`<section class="card warn"><h2>还需第二名持证检查人员</h2>
          <p>提交前须有两名持执法证的检查人员。<a href=${`#/i/${e}/setup`}>去添加</a></p></section>`:null}
    ${E?null:r`<section class="card warn"><h2>还需填写在场人员</h2>
          <p>现场检查记录须写明被检查单位在场人员的姓名和职务。<a href=${`#/i/${e}/setup`}>去填写</a></p></section>`}
    ${l.missing.length?r`<section class="card" aria-labelledby="missing-h"><h2 id="missing-h">尚未作答（${l.missing.length} 项）</h2>
          <ul class="list compact">${l.missing.map(b=>r`<li><a href=${_(b)}>${b.item.code} ${b.item.prompt.zh}</a></li>`)}</ul></section>`:null}
    ${l.problems.length?r`<section class="card" aria-labelledby="problems-h"><h2 id="problems-h">需要修改（${l.problems.length} 项）</h2>
          <ul class="list compact">${l.problems.map(b=>r`<li><a href=${_(b)}>${b.item.code}：${b.problems.join("；")}</a></li>`)}</ul></section>`:null}
    ${x.length?r`<section class="card" aria-labelledby="failed-h"><h2 id="failed-h">不合格项（提交后生成隐患）</h2>
          <ul class="list compact">${x.map(b=>r`<li><a href=${_(b)}>${b.item.code} ${b.item.prompt.zh}</a></li>`)}</ul></section>`:null}
    ${u.submitError?r`<section class="card warn" aria-labelledby="refused-h"><h2 id="refused-h">服务器未接受提交</h2>
          <p>数据仍保存在手机上。请按下面的提示修改，然后再次提交。</p>
          <${I} error=${new N(u.submitError.status,u.submitError.body)} /></section>`:null}
    <${I} error=${i||n.error} />
    <button class="primary" disabled=${o||a>0} onClick=${g}>
      ${o?"正在提交…":a?`还有 ${a} 处待处理`:"提交检查"}
    </button>
  </main>`}function at({id:e}){let t=D(),[s,n]=w(null),[i,m]=w([]),[o,y]=w(null),u=t?.draft.status;if(q(()=>{u==="submitted"&&tt(e).then(async d=>{n(d);let h=d.hazard_ids||[];m(await Promise.all(h.map(l=>T("GET",`/hazards/${l}`))))}).catch(y)},[e,u]),u==="draft")return location.hash=`#/i/${e}/review`,null;if(u==="sending")return r`<main id="main" tabindex="-1" class="screen">
      <${C} title="已提交到手机" back="#/" />
      <p class="lead">${t?.draft.institution.name||""}：检查已在手机上提交，等待发送到服务器。</p>
      <p>联网后会自动依次发送照片、各项结论和提交；发送完成后这里会显示发现的隐患和文书。不要退出登录。</p>
      <${K} />
      <a class="button primary" href="#/">回到今日任务</a>
    </main>`;async function $(d){try{let h=await T("GET",d.url.replace(/^\/api\/v1/,""),{raw:!0}),l=URL.createObjectURL(await h.blob());window.open(l,"_blank")||(window.location.href=l)}catch(h){y(h)}}let k={record:"现场检查记录",notice:"责令限期整改通知书"};return r`<main id="main" tabindex="-1" class="screen">
    <${C} title="已提交" back="#/" />
    <p class="lead">${t?.draft.institution.name||""}：检查已提交。</p>
    <${I} error=${o} />
    <section class="card" aria-labelledby="hazards-h">
      <h2 id="hazards-h">发现的隐患（${s?(s.hazard_ids||[]).length:"…"}）</h2>
      ${i.length?r`<ul class="list compact">${i.map(d=>r`<li><div><strong>${d.title}</strong>
              <span>${d.severity==="major"?"重大隐患":"一般隐患"}${d.fixed_on_site?" · 当场整改":""} · 整改期限 ${new Date(d.due_at).toLocaleDateString("zh-CN")}</span></div></li>`)}</ul>`:r`<p class="empty">${s?"未发现隐患。":"正在加载…"}</p>`}
    </section>
    <section class="card" aria-labelledby="docs-h">
      <h2 id="docs-h">文书（请向机构负责人出示）</h2>
      ${(s?.documents||[]).map(d=>r`<button class="row" onClick=${()=>$(d)}>
          <strong>${k[d.kind]||d.kind} PDF</strong><span>编号 ${d.number}</span></button>`)}
    </section>
    <a class="button primary" href="#/">回到今日任务</a>
  </main>`}function ve({onLoggedIn:e,expired:t,username:s}){let[n,i]=w(s||""),[m,o]=w(""),[y,u]=w(null),[$,k]=w(!1),d=Q(null);q(()=>{t&&d.current?.focus()},[t]);async function h(p){p.preventDefault(),k(!0),u(null);try{e(await X("/auth/login",{username:n.trim(),password:m}))}catch(E){u(E)}finally{k(!1)}}let l=r`<form class="card login" onSubmit=${h}>
    ${t?r`<h2 id="relogin-title">登录已过期，请重新登录</h2>
          <p>已填写的答案和照片都保存在手机上，登录后继续。</p>`:null}
    <label for="username">用户名 <span class="en">Username</span></label>
    <input id="username" name="username" autocomplete="username" autocapitalize="none"
      required value=${n} onInput=${p=>i(p.target.value)} />
    <label for="password">密码 <span class="en">Password</span></label>
    <input id="password" name="password" type="password" ref=${d} autocomplete="current-password"
      required value=${m} onInput=${p=>o(p.target.value)} />
    <${I} error=${y} where="login" />
    <button class="primary" type="submit" disabled=${$}>${$?"正在登录…":"登录"}</button>
  </form>`;return t?r`<div class="overlay"><div role="dialog" aria-modal="true" aria-labelledby="relogin-title">${l}</div></div>`:r`<main id="main" tabindex="-1" class="screen">
    <header class="bar"><h1>养老机构安全检查</h1></header>
    <p class="lead">区民政局 · 检查人员登录</p>
    ${l}
  </main>`}var ot=[["old_password","原密码","Current password","current-password"],["new_password","新密码","New password","new-password"],["again","再次输入新密码","New password again","new-password"]];function it({required:e,username:t,onChanged:s,onLogout:n}){let[i,m]=w({old_password:"",new_password:"",again:""}),[o,y]=w({}),[u,$]=w(null),[k,d]=w(!1),[h,l]=w(!1),p=Q(null);q(()=>{let a=ot.find(([_])=>o[_]);a&&p.current?.querySelector(`#pw-${a[0]}`)?.focus()},[o]);async function E(a){a.preventDefault(),$(null);let _=Se(i);if(y(_),!Object.keys(_).length){d(!0);try{await X("/me/password",{old_password:i.old_password,new_password:i.new_password}),l(!0)}catch(g){if(g instanceof N&&g.status===422){let b=qe(g.body?.errors);Object.keys(b).length||(b.form=[String(g.body?.message||"").split(" / ")[0]]),y(b)}else $(g)}finally{d(!1)}}}let x=r`<${C} title="修改密码" back=${e?void 0:"#/"}>
    ${e?r`<button class="link" onClick=${n}>退出</button>`:null}
  <//>`;return h?r`<main id="main" tabindex="-1" class="screen">
      ${x}
      <div class="card" role="status">
        <h2>密码已修改</h2>
        <p>以后请用新密码登录。其他手机或电脑上的登录已全部退出，这部手机保持登录。</p>
        <button class="primary" onClick=${s}>继续</button>
      </div>
    </main>`:r`<main id="main" tabindex="-1" class="screen">
    ${x}
    ${e?r`<p class="lead">区民政局已为您重置密码。请先设置一个只有您自己知道的新密码，然后继续工作。</p>`:r`<p class="lead">${t}，请输入原密码和新密码。</p>`}
    <form class="card" ref=${p} onSubmit=${E} noValidate>
      ${ot.map(([a,_,g,b])=>{let v=o[a];return r`<label for=${`pw-${a}`}>${_} <span class="en">${g}</span></label>
          ${a==="old_password"&&e?r`<p class="hint" id="pw-old-hint">即区民政局告诉您的临时密码。</p>`:null}
          ${a==="new_password"?r`<p class="hint" id="pw-rules">至少 12 个字符；不要用常见密码、连续或重复的字符，也不要包含用户名。</p>`:null}
          <input id=${`pw-${a}`} name=${a} type="password" autocomplete=${b} required
            aria-invalid=${v?"true":"false"}
            aria-describedby=${[v?`pw-${a}-error`:"",a==="new_password"?"pw-rules":"",a==="old_password"&&e?"pw-old-hint":""].filter(Boolean).join(" ")||void 0}
            value=${i[a]}
            onInput=${c=>m({...i,[a]:c.target.value})} />
          ${v?r`<p class="field-error" id=${`pw-${a}-error`}>${v.join("；")}</p>`:null}`})}
      ${o.form?r`<div class="error" role="alert"><p>${o.form.join("；")}</p></div>`:null}
      ${Object.keys(o).length?r`<p class="visually-hidden" role="alert">请按提示修改后再提交。</p>`:null}
      <${I} error=${u} />
      <button class="primary" type="submit" disabled=${k}>${k?"正在保存…":"修改密码"}</button>
    </form>
  </main>`}function lt({onPick:e}){let[t,s]=w(null),[n,i]=w(""),[m,o]=w(""),[y,u]=w(null),[$,k]=w(null);q(()=>{V("/institutions?page_size=200").then(s,k)},[]),q(()=>{if(!n&&!m){u(null);return}let l=new URLSearchParams({page_size:"200"});n&&l.set("q",n),m&&l.set("street",m);let p=()=>(t||[]).filter(x=>(!n||x.name.includes(n))&&(!m||x.street===m)),E=setTimeout(()=>j(`/institutions?${l}`).then(u,x=>x?.status===0&&t?u(p()):k(x)),250);return()=>clearTimeout(E)},[n,m,t]);let d=[...new Set((t||[]).map(l=>l.street))].sort((l,p)=>l.localeCompare(p,"zh")),h=y||t;return r`<main id="main" tabindex="-1" class="screen">
    <${C} title="选择检查对象" back="#/" />
    <div class="card filters">
      <label for="q">机构名称</label>
      <input id="q" type="search" placeholder="输入名称中的字" value=${n}
        onInput=${l=>i(l.target.value)} />
      <label for="street">街道（镇）</label>
      <select id="street" value=${m} onChange=${l=>o(l.target.value)}>
        <option value="">全部街道</option>
        ${d.map(l=>r`<option value=${l}>${l}</option>`)}
      </select>
    </div>
    <${I} error=${$} />
    ${h==null?r`<p class="empty">正在加载…</p>`:h.length===0?r`<p class="empty">没有符合条件的机构。</p>`:r`<ul class="list" aria-label="机构列表">${h.map(l=>r`<li><button class="row" onClick=${()=>e(l)}>
              <strong>${l.name}</strong><span>${l.street} · ${l.address}</span>
            </button></li>`)}</ul>`}
  </main>`}var ct={manager:()=>import("./chunks/manager-F62K3WYE.js"),bureau:()=>import("./chunks/bureau-UPGCGV72.js"),auditor:()=>import("./chunks/auditor-KZTVITNF.js"),review:()=>import("./chunks/review-UI5HQG2W.js"),street:()=>import("./chunks/street-FHJDV6A7.js")},vt=new Set(["review","street"]),xe=e=>!vt.has(e)&&e in ct;function le(e){let t=e.part||e.user.role,[s,n]=w(null),[i,m]=w(null);return q(()=>{n(null),ct[t]().then(y=>n(()=>y.Screens)).catch(m)},[t]),i?r`<main id="main" tabindex="-1" class="screen"><${I} error=${i} /></main>`:s?r`<${s} ...${e} />`:r`<main id="main" tabindex="-1" class="screen"><p class="empty">正在加载…</p></main>`}var xt={fire:"消防",food:"食品",gas:"燃气",service:"服务",facilities:"建筑与设施设备",management:"安全管理"};function ut({me:e,id:t}){let s=D(),[n,i]=w(null),[m,o]=w([]),[y,u]=w(null);if(q(()=>{V("/officers?page_size=200").then(i,u),V("/checklists").then(o,u)},[]),!s)return null;let $=s.draft,k={...$.institution.features,...$.features_confirmed||{}},d=new Set($.assignees.map(a=>a.id)),h=(n||[]).filter(a=>a.id!==e.id),l=(e.enforcement_cert_no?1:0)+$.assignees.filter(a=>a.certified).length,p=(a,_)=>R({features_confirmed:{...Object.fromEntries(te.map(g=>[g,k[g]||!1])),[a]:_}}),E=(a,_)=>R({assignees:_?[...$.assignees,{id:a.id,display_name:a.display_name,certified:a.certified}]:$.assignees.filter(g=>g.id!==a.id)}),x=(a,_)=>{let g=_?[...$.checklists,a]:$.checklists.filter(b=>b!==a);g.length&&R({checklists:g})};return r`<main id="main" tabindex="-1" class="screen">
    <${C} title=${$.institution.name} back="#/" />
    <${K} />
    <${I} error=${y||s.error} />
    <section class="card" aria-labelledby="officers-h">
      <h2 id="officers-h">检查人员（至少两名持执法证）</h2>
      <p>本人：${e.display_name}${e.enforcement_cert_no?`（执法证 ${e.enforcement_cert_no}）`:"（无执法证）"}</p>
      <p class=${l>=2?"ok":"warn"} aria-live="polite">
        ${l>=2?"✓ 已有两名持证人员":`⚠ 还需添加 ${2-l} 名持证检查人员`}
      </p>
      ${n==null?r`<p class="empty">正在加载…</p>`:r`<fieldset><legend>添加同行检查人员</legend>
            ${h.map(a=>r`<label class="check">
                <input type="checkbox" checked=${d.has(a.id)}
                  onChange=${_=>E(a,_.target.checked)} />
                <span>${a.display_name}${a.certified?"（持证）":"（无执法证）"}</span>
              </label>`)}
          </fieldset>`}
    </section>
    <section class="card" aria-labelledby="present-h">
      <h2 id="present-h">被检查单位在场人员</h2>
      <p class="hint">写入现场检查记录，提交前必填。</p>
      <label for="present-name">姓名</label>
      <${M} id="present-name" autocomplete="off" value=${$.present_person_name||""}
        onCommit=${a=>R({present_person_name:a.trim()})} />
      <label for="present-position">职务（如院长、安全管理员）</label>
      <${M} id="present-position" autocomplete="off" value=${$.present_person_position||""}
        onCommit=${a=>R({present_person_position:a.trim()})} />
    </section>
    <section class="card" aria-labelledby="features-h">
      <h2 id="features-h">现场核实机构情况</h2>
      <p class="hint">按现场实际勾选；与名录不同的会告知区民政局。</p>
      ${$.features_confirmed?r`<p class="ok" aria-live="polite">✓ 已现场核实</p>`:r`<button type="button" onClick=${()=>R({features_confirmed:Object.fromEntries(te.map(a=>[a,!!k[a]]))})}>
            与名录一致，确认</button>`}
      ${te.map(a=>r`<label class="check">
          <input type="checkbox" checked=${!!k[a]}
            onChange=${_=>p(a,_.target.checked)} />
          <span>${He[a]}${!!$.institution.features[a]!=!!k[a]?"（与名录不同）":""}</span>
        </label>`)}
    </section>
    ${r`<section class="card" aria-labelledby="lists-h">
          <h2 id="lists-h">检查表</h2>
          ${m.map(a=>r`<label class="check">
              <input type="checkbox" checked=${$.checklists.includes(a.key)}
                onChange=${_=>x(a.key,_.target.checked)} />
              <span>${a.title?.zh||xt[a.key]||a.key}（${a.item_count} 项）</span>
            </label>`)}
        </section>`}
    <a class="button primary" href=${`#/i/${t}/item/0`}>开始逐项检查</a>
  </main>`}var pt={routine:"日常检查",spot_check:"双随机抽查",follow_up:"复查",special:"专项检查"};function dt({user:e,onLogout:t}){let[s,n]=w(null),[i,m]=w([]),[o,y]=w(null),[u,$]=w({});q(()=>{Oe().then(p=>m(p.filter(E=>E.owner===e.id).sort((E,x)=>x.started_at.localeCompare(E.started_at)))),j("/me/tasks").then(async p=>{n(p);let E=new Set([...p.inspections,...p.hazards].map(a=>a.institution_id)),x=await Promise.all([...E].map(async a=>[a,(await j(`/institutions/${a}`)).name]));$(Object.fromEntries(x))}).catch(y)},[]);let k=new Set(i.map(p=>p.id)),d=(s?.inspections||[]).filter(p=>!k.has(p.id)),h=i.filter(p=>p.status==="draft"),l=i.filter(p=>p.status!=="draft").slice(0,5);return r`<main id="main" tabindex="-1" class="screen">
    <${C} title="今日任务">
      <a class="menu" href="#/password">修改密码</a>
      <button class="link" onClick=${t}>退出</button>
    <//>
    <p class="lead">${e.display_name||e.username}，您好</p>
    <a class="button primary" href="#/new">开始新的检查</a>
    ${e.street?r`<a class="button" href="#/board">${e.street}动态清零</a>`:null}
    <${I} error=${o} />
    <${Ne} />
    <section aria-labelledby="drafts-h">
      <h2 id="drafts-h">未提交的检查（草稿）</h2>
      ${h.length?r`<ul class="list">${h.map(p=>r`<li><a href=${`#/i/${p.id}/item/0`}>
              <strong>${p.institution.name}</strong>
              <span>${pt[p.kind]||p.kind} · ${W(p.started_at)} · 已答 ${Object.values(p.answers).filter(E=>E.result).length} 项</span>
            </a></li>`)}</ul>`:r`<p class="empty">没有草稿。</p>`}
    </section>
    <section aria-labelledby="assigned-h">
      <h2 id="assigned-h">分派给我的检查</h2>
      ${s==null&&!o?r`<p class="empty">正在加载…</p>`:d.length?r`<ul class="list">${d.map(p=>r`<li><a href=${`#/open/${p.id}`}>
                <strong>${u[p.institution_id]||"…"}</strong>
                <span>${pt[p.kind]||p.kind} · ${W(p.started_at)}</span>
              </a></li>`)}</ul>`:r`<p class="empty">暂无分派的检查。</p>`}
    </section>
    <section aria-labelledby="review-h">
      <h2 id="review-h">待我复查的隐患</h2>
      ${(s?.hazards||[]).length?r`<ul class="list">${s.hazards.map(p=>r`<li><a href=${`#/h/${p.id}`}>
              <strong>${p.title}</strong>
              <span>${u[p.institution_id]||""} · ${p.severity==="major"?"重大隐患":"一般隐患"} · 期限 ${W(p.due_at)}</span>
            </a></li>`)}</ul>`:r`<p class="empty">暂无待复查的隐患。</p>`}
    </section>
    ${l.length?r`<section aria-labelledby="done-h">
          <h2 id="done-h">最近提交</h2>
          <ul class="list">${l.map(p=>r`<li><a href=${`#/i/${p.id}/done`}>
              <strong>${p.institution.name}</strong><span>${p.status==="sending"?"已提交到手机，待发送":"已提交"} · ${W(p.started_at)}</span>
            </a></li>`)}</ul>
        </section>`:null}
  </main>`}var ce={fire:["fire"],market_regulation:["food"],health:["food","service"],civil_affairs:["fire","food","gas","service","facilities","management"]},ft=()=>(location.hash||"#/").slice(1),mt=[];function $t(e){if(e.role==="inspector")for(let t of ce[e.department]||ce.civil_affairs)ae(t).catch(()=>{})}var L=e=>{location.hash!==e&&(location.hash=e)};function Et(){let[e,t]=w(void 0),[s,n]=w(ft()),[i,m]=w(null),[,o]=w(0);q(()=>{let v=()=>n(ft());addEventListener("hashchange",v);let c=Ge(()=>o(P=>P+1)),S=Ie(()=>o(P=>P+1));return Pe("session").then(P=>{P&&new Date(P.expires_at)>new Date?(H.token=P.token,t(P),Z(P.user.id),$t(P.user),j("/me").then(ht=>h(ht)).catch(()=>{})):t(P?{...P,token:null}:null)},()=>t(null)),()=>{removeEventListener("hashchange",v),c(),S()}},[]),q(()=>{H.onExpired=()=>new Promise(v=>{mt.push(v),m(!0)}),H.onPasswordChange=()=>h({password_change_required:!0})},[]);let y=s.match(/^\/(?:i|open)\/([0-9a-f-]{36})/),u=y?y[1]:null,[$,k]=w(null);q(()=>{!u||!e?.token||$===u||(async()=>{s.startsWith("/open/")&&(await ye(u,e.user.id),L(`#/i/${u}/setup`)),await ge(u)||(await ye(u,e.user.id),await ge(u)),k(u)})().catch(()=>L("#/"))},[u,e?.token]),q(()=>{let v=[[/^\/new/,"选择检查对象"],[/\/setup$/,"检查准备"],[/\/item\//,"逐项检查"],[/\/review$/,"检查并提交"],[/\/done$/,"已提交"],[/^\/password$/,"修改密码"],[/^\/h\//,"复查隐患"],[/^\/board$/,"本街镇动态清零"]];if(e?.token&&xe(e.user.role)&&!e.user.password_change_required&&s!=="/password"){window.scrollTo(0,0);return}let c=e?.user?.password_change_required?[null,"修改密码"]:v.find(([S])=>S.test(s));document.title=`${e?.token?c?c[1]:"今日任务":"登录"} · 养老机构安全检查`,window.scrollTo(0,0),document.getElementById("main")?.focus()},[s,e?.token,e?.user?.password_change_required]);async function d(v){let c={token:v.token,expires_at:v.expires_at,user:v.user};await ue("session",c),H.token=v.token,t(c),m(null);for(let S of mt.splice(0))S();Z(c.user.id),$t(c.user)}function h(v){t(c=>{if(!c?.token)return c;let S={...c,user:{...c.user,...v}};return ue("session",S),S})}function l(){h({password_change_required:!1}),L("#/")}async function p(){let v=await ze(e.user.id).catch(()=>0);if(!(v&&!confirm(`还有 ${v} 项内容未发送到服务器。
退出后这些内容仍保存在本手机上，您再次登录后才会发送；请尽量联网发送完再退出。
确定要退出吗？`))){Z(null);try{await T("POST","/auth/logout")}catch{}H.token=null,await Ce("session"),t(null)}}async function E(v){let c=Te();await Qe({id:c,owner:e.user.id,institution:{id:v.id,name:v.name,street:v.street,features:v.features},checklists:ce[e.user.department]||ce.civil_affairs,kind:"routine",started_at:new Date().toISOString(),features_confirmed:null,assignees:[],answers:{},dirty:[],created:!1,status:"draft"}),L(`#/i/${c}/setup`)}let x=r`<${Re} onRetry=${()=>{Je()}} />`;if(e===void 0)return r`<main id="main" tabindex="-1" class="screen"><p class="empty">正在加载…</p></main>`;if(!e||!e.token)return r`${x}<${ve} onLoggedIn=${d} username=${e?.user?.username} />`;let a=e.user,_=i?r`<${ve} expired onLoggedIn=${d} username=${a.username} />`:null;if(a.password_change_required||s==="/password")return r`<${it} required=${!!a.password_change_required} username=${a.display_name||a.username}
      onChanged=${l} onLogout=${p} />${_}`;if(xe(a.role))return r`<${le} user=${a} path=${s} go=${L} onLogout=${p} />${_}`;let g,b=u&&$===u&&D()?.draft.id===u;return s==="/new"?g=r`<${lt} onPick=${E} />`:s.startsWith("/h/")?g=r`<${le} part="review" user=${a} path=${s} go=${L} onLogout=${p} />`:s==="/board"&&a.street?g=r`<${le} part="street" user=${a} path=${s} go=${L} onLogout=${p} />`:u&&!b?g=r`<main id="main" tabindex="-1" class="screen"><p class="empty">正在打开…</p></main>`:u&&s.endsWith("/setup")?g=r`<${ut} me=${a} id=${u} />`:u&&s.includes("/item/")?g=r`<${nt} id=${u} index=${Number(s.split("/item/")[1])||0} />`:u&&s.endsWith("/review")?g=r`<${rt} id=${u} me=${a} go=${L} />`:u&&s.endsWith("/done")?g=r`<${at} id=${u} />`:g=r`<${dt} user=${a} onLogout=${p} />`,r`${x}${g}${_}`}Ee(r`<${Et} />`,document.getElementById("app"));"serviceWorker"in navigator&&location.protocol!=="file:"&&navigator.serviceWorker.register("sw.js",{scope:"./"}).catch(()=>{});
