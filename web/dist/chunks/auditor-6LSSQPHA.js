import{a as g,c as y,e as w}from"./chunk-QPDDZTZR.js";import{a as b}from"./chunk-HXU6JE5O.js";import{f,i as o,k as h,m as _}from"./chunk-ZQ23V6WH.js";import{m,p as e,r as p}from"./chunk-LROS67LR.js";var v=[["#/","抽查计划"],["#/notifications","通知"]],k={inspector_unavailable:"抽中的检查人员无法履职",institution_not_operating:"抽中的机构已停业或注销",conflict_found:"发现应当回避的情形",pool_error:"名录库数据有误"};function j(t){let i={...t,menu:v},r=t.path.match(/^\/plans\/(\d+)$/);return r?e`<${x} page=${i} id=${Number(r[1])} />`:t.path==="/notifications"?e`<${b} page=${i} />`:e`<${g} page=${i} canCreate=${!1} />`}function l({value:t}){return e`<pre class="json" tabindex="0">${JSON.stringify(t,null,2)}</pre>`}var c=({ok:t,label:i})=>t===void 0?null:e`<li class=${t?"ok":"bad-text"}>${t?"✓":"✗"} ${i}${t?"一致":"不一致"}</li>`;function x({page:t,id:i}){let{data:r,error:d}=h(async()=>{let[a,s]=await Promise.all([m(`/spot-checks/${i}/audit`),y()]);return{record:a,names:s}},[i]),n=r?.record,$=n&&n.draws.every(a=>a.verification.ok);return e`<${_} title="抽取审计" back="#/" ...${t}>
    <${p} error=${d} />
    ${n?e`<${w} plan=${n.plan} />
        <p class=${$?"lead ok":"lead bad-text"} role="status">
          ${n.draws.length?$?`✓ ${n.draws.length} 次抽取均已在本页重新验证`:"✗ 有抽取未通过验证":"尚未抽取"}</p>
        <section class="card" aria-labelledby="announce-h">
          <h2 id="announce-h">公告与签名</h2>
          ${n.announcement?e`<p class="hint">签名（Ed25519）<code class="wrap">${n.announcement_signature}</code></p>
                <details><summary>公告全文</summary><${l} value=${n.announcement} /></details>`:e`<p class="empty">尚未公告。</p>`}
          ${n.inputs?e`<details><summary>抽取输入（冻结的机构库、人员库、回避关系）</summary><${l} value=${n.inputs} /></details>`:null}
        </section>
        ${n.draws.map(a=>e`<section class="card" aria-labelledby=${`draw-${a.number}-h`}>
            <h2 id=${`draw-${a.number}-h`}>第 ${a.number} 次抽取${a.superseded_at?"（已被替换）":""}${a.replaces?`，替换第 ${a.replaces} 次`:""}</h2>
            <ul class="checks" aria-label="验证结果">
              <li class=${a.verification.ok?"ok":"bad-text"}><strong>${a.verification.ok?"✓ 验证通过":"✗ 验证未通过"}</strong></li>
              <${c} ok=${a.verification.hash_ok} label="输入哈希" />
              <${c} ok=${a.verification.seed_ok} label="种子" />
              <${c} ok=${a.verification.selections_ok} label="抽取结果" />
            </ul>
            <dl class="facts">
              <dt>时间</dt><dd>${o(a.drawn_at)}${a.drawn_by_id?` · 操作人 ${r.names.officers[a.drawn_by_id]||`用户 ${a.drawn_by_id}`}`:""}</dd>
              <dt>算法</dt><dd>${a.algorithm}</dd>
              <dt>随机数</dt><dd>${a.source||"—"}：${a.public_value||"—"}</dd>
              <dt>服务器密钥</dt><dd><code class="wrap">${a.secret||"—"}</code></dd>
              <dt>种子</dt><dd><code class="wrap">${a.seed}</code></dd>
              <dt>输入哈希</dt><dd><code class="wrap">${a.input_hash}</code></dd>
              ${a.reason?e`<dt>重抽理由</dt><dd>${k[a.reason]||a.reason}</dd>`:null}
              ${a.note?e`<dt>说明</dt><dd>${a.note}</dd>`:null}
            </dl>
            <details><summary>本次抽取的全部输入</summary><${l} value=${a.inputs} /></details>
            ${a.design?e`<details><summary>抽样设计（入样概率）</summary><${l} value=${a.design} /></details>`:null}
            <h3>抽中的机构与检查组（${a.selections.length}）</h3>
            <ul class="list compact">${a.selections.map(s=>e`<li><div>
                <strong>${r.names.institutions[s.institution_id]?.name||`机构 ${s.institution_id}`}</strong>
                <span>检查组：${s.inspector_ids.map(u=>r.names.officers[u]||`人员 ${u}`).join("、")}</span>
                <span>结果：${s.result?f[s.result]||s.result:"未录入"}${s.result_at?` · ${o(s.result_at)}`:""}</span>
              </div></li>`)}</ul>
          </section>`)}`:d?null:e`<p class="empty">正在加载…</p>`}
  <//>`}export{j as Screens};
