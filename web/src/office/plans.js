// 双随机、一公开 for the bureau: the plans; a new plan; one plan from announcing, through
// the named public value and the draw, its teams and results, to publication and the
// public page.
import { useState } from "preact/hooks";
import { get, post, put } from "../api.js";
import { ErrorBox, html } from "../ui.js";
import { CATEGORY, DEPARTMENT, PLAN_STATUS, RESULT, Page, day, getAll, moment, useAction, useLoad } from "./common.js";

const REDRAW = /** @type {Record<string, string>} */ ({
  inspector_unavailable: "抽中的检查人员无法履职",
  institution_not_operating: "抽中的机构已停业或注销",
  conflict_found: "发现应当回避的情形",
  pool_error: "名录库数据有误",
});

/** The plans, newest first. */
export function Plans({ page, canCreate = true }) {
  const { data, error } = useLoad(() => getAll("/spot-checks"));
  const plans = (data || []).slice().sort((a, b) => b.id - a.id);
  return html`<${Page} title="双随机抽查计划" ...${page}>
    ${canCreate ? html`<a class="button primary" href="#/plans/new">新建抽查计划</a>` : null}
    <${ErrorBox} error=${error} />
    ${plans.length
      ? html`<ul class="list">${plans.map(
          (p) => html`<li><a href=${`#/plans/${p.id}`}>
            <strong>${p.name}</strong>
            <span>${PLAN_STATUS[p.status] || p.status} · ${day(p.period_start)}–${day(p.period_end)} · 公开期限 ${day(p.publish_due)}${p.publication_late ? " · 已逾期未公开" : ""}</span>
          </a></li>`,
        )}</ul>`
      : html`<p class="empty">${data ? "还没有抽查计划。" : "正在加载…"}</p>`}
  <//>`;
}

/** A local date-time input's value as an ISO moment in Shanghai. */
const shanghai = (/** @type {string} */ local) =>
  new Date(`${local.length === 16 ? `${local}:00` : local}+08:00`).toISOString();

/** A new plan: period, checklists, ratios, team, departments, the named public values. */
export function NewPlan({ page, go }) {
  const { data: lists } = useLoad(() => get("/checklists"));
  const [form, setForm] = useState({
    name: "",
    period_start: "",
    period_end: "",
    ratio: "10",
    team_size: "2",
  });
  const [checklists, setChecklists] = useState(/** @type {string[]} */ (["fire"]));
  const [departments, setDepartments] = useState(/** @type {string[]} */ ([]));
  const [sources, setSources] = useState([{ label: "", public_after: "" }]);
  const { busy, error, run } = useAction();
  const set = (/** @type {string} */ key) => (/** @type {any} */ e) => { const value = e.target.value; setForm((/** @type {any} */ now) => ({ ...now, [key]: value })); };
  const toggle = (/** @type {string[]} */ list, /** @type {(l: string[]) => void} */ setList, /** @type {string} */ v) =>
    setList(list.includes(v) ? list.filter((x) => x !== v) : [...list, v]);
  return html`<${Page} title="新建抽查计划" back="#/plans" ...${page}>
    <form class="card" aria-labelledby="new-h"
      onSubmit=${async (/** @type {Event} */ e) => {
        e.preventDefault();
        const plan = await run(() =>
          post("/spot-checks", {
            name: form.name,
            period_start: form.period_start,
            period_end: form.period_end,
            checklists,
            sample_ratio: Number(form.ratio) / 100,
            team_size: Number(form.team_size),
            departments,
            random_sources: sources
              .filter((s) => s.label.trim() && s.public_after)
              .map((s) => ({ label: s.label.trim(), public_after: shanghai(s.public_after) })),
          }),
        );
        if (plan) go(`#/plans/${plan.id}`);
      }}>
      <h2 id="new-h">抽查计划</h2>
      <label for="plan-name">计划名称</label>
      <input id="plan-name" required value=${form.name} onInput=${set("name")} />
      <div class="pair">
        <div><label for="plan-start">检查开始日期</label><input id="plan-start" type="date" required value=${form.period_start} onInput=${set("period_start")} /></div>
        <div><label for="plan-end">检查结束日期</label><input id="plan-end" type="date" required value=${form.period_end} onInput=${set("period_end")} /></div>
      </div>
      <fieldset><legend>检查表</legend>
        ${(lists || []).map(
          (/** @type {any} */ l) => html`<label class="check"><input type="checkbox" checked=${checklists.includes(l.key)}
            onChange=${() => toggle(checklists, setChecklists, l.key)} />${l.title?.zh || l.title || CATEGORY[l.category] || l.key}</label>`,
        )}
      </fieldset>
      <label for="plan-ratio">抽查比例（%，各风险等级相同）</label>
      <input id="plan-ratio" type="number" min="5" max="100" step="1" required value=${form.ratio} onInput=${set("ratio")} />
      <label for="plan-team">每组检查人员（至少 2 名持证）</label>
      <input id="plan-team" type="number" min="2" max="10" required value=${form.team_size} onInput=${set("team_size")} />
      <fieldset><legend>联合检查须含的部门</legend>
        ${["civil_affairs", "fire", "market_regulation", "health"].map(
          (d) => html`<label class="check"><input type="checkbox" checked=${departments.includes(d)}
            onChange=${() => toggle(departments, setDepartments, d)} />${DEPARTMENT[d]}</label>`,
        )}
      </fieldset>
      <fieldset><legend>指定的公共随机数（按使用顺序；公告后才公开）</legend>
        ${sources.map(
          (s, n) => html`<div class="card">
            <label for=${`source-${n}`}>随机数 ${n + 1} 名称</label>
            <input id=${`source-${n}`} placeholder="例：中国福利彩票双色球第2026141期开奖号码" value=${s.label}
              onInput=${(/** @type {any} */ e) => { const value = e.target.value; setSources((now) => now.map((x, k) => (k === n ? { ...x, label: value } : x))); }} />
            <label for=${`source-${n}-at`}>公开时间（北京时间）</label>
            <input id=${`source-${n}-at`} type="datetime-local" step="1" value=${s.public_after}
              onInput=${(/** @type {any} */ e) => { const value = e.target.value; setSources((now) => now.map((x, k) => (k === n ? { ...x, public_after: value } : x))); }} />
          </div>`,
        )}
        ${sources.length < 10 ? html`<button type="button" onClick=${() => setSources((now) => [...now, { label: "", public_after: "" }])}>再加一个（重抽时使用）</button>` : null}
      </fieldset>
      <${ErrorBox} error=${error} />
      <button class="primary" disabled=${busy}>${busy ? "正在保存…" : "保存计划（草稿）"}</button>
    </form>
  <//>`;
}

