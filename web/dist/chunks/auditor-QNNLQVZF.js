import{a as g,c as w,e as v}from"./chunk-S7QOZTVY.js";import{a as y}from"./chunk-OW6YZP72.js";import{d as f,f as h,i as c,k as _,m as b}from"./chunk-ESIZFJUU.js";import{H as m,L as t,N as p}from"./chunk-HWI3JL25.js";var E=[["#/","抽查计划"],["#/notifications","通知"]],N={inspector_unavailable:"抽中的检查人员无法履职",institution_not_operating:"抽中的机构已停业或注销",conflict_found:"发现应当回避的情形",pool_error:"名录库数据有误"};function R(n){let r={...n,menu:E},i=n.path.match(/^\/plans\/(\d+)$/);return i?t`<${x} page=${r} id=${Number(i[1])} />`:n.path==="/notifications"?t`<${y} page=${r} />`:t`<${g} page=${r} canCreate=${!1} />`}function o({value:n}){return t`<pre class="json" tabindex="0">${JSON.stringify(n,null,2)}</pre>`}var d=({ok:n,label:r})=>n===void 0?null:t`<li class=${n?"ok":"bad-text"}>${n?"✓":"✗"} ${r}${n?"一致":"不一致"}</li>`;function x({page:n,id:r}){let{data:i,error:$}=_(async()=>{let[e,s]=await Promise.all([m(`/spot-checks/${r}/audit`),w()]);return{record:e,names:s}},[r]),a=i?.record,l=Object.fromEntries((a?.inputs?.team?.inspectors||[]).filter(Array.isArray).map(([e,s])=>[e,s])),k=e=>i.names.officers[e]||`检查员 ${e}${l[e]?`（${f[l[e]]||l[e]}）`:""}`,u=a&&a.draws.every(e=>e.verification.ok);return t`<${b} title="抽取审计" back="#/" ...${n}>
    <${p} error=${$} />
    ${a?t`<${v} plan=${a.plan} />
        <p class=${u?"lead ok":"lead bad-text"} role="status">
          ${a.draws.length?u?`✓ ${a.draws.length} 次抽取均已在本页重新验证`:"✗ 有抽取未通过验证":"尚未抽取"}</p>
        <section class="card" aria-labelledby="announce-h">
          <h2 id="announce-h">公告与签名</h2>
          ${a.announcement?t`<p class="hint">签名（Ed25519）<code class="wrap">${a.announcement_signature}</code></p>
                <details><summary>公告全文</summary><${o} value=${a.announcement} /></details>`:t`<p class="empty">尚未公告。</p>`}
          ${a.inputs?t`<details><summary>抽取输入（冻结的机构库、人员库、回避关系）</summary><${o} value=${a.inputs} /></details>`:null}
        </section>
        ${a.draws.map(e=>t`<section class="card" aria-labelledby=${`draw-${e.number}-h`}>
            <h2 id=${`draw-${e.number}-h`}>第 ${e.number} 次抽取${e.superseded_at?"（已被替换）":""}${e.replaces?`，替换第 ${e.replaces} 次`:""}</h2>
            <ul class="checks" aria-label="验证结果">
              <li class=${e.verification.ok?"ok":"bad-text"}><strong>${e.verification.ok?"✓ 验证通过":"✗ 验证未通过"}</strong></li>
              <${d} ok=${e.verification.hash_ok} label="输入哈希" />
              <${d} ok=${e.verification.seed_ok} label="种子" />
              <${d} ok=${e.verification.selections_ok} label="抽取结果" />
            </ul>
            <dl class="facts">
              <dt>时间</dt><dd>${c(e.drawn_at)}${e.drawn_by_id?` · 操作人 ${i.names.officers[e.drawn_by_id]||`用户 ${e.drawn_by_id}`}`:""}</dd>
              <dt>算法</dt><dd>${e.algorithm}</dd>
              <dt>随机数</dt><dd>${e.source||"—"}：${e.public_value||"—"}</dd>
              <dt>服务器密钥</dt><dd><code class="wrap">${e.secret||"—"}</code></dd>
              <dt>种子</dt><dd><code class="wrap">${e.seed}</code></dd>
              <dt>输入哈希</dt><dd><code class="wrap">${e.input_hash}</code></dd>
              ${e.reason?t`<dt>重抽理由</dt><dd>${N[e.reason]||e.reason}</dd>`:null}
              ${e.note?t`<dt>说明</dt><dd>${e.note}</dd>`:null}
            </dl>
            <details><summary>本次抽取的全部输入</summary><${o} value=${e.inputs} /></details>
            ${e.design?t`<details><summary>抽样设计（入样概率）</summary><${o} value=${e.design} /></details>`:null}
            <h3>抽中的机构与检查组（${e.selections.length}）</h3>
            <ul class="list compact">${e.selections.map(s=>t`<li><div>
                <strong>${i.names.institutions[s.institution_id]?.name||`机构 ${s.institution_id}`}</strong>
                <span>检查组：${s.inspector_ids.map(k).join("、")}</span>
                <span>结果：${s.result?h[s.result]||s.result:"未录入"}${s.result_at?` · ${c(s.result_at)}`:""}</span>
              </div></li>`)}</ul>
          </section>`)}`:$?null:t`<p class="empty">正在加载…</p>`}
  <//>`}export{R as Screens};
