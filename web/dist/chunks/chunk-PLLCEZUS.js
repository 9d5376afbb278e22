import{c as P,d as E,f as O,g as N,h as f,i as k,k as j,l as C,m as D,q as x}from"./chunk-ESIZFJUU.js";import{H as S,I as A,J as w,L as t,N as y,d as h}from"./chunk-HWI3JL25.js";var R={inspector_unavailable:"抽中的检查人员无法履职",institution_not_operating:"抽中的机构已停业或注销",conflict_found:"发现应当回避的情形",pool_error:"名录库数据有误"};function H({page:e,canCreate:a=!0}){let{data:n,error:s}=j(()=>C("/spot-checks")),c=(n||[]).slice().sort((r,m)=>m.id-r.id);return t`<${D} title="双随机抽查计划" ...${e}>
    ${a?t`<a class="button primary" href="#/plans/new">新建抽查计划</a>`:null}
    <${y} error=${s} />
    ${c.length?t`<ul class="list">${c.map(r=>t`<li><a href=${`#/plans/${r.id}`}>
            <strong>${r.name}</strong>
            <span>${N[r.status]||r.status} · ${f(r.period_start)}–${f(r.period_end)} · 公开期限 ${f(r.publish_due)}${r.publication_late?" · 已逾期未公开":""}</span>
          </a></li>`)}</ul>`:t`<p class="empty">${n?"还没有抽查计划。":"正在加载…"}</p>`}
  <//>`}var T=e=>new Date(`${e.length===16?`${e}:00`:e}+08:00`).toISOString();function J({page:e,go:a}){let{data:n}=j(()=>S("/checklists")),[s,c]=h({name:"",period_start:"",period_end:"",ratio:"10",team_size:"2"}),[r,m]=h(["fire"]),[d,p]=h([]),[i,l]=h([{label:"",public_after:""}]),{busy:_,error:u,run:v}=x(),I=o=>$=>c({...s,[o]:$.target.value}),q=(o,$,b)=>$(o.includes(b)?o.filter(g=>g!==b):[...o,b]);return t`<${D} title="新建抽查计划" back="#/plans" ...${e}>
    <form class="card" aria-labelledby="new-h"
      onSubmit=${async o=>{o.preventDefault();let $=await v(()=>w("/spot-checks",{name:s.name,period_start:s.period_start,period_end:s.period_end,checklists:r,sample_ratio:Number(s.ratio)/100,team_size:Number(s.team_size),departments:d,random_sources:i.filter(b=>b.label.trim()&&b.public_after).map(b=>({label:b.label.trim(),public_after:T(b.public_after)}))}));$&&a(`#/plans/${$.id}`)}}>
      <h2 id="new-h">抽查计划</h2>
      <label for="plan-name">计划名称</label>
      <input id="plan-name" required value=${s.name} onInput=${I("name")} />
      <div class="pair">
        <div><label for="plan-start">检查开始日期</label><input id="plan-start" type="date" required value=${s.period_start} onInput=${I("period_start")} /></div>
        <div><label for="plan-end">检查结束日期</label><input id="plan-end" type="date" required value=${s.period_end} onInput=${I("period_end")} /></div>
      </div>
      <fieldset><legend>检查表</legend>
        ${(n||[]).map(o=>t`<label class="check"><input type="checkbox" checked=${r.includes(o.key)}
            onChange=${()=>q(r,m,o.key)} />${o.title?.zh||o.title||P[o.category]||o.key}</label>`)}
      </fieldset>
      <label for="plan-ratio">抽查比例（%，各风险等级相同）</label>
      <input id="plan-ratio" type="number" min="5" max="100" step="1" required value=${s.ratio} onInput=${I("ratio")} />
      <label for="plan-team">每组检查人员（至少 2 名持证）</label>
      <input id="plan-team" type="number" min="2" max="10" required value=${s.team_size} onInput=${I("team_size")} />
      <fieldset><legend>联合检查须含的部门</legend>
        ${["civil_affairs","fire","market_regulation","health"].map(o=>t`<label class="check"><input type="checkbox" checked=${d.includes(o)}
            onChange=${()=>q(d,p,o)} />${E[o]}</label>`)}
      </fieldset>
      <fieldset><legend>指定的公共随机数（按使用顺序；公告后才公开）</legend>
        ${i.map((o,$)=>t`<div class="card">
            <label for=${`source-${$}`}>随机数 ${$+1} 名称</label>
            <input id=${`source-${$}`} placeholder="例：中国福利彩票双色球第2026141期开奖号码" value=${o.label}
              onInput=${b=>l(i.map((g,z)=>z===$?{...g,label:b.target.value}:g))} />
            <label for=${`source-${$}-at`}>公开时间（北京时间）</label>
            <input id=${`source-${$}-at`} type="datetime-local" step="1" value=${o.public_after}
              onInput=${b=>l(i.map((g,z)=>z===$?{...g,public_after:b.target.value}:g))} />
          </div>`)}
        ${i.length<10?t`<button type="button" onClick=${()=>l([...i,{label:"",public_after:""}])}>再加一个（重抽时使用）</button>`:null}
      </fieldset>
      <${y} error=${u} />
      <button class="primary" disabled=${_}>${_?"正在保存…":"保存计划（草稿）"}</button>
    </form>
  <//>`}async function F(){let[e,a]=await Promise.all([C("/institutions"),C("/officers").catch(()=>[])]);return{institutions:Object.fromEntries(e.map(n=>[n.id,n])),officers:Object.fromEntries(a.map(n=>[n.id,n.display_name]))}}function K({page:e,id:a}){let{data:n,error:s,reload:c}=j(async()=>{let[u,v]=await Promise.all([S(`/spot-checks/${a}`),F()]);return{plan:u,names:v}},[a]),{busy:r,error:m,run:d}=x(),[p,i]=h(null),l=n?.plan,_=async u=>await d(u)!==void 0&&c();return t`<${D} title="抽查计划" back="#/plans" ...${e}>
    <${y} error=${s||m} />
    ${l?t`<${L} plan=${l} />
        ${l.status==="draft"?t`<section class="card" aria-labelledby="announce-h"><h2 id="announce-h">第一步：公告</h2>
              <p>公告时冻结机构库和检查人员库并签名；此后任何人都可查看公告，抽取只能使用公告中指定的随机数。</p>
              <button class="primary" disabled=${r} onClick=${()=>_(()=>w(`/spot-checks/${a}/announce`))}>公告计划</button></section>`:null}
        ${l.status==="announced"?t`<${V} plan=${l} done=${c} />`:null}
        ${l.draw?t`<${U} plan=${l} names=${n.names} done=${c} />`:null}
        ${l.status==="drawn"?t`<${B} plan=${l} done=${c} />`:null}
        ${l.status==="drawn"?t`<section class="card" aria-labelledby="publish-h"><h2 id="publish-h">公开结果</h2>
              <p class="hint">检查期结束、每家机构都已录入结果后才能公开。公开期限：${f(l.publish_due)}。</p>
              <button class="primary" disabled=${r} onClick=${()=>_(()=>w(`/spot-checks/${a}/publish`))}>公开抽查结果</button></section>`:null}
        ${l.status!=="draft"?t`<section class="card" aria-labelledby="public-h"><h2 id="public-h">公开页面</h2>
              <p><a href=${`/api/v1/public/spot-checks/${a}/announcement`} target="_blank" rel="noopener">公告（任何人可查看）</a></p>
              ${l.status==="published"?t`<p class="ok">已于 ${k(l.published_at)} 公开。</p>
                    <p><a href=${`/public/spot-checks/${a}`} target="_blank" rel="noopener">公开的抽查结果页面</a></p>`:t`<p class="hint">结果公开后，公开页面为 /public/spot-checks/${a}</p>`}
            </section>`:null}
        ${l.draw?t`<section class="card" aria-labelledby="verify-h"><h2 id="verify-h">验证抽取</h2>
              <button disabled=${r} onClick=${async()=>i(await d(()=>S(`/spot-checks/${a}/verify`)))}>重新运行并验证</button>
              ${p?t`<p class=${p.ok?"ok":"bad-text"} role="status">${p.ok?"✓ 每次抽取均可复现":"✗ 验证未通过"}：${p.draws.map(u=>`第 ${u.number} 次${u.ok?"通过":"未通过"}`).join("，")}</p>`:null}</section>`:null}`:s?null:t`<p class="empty">正在加载…</p>`}
  <//>`}function L({plan:e}){return t`<section class="card" aria-labelledby="plan-h">
    <h2 id="plan-h">${e.name}</h2>
    <dl class="facts">
      <dt>状态</dt><dd data-status=${e.status}>${N[e.status]||e.status}</dd>
      <dt>检查期</dt><dd>${f(e.period_start)}–${f(e.period_end)}</dd>
      <dt>检查表</dt><dd>${e.checklists.map(a=>P[a]||a).join("、")}</dd>
      <dt>抽查比例</dt><dd>${e.sample_ratio?`${(e.sample_ratio*100).toFixed(1)}%`:Object.entries(e.class_ratios||{}).map(([a,n])=>`${a} ${(Number(n)*100).toFixed(1)}%`).join("，")}${e.sample_size?`（${e.sample_size} 家）`:""}</dd>
      <dt>每组人数</dt><dd>${e.team_size}${e.departments.length?`（须含 ${e.departments.map(a=>E[a]).join("、")}）`:""}</dd>
      <dt>算法</dt><dd>${e.algorithm}</dd>
      <dt>公告</dt><dd>${e.announced_at?k(e.announced_at):"未公告"}</dd>
      <dt>公开期限</dt><dd>${f(e.publish_due)}${e.publication_late?t` <b class="tag bad">已逾期</b>`:null}</dd>
    </dl>
    <h3>指定的公共随机数</h3>
    <ol>${(e.random_sources||[]).map(a=>t`<li>${a.label}（${k(a.public_after)} 后公开）</li>`)}</ol>
  </section>`}function V({plan:e,done:a}){let n=(e.random_sources||[])[0],[s,c]=h(""),{busy:r,error:m,run:d}=x(),p=n&&Date.parse(n.public_after)>Date.now();return t`<form class="card" aria-labelledby="draw-h"
      onSubmit=${async i=>{i.preventDefault(),await d(()=>w(`/spot-checks/${e.id}/draw`,{public_value:s.trim()}))!==void 0&&a()}}>
    <h2 id="draw-h">第二步：录入公共随机数并抽取</h2>
    <p>随机数：<strong>${n?.label}</strong>，${k(n?.public_after)} 后公开。</p>
    ${p?t`<p class="warn">该随机数尚未公开，公开后再录入。</p>`:null}
    <label for="draw-value">公开的随机数（原样录入）</label>
    <input id="draw-value" required value=${s} onInput=${i=>c(i.target.value)} />
    <${y} error=${m} />
    <button class="primary" disabled=${r||!s.trim()}>${r?"正在抽取…":"抽取"}</button>
  </form>`}function U({plan:e,names:a,done:n}){let s=e.draw,{error:c,run:r}=x(),m=e.status==="published";return t`<section class="card" aria-labelledby="teams-h">
    <h2 id="teams-h">抽取结果与检查组（第 ${s.number} 次抽取，${s.selections.length} 家）</h2>
    <p class="hint">种子 <code class="wrap">${s.seed}</code></p>
    <p class="hint">随机数：${s.source}：${s.public_value}</p>
    <${y} error=${c} />
    <ul class="list">${s.selections.map(d=>{let p=a.institutions[d.institution_id];return t`<li><div>
        <strong>${p?.name||`机构 ${d.institution_id}`}</strong>
        <span>${p?.street||""} · 检查组：${d.inspector_ids.map(i=>a.officers[i]||`人员 ${i}`).join("、")}</span>
        <label for=${`result-${d.institution_id}`}>检查结果</label>
        <select id=${`result-${d.institution_id}`} disabled=${m} value=${d.result||""}
          onChange=${async i=>{if(!i.target.value)return;let l=i.target.value;await r(()=>A(`/spot-checks/${e.id}/selections/${d.institution_id}/result`,{result:l}))!==void 0&&n()}}>
          <option value="">未录入</option>
          ${Object.entries(O).map(([i,l])=>t`<option value=${i}>${l}</option>`)}
        </select>
      </div></li>`})}</ul>
  </section>`}function B({plan:e,done:a}){let n=(e.random_sources||[])[e.draws.length],[s,c]=h("inspector_unavailable"),[r,m]=h(""),[d,p]=h(""),{busy:i,error:l,run:_}=x();return n?t`<details class="card"><summary>重新抽取（须说明理由）</summary>
    <form onSubmit=${async u=>{u.preventDefault();let v={replaces:e.draw.number,reason:s,public_value:r.trim(),...d.trim()?{note:d}:{}};await _(()=>w(`/spot-checks/${e.id}/redraw`,v))!==void 0&&a()}}>
      <p>使用下一个随机数：<strong>${n.label}</strong>（${k(n.public_after)} 后公开）</p>
      <label for="redraw-reason">理由</label>
      <select id="redraw-reason" value=${s} onChange=${u=>c(u.target.value)}>
        ${Object.entries(R).map(([u,v])=>t`<option value=${u}>${v}</option>`)}
      </select>
      <label for="redraw-value">公开的随机数</label>
      <input id="redraw-value" required value=${r} onInput=${u=>m(u.target.value)} />
      <label for="redraw-note">说明（仅内部可见）</label>
      <textarea id="redraw-note" value=${d} onInput=${u=>p(u.target.value)}></textarea>
      <${y} error=${l} />
      <button disabled=${i||!r.trim()}>重新抽取</button>
    </form>
  </details>`:null}export{H as a,J as b,F as c,K as d,L as e};