/** Names for a plan's draw: institutions and officers by id. */
export async function drawNames() {
  const [institutions, officers] = await Promise.all([
    getAll("/institutions"),
    getAll("/officers").catch(() => []), // the auditor is not offered the officers: ids stand
  ]);
  return {
    institutions: Object.fromEntries(institutions.map((i) => [i.id, i])),
    officers: Object.fromEntries(officers.map((o) => [o.id, o.display_name])),
  };
}

/** One plan, and the next step of it. */
export function PlanScreen({ page, id }) {
  const { data, error, reload } = useLoad(async () => {
    const [plan, names] = await Promise.all([get(`/spot-checks/${id}`), drawNames()]);
    return { plan, names };
  }, [id]);
  const { busy, error: failed, run } = useAction();
  const [verified, setVerified] = useState(/** @type {any} */ (null));
  const plan = data?.plan;
  const act = async (/** @type {() => Promise<any>} */ work) => (await run(work)) !== undefined && reload();
  return html`<${Page} title="抽查计划" back="#/plans" ...${page}>
    <${ErrorBox} error=${error || failed} />
    ${plan
      ? html`<${PlanFacts} plan=${plan} />
        ${plan.status === "draft"
          ? html`<section class="card" aria-labelledby="announce-h"><h2 id="announce-h">第一步：公告</h2>
              <p>公告时冻结机构库和检查人员库并签名；此后任何人都可查看公告，抽取只能使用公告中指定的随机数。</p>
              <button class="primary" disabled=${busy} onClick=${() => act(() => post(`/spot-checks/${id}/announce`))}>公告计划</button></section>`
          : null}
        ${plan.status === "announced" ? html`<${DrawForm} plan=${plan} done=${reload} />` : null}
        ${plan.draw ? html`<${Teams} plan=${plan} names=${data.names} done=${reload} />` : null}
        ${plan.status === "drawn" ? html`<${Redraw} plan=${plan} done=${reload} />` : null}
        ${plan.status === "drawn"
          ? html`<section class="card" aria-labelledby="publish-h"><h2 id="publish-h">公开结果</h2>
              <p class="hint">检查期结束、每家机构都已录入结果后才能公开。公开期限：${day(plan.publish_due)}。</p>
              <button class="primary" disabled=${busy} onClick=${() => act(() => post(`/spot-checks/${id}/publish`))}>公开抽查结果</button></section>`
          : null}
        ${plan.status !== "draft"
          ? html`<section class="card" aria-labelledby="public-h"><h2 id="public-h">公开页面</h2>
              <p><a href=${`/api/v1/public/spot-checks/${id}/announcement`} target="_blank" rel="noopener">公告（任何人可查看）</a></p>
              ${plan.status === "published"
                ? html`<p class="ok">已于 ${moment(plan.published_at)} 公开。</p>
                    <p><a href=${`/public/spot-checks/${id}`} target="_blank" rel="noopener">公开的抽查结果页面</a></p>`
                : html`<p class="hint">结果公开后，公开页面为 /public/spot-checks/${id}</p>`}
            </section>`
          : null}
        ${plan.draw
          ? html`<section class="card" aria-labelledby="verify-h"><h2 id="verify-h">验证抽取</h2>
              <button disabled=${busy} onClick=${async () => setVerified(await run(() => get(`/spot-checks/${id}/verify`)))}>重新运行并验证</button>
              ${verified
                ? html`<p class=${verified.ok ? "ok" : "bad-text"} role="status">${verified.ok ? "✓ 每次抽取均可复现" : "✗ 验证未通过"}：${verified.draws
                    .map((/** @type {any} */ d) => `第 ${d.number} 次${d.ok ? "通过" : "未通过"}`)
                    .join("，")}</p>`
                : null}</section>`
          : null}`
      : error ? null : html`<p class="empty">正在加载…</p>`}
  <//>`;
}

