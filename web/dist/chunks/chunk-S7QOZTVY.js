import{c as N,d as q,f as T,g as A,h as f,i as k,k as C,l as D,m as z,q as x}from"./chunk-ESIZFJUU.js";import{H as j,I as R,J as w,L as t,N as y,d as h}from"./chunk-HWI3JL25.js";var F={inspector_unavailable:"抽中的检查人员无法履职",institution_not_operating:"抽中的机构已停业或注销",conflict_found:"发现应当回避的情形",pool_error:"名录库数据有误"};function K({page:e,canCreate:a=!0}){let{data:r,error:s}=C(()=>D("/spot-checks")),c=(r||[]).slice().sort((n,m)=>m.id-n.id);return t`<${z} title="双随机抽查计划" ...${e}>
    ${a?t`<a class="button primary" href="#/plans/new">新建抽查计划</a>`:null}
    <${y} error=${s} />
    ${c.length?t`<ul class="list">${c.map(n=>t`<li><a href=${`#/plans/${n.id}`}>
            <strong>${n.name}</strong>
            <span>${A[n.status]||n.status} · ${f(n.period_start)}–${f(n.period_end)} · 公开期限 ${f(n.publish_due)}${n.publication_late?" · 已逾期未公开":""}</span>
          </a></li>`)}</ul>`:t`<p class="empty">${r?"还没有抽查计划。":"正在加载…"}</p>`}
  <//>`}var L=e=>new Date(`${e.length===16?`${e}:00`:e}+08:00`).toISOString();function Q({page:e,go:a}){let{data:r}=C(()=>j("/checklists")),[s,c]=h({name:"",period_start:"",period_end:"",ratio:"10",team_size:"2"}),[n,m]=h(["fire"]),[o,b]=h([]),[u,l]=h([{label:"",public_after:""}]),{busy:_,error:d,run:v}=x(),I=i=>p=>{let $=p.target.value;c(g=>({...g,[i]:$}))},O=(i,p,$)=>p(i.includes($)?i.filter(g=>g!==$):[...i,$]);return t`<${z} title="新建抽查计划" back="#/plans" ...${e}>
    <form class="card" aria-labelledby="new-h"
      onSubmit=${async i=>{i.preventDefault();let p=await v(()=>w("/spot-checks",{name:s.name,period_start:s.period_start,period_end:s.period_end,checklists:n,sample_ratio:Number(s.ratio)/100,team_size:Number(s.team_size),departments:o,random_sources:u.filter($=>$.label.trim()&&$.public_after).map($=>({label:$.label.trim(),public_after:L($.public_after)}))}));p&&a(`#/plans/${p.id}`)}}>
      <h2 id="new-h">抽查计划</h2>
      <label for="plan-name">计划名称</label>
      <input id="plan-name" required value=${s.name} onInput=${I("name")} />
      <div class="pair">
        <div><label for="plan-start">检查开始日期</label><input id="plan-start" type="date" required value=${s.period_start} onInput=${I("period_start")} /></div>
        <div><label for="plan-end">检查结束日期</label><input id="plan-end" type="date" required value=${s.period_end} onInput=${I("period_end")} /></div>
      </div>
      <fieldset><legend>检查表</legend>
        ${(r||[]).map(i=>t`<label class="check"><input type="checkbox" checked=${n.includes(i.key)}
            onChange=${()=>O(n,m,i.key)} />${i.title?.zh||i.title||N[i.category]||i.key}</label>`)}
      </fieldset>
      <label for="plan-ratio">抽查比例（%，各风险等级相同）</label>
      <input id="plan-ratio" type="number" min="5" max="100" step="1" required value=${s.ratio} onInput=${I("ratio")} />
      <label for="plan-team">每组检查人员（至少 2 名持证）</label>
      <input id="plan-team" type="number" min="2" max="10" required value=${s.team_size} onInput=${I("team_size")} />
      <fieldset><legend>联合检查须含的部门</legend>
        ${["civil_affairs","fire","market_regulation","health"].map(i=>t`<label class="check"><input type="checkbox" checked=${o.includes(i)}
            onChange=${()=>O(o,b,i)} />${q[i]}</label>`)}
      </fieldset>
      <fieldset><legend>指定的公共随机数（按使用顺序；公告后才公开）</legend>
        ${u.map((i,p)=>t`<div class="card">
            <label for=${`source-${p}`}>随机数 ${p+1} 名称</label>
            <input id=${`source-${p}`} placeholder="例：中国福利彩票双色球第2026141期开奖号码" value=${i.label}
              onInput=${$=>{let g=$.target.value;l(P=>P.map((S,E)=>E===p?{...S,label:g}:S))}} />
            <label for=${`source-${p}-at`}>公开时间（北京时间）</label>
            <input id=${`source-${p}-at`} type="datetime-local" step="1" value=${i.public_after}
              onInput=${$=>{let g=$.target.value;l(P=>P.map((S,E)=>E===p?{...S,public_after:g}:S))}} />
          </div>`)}
        ${u.length<10?t`<button type="button" onClick=${()=>l(i=>[...i,{label:"",public_after:""}])}>再加一个（重抽时使用）</button>`:null}
      </fieldset>
      <${y} error=${d} />
      <button class="primary" disabled=${_}>${_?"正在保存…":"保存计划（草稿）"}</button>
    </form>
  <//>`}async function V(){let[e,a]=await Promise.all([D("/institutions"),D("/officers").catch(()=>[])]);return{institutions:Object.fromEntries(e.map(r=>[r.id,r])),officers:Object.fromEntries(a.map(r=>[r.id,r.display_name]))}}function X({page:e,id:a}){let{data:r,error:s,reload:c}=C(async()=>{let[d,v]=await Promise.all([j(`/spot-checks/${a}`),V()]);return{plan:d,names:v}},[a]),{busy:n,error:m,run:o}=x(),[b,u]=h(null),l=r?.plan,_=async d=>await o(d)!==void 0&&c();return t`<${z} title="抽查计划" back="#/plans" ...${e}>
    <${y} error=${s||m} />
    ${l?t`<${U} plan=${l} />
        ${l.status==="draft"?t`<section class="card" aria-labelledby="announce-h"><h2 id="announce-h">第一步：公告</h2>
              <p>公告时冻结机构库和检查人员库并签名；此后任何人都可查看公告，抽取只能使用公告中指定的随机数。</p>
              <button class="primary" disabled=${n} onClick=${()=>_(()=>w(`/spot-checks/${a}/announce`))}>公告计划</button></section>`:null}
        ${l.status==="announced"?t`<${B} plan=${l} done=${c} />`:null}
        ${l.draw?t`<${G} plan=${l} names=${r.names} done=${c} />`:null}
        ${l.status==="drawn"?t`<${M} plan=${l} done=${c} />`:null}
        ${l.status==="drawn"?t`<section class="card" aria-labelledby="publish-h"><h2 id="publish-h">公开结果</h2>
              <p class="hint">检查期结束、每家机构都已录入结果后才能公开。公开期限：${f(l.publish_due)}。</p>
              <button class="primary" disabled=${n} onClick=${()=>_(()=>w(`/spot-checks/${a}/publish`))}>公开抽查结果</button></section>`:null}
        ${l.status!=="draft"?t`<section class="card" aria-labelledby="public-h"><h2 id="public-h">公开页面</h2>
              <p><a href=${`/api/v1/public/spot-checks/${a}/announcement`} target="_blank" rel="noopener">公告（任何人可查看）</a></p>
              ${l.status==="published"?t`<p class="ok">已于 ${k(l.published_at)} 公开。</p>
                    <p><a href=${`/public/spot-checks/${a}`} target="_blank" rel="noopener">公开的抽查结果页面</a></p>`:t`<p class="hint">结果公开后，公开页面为 /public/spot-checks/${a}</p>`}
            </section>`:null}
        ${l.draw?t`<section class="card" aria-labelledby="verify-h"><h2 id="verify-h">验证抽取</h2>
              <button disabled=${n} onClick=${async()=>u(await o(()=>j(`/spot-checks/${a}/verify`)))}>重新运行并验证</button>
              ${b?t`<p class=${b.ok?"ok":"bad-text"} role="status">${b.ok?"✓ 每次抽取均可复现":"✗ 验证未通过"}：${b.draws.map(d=>`第 ${d.number} 次${d.ok?"通过":"未通过"}`).join("，")}</p>`:null}</section>`:null}`:s?null:t`<p class="empty">正在加载…</p>`}
  <//>`}function U({plan:e}){return t`<section class="card" aria-labelledby="plan-h">
    <h2 id="plan-h">${e.name}</h2>
    <dl class="facts">
      <dt>状态</dt><dd data-status=${e.status}>${A[e.status]||e.status}</dd>
      <dt>检查期</dt><dd>${f(e.period_start)}–${f(e.period_end)}</dd>
      <dt>检查表</dt><dd>${e.checklists.map(a=>N[a]||a).join("、")}</dd>
      <dt>抽查比例</dt><dd>${e.sample_ratio?`${(e.sample_ratio*100).toFixed(1)}%`:Object.entries(e.class_ratios||{}).map(([a,r])=>`${a} ${(Number(r)*100).toFixed(1)}%`).join("，")}${e.sample_size?`（${e.sample_size} 家）`:""}</dd>
      <dt>每组人数</dt><dd>${e.team_size}${e.departments.length?`（须含 ${e.departments.map(a=>q[a]).join("、")}）`:""}</dd>
      <dt>算法</dt><dd>${e.algorithm}</dd>
      <dt>公告</dt><dd>${e.announced_at?k(e.announced_at):"未公告"}</dd>
      <dt>公开期限</dt><dd>${f(e.publish_due)}${e.publication_late?t` <b class="tag bad">已逾期</b>`:null}</dd>
    </dl>
    <h3>指定的公共随机数</h3>
    <ol>${(e.random_sources||[]).map(a=>t`<li>${a.label}（${k(a.public_after)} 后公开）</li>`)}</ol>
  </section>`}function B({plan:e,done:a}){let r=(e.random_sources||[])[0],[s,c]=h(""),{busy:n,error:m,run:o}=x(),b=r&&Date.parse(r.public_after)>Date.now();return t`<form class="card" aria-labelledby="draw-h"
      onSubmit=${async u=>{u.preventDefault(),await o(()=>w(`/spot-checks/${e.id}/draw`,{public_value:s.trim()}))!==void 0&&a()}}>
    <h2 id="draw-h">第二步：录入公共随机数并抽取</h2>
    <p>随机数：<strong>${r?.label}</strong>，${k(r?.public_after)} 后公开。</p>
    ${b?t`<p class="warn">该随机数尚未公开，公开后再录入。</p>`:null}
    <label for="draw-value">公开的随机数（原样录入）</label>
    <input id="draw-value" required value=${s} onInput=${u=>c(u.target.value)} />
    <${y} error=${m} />
    <button class="primary" disabled=${n||!s.trim()}>${n?"正在抽取…":"抽取"}</button>
  </form>`}function G({plan:e,names:a,done:r}){let s=e.draw,{error:c,run:n}=x(),m=e.status==="published";return t`<section class="card" aria-labelledby="teams-h">
    <h2 id="teams-h">抽取结果与检查组（第 ${s.number} 次抽取，${s.selections.length} 家）</h2>
    <p class="hint">种子 <code class="wrap">${s.seed}</code></p>
    <p class="hint">随机数：${s.source}：${s.public_value}</p>
    <${y} error=${c} />
    <ul class="list">${s.selections.map(o=>{let b=a.institutions[o.institution_id];return t`<li><div>
        <strong>${b?.name||`机构 ${o.institution_id}`}</strong>
        <span>${b?.street||""} · 检查组：${o.inspector_ids.map(u=>a.officers[u]||`人员 ${u}`).join("、")}</span>
        <label for=${`result-${o.institution_id}`}>检查结果</label>
        <select id=${`result-${o.institution_id}`} disabled=${m} value=${o.result||""}
          onChange=${async u=>{if(!u.target.value)return;let l=u.target.value;await n(()=>R(`/spot-checks/${e.id}/selections/${o.institution_id}/result`,{result:l}))!==void 0&&r()}}>
          <option value="">未录入</option>
          ${Object.entries(T).map(([u,l])=>t`<option value=${u}>${l}</option>`)}
        </select>
      </div></li>`})}</ul>
  </section>`}function M({plan:e,done:a}){let r=(e.random_sources||[])[e.draws.length],[s,c]=h("inspector_unavailable"),[n,m]=h(""),[o,b]=h(""),{busy:u,error:l,run:_}=x();return r?t`<details class="card"><summary>重新抽取（须说明理由）</summary>
    <form onSubmit=${async d=>{d.preventDefault();let v={replaces:e.draw.number,reason:s,public_value:n.trim(),...o.trim()?{note:o}:{}};await _(()=>w(`/spot-checks/${e.id}/redraw`,v))!==void 0&&a()}}>
      <p>使用下一个随机数：<strong>${r.label}</strong>（${k(r.public_after)} 后公开）</p>
      <label for="redraw-reason">理由</label>
      <select id="redraw-reason" value=${s} onChange=${d=>c(d.target.value)}>
        ${Object.entries(F).map(([d,v])=>t`<option value=${d}>${v}</option>`)}
      </select>
      <label for="redraw-value">公开的随机数</label>
      <input id="redraw-value" required value=${n} onInput=${d=>m(d.target.value)} />
      <label for="redraw-note">说明（仅内部可见）</label>
      <textarea id="redraw-note" value=${o} onInput=${d=>b(d.target.value)}></textarea>
      <${y} error=${l} />
      <button disabled=${u||!n.trim()}>重新抽取</button>
    </form>
  </details>`:null}export{K as a,Q as b,V as c,X as d,U as e};