/** @param {{plan: any}} props */
export function PlanFacts({ plan }) {
  return html`<section class="card" aria-labelledby="plan-h">
    <h2 id="plan-h">${plan.name}</h2>
    <dl class="facts">
      <dt>状态</dt><dd data-status=${plan.status}>${PLAN_STATUS[plan.status] || plan.status}</dd>
      <dt>检查期</dt><dd>${day(plan.period_start)}–${day(plan.period_end)}</dd>
      <dt>检查表</dt><dd>${plan.checklists.map((/** @type {string} */ c) => CATEGORY[c] || c).join("、")}</dd>
      <dt>抽查比例</dt><dd>${plan.sample_ratio ? `${(plan.sample_ratio * 100).toFixed(1)}%` : Object.entries(plan.class_ratios || {}).map(([k, v]) => `${k} ${(Number(v) * 100).toFixed(1)}%`).join("，")}${plan.sample_size ? `（${plan.sample_size} 家）` : ""}</dd>
      <dt>每组人数</dt><dd>${plan.team_size}${plan.departments.length ? `（须含 ${plan.departments.map((/** @type {string} */ d) => DEPARTMENT[d]).join("、")}）` : ""}</dd>
      <dt>算法</dt><dd>${plan.algorithm}</dd>
      <dt>公告</dt><dd>${plan.announced_at ? moment(plan.announced_at) : "未公告"}</dd>
      <dt>公开期限</dt><dd>${day(plan.publish_due)}${plan.publication_late ? html` <b class="tag bad">已逾期</b>` : null}</dd>
    </dl>
    <h3>指定的公共随机数</h3>
    <ol>${(plan.random_sources || []).map(
      (/** @type {any} */ s) => html`<li>${s.label}（${moment(s.public_after)} 后公开）</li>`,
    )}</ol>
  </section>`;
}

/** The draw: the first named value, entered once it is public. */
function DrawForm({ plan, done }) {
  const source = (plan.random_sources || [])[0];
  const [value, setValue] = useState("");
  const { busy, error, run } = useAction();
  const due = source && Date.parse(source.public_after) > Date.now();
  return html`<form class="card" aria-labelledby="draw-h"
      onSubmit=${async (/** @type {Event} */ e) => {
        e.preventDefault();
        if ((await run(() => post(`/spot-checks/${plan.id}/draw`, { public_value: value.trim() }))) !== undefined) done();
      }}>
    <h2 id="draw-h">第二步：录入公共随机数并抽取</h2>
    <p>随机数：<strong>${source?.label}</strong>，${moment(source?.public_after)} 后公开。</p>
    ${due ? html`<p class="warn">该随机数尚未公开，公开后再录入。</p>` : null}
    <label for="draw-value">公开的随机数（原样录入）</label>
    <input id="draw-value" required value=${value} onInput=${(/** @type {any} */ e) => setValue(e.target.value)} />
    <${ErrorBox} error=${error} />
    <button class="primary" disabled=${busy || !value.trim()}>${busy ? "正在抽取…" : "抽取"}</button>
  </form>`;
}

/** The drawn institutions, their teams, and each one's result. */
function Teams({ plan, names, done }) {
  const draw = plan.draw;
  const { error, run } = useAction();
  const published = plan.status === "published";
  return html`<section class="card" aria-labelledby="teams-h">
    <h2 id="teams-h">抽取结果与检查组（第 ${draw.number} 次抽取，${draw.selections.length} 家）</h2>
    <p class="hint">种子 <code class="wrap">${draw.seed}</code></p>
    <p class="hint">随机数：${draw.source}：${draw.public_value}</p>
    <${ErrorBox} error=${error} />
    <ul class="list">${draw.selections.map((/** @type {any} */ s) => {
      const home = names.institutions[s.institution_id];
      return html`<li><div>
        <strong>${home?.name || `机构 ${s.institution_id}`}</strong>
        <span>${home?.street || ""} · 检查组：${s.inspector_ids.map((/** @type {number} */ i) => names.officers[i] || `人员 ${i}`).join("、")}</span>
        <label for=${`result-${s.institution_id}`}>检查结果</label>
        <select id=${`result-${s.institution_id}`} disabled=${published} value=${s.result || ""}
          onChange=${async (/** @type {any} */ e) => {
            if (!e.target.value) return;
            const value = e.target.value;
            if ((await run(() => put(`/spot-checks/${plan.id}/selections/${s.institution_id}/result`, { result: value }))) !== undefined) done();
          }}>
          <option value="">未录入</option>
          ${Object.entries(RESULT).map(([v, l]) => html`<option value=${v}>${l}</option>`)}
        </select>
      </div></li>`;
    })}</ul>
  </section>`;
}

/** 重抽: the next named value replaces the current draw, for a reason from the list. */
function Redraw({ plan, done }) {
  const next = (plan.random_sources || [])[plan.draws.length];
  const [reason, setReason] = useState("inspector_unavailable");
  const [value, setValue] = useState("");
  const [note, setNote] = useState("");
  const { busy, error, run } = useAction();
  if (!next) return null;
  return html`<details class="card"><summary>重新抽取（须说明理由）</summary>
    <form onSubmit=${async (/** @type {Event} */ e) => {
      e.preventDefault();
      const body = { replaces: plan.draw.number, reason, public_value: value.trim(), ...(note.trim() ? { note } : {}) };
      if ((await run(() => post(`/spot-checks/${plan.id}/redraw`, body))) !== undefined) done();
    }}>
      <p>使用下一个随机数：<strong>${next.label}</strong>（${moment(next.public_after)} 后公开）</p>
      <label for="redraw-reason">理由</label>
      <select id="redraw-reason" value=${reason} onChange=${(/** @type {any} */ e) => setReason(e.target.value)}>
        ${Object.entries(REDRAW).map(([v, l]) => html`<option value=${v}>${l}</option>`)}
      </select>
      <label for="redraw-value">公开的随机数</label>
      <input id="redraw-value" required value=${value} onInput=${(/** @type {any} */ e) => setValue(e.target.value)} />
      <label for="redraw-note">说明（仅内部可见）</label>
      <textarea id="redraw-note" value=${note} onInput=${(/** @type {any} */ e) => setNote(e.target.value)}></textarea>
      <${ErrorBox} error=${error} />
      <button disabled=${busy || !value.trim()}>重新抽取</button>
    </form>
  </details>`;
}
