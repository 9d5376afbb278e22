// The auditor's screens (审计员): every plan, and each plan's announcement and draws with
// their full inputs, notes, selections and results, every draw verified in the page
// (GET /spot-checks/{id}/audit re-runs each one from its seed and stored inputs).
import { html, ErrorBox } from "../ui.js";
import { DEPARTMENT, RESULT, Page, moment, useLoad } from "./common.js";
import { Notifications } from "./inbox.js";
import { PlanFacts, Plans, drawNames } from "./plans.js";
import { get } from "../api.js";

/** @type {[string, string][]} */
const MENU = [
  ["#/", "抽查计划"],
  ["#/notifications", "通知"],
];

const REASON = /** @type {Record<string, string>} */ ({
  inspector_unavailable: "抽中的检查人员无法履职",
  institution_not_operating: "抽中的机构已停业或注销",
  conflict_found: "发现应当回避的情形",
  pool_error: "名录库数据有误",
});

/** @param {{user: any, path: string, go: (hash: string) => void, onLogout: () => void}} props */
export function Screens(props) {
  const page = { ...props, menu: MENU };
  const plan = props.path.match(/^\/plans\/(\d+)$/);
  if (plan) return html`<${Audit} page=${page} id=${Number(plan[1])} />`;
  if (props.path === "/notifications") return html`<${Notifications} page=${page} />`;
  return html`<${Plans} page=${page} canCreate=${false} />`;
}

/** @param {{value: any}} props */
function Json({ value }) {
  // Focusable: a scrolled region must be reachable from the keyboard.
  return html`<pre class="json" tabindex="0">${JSON.stringify(value, null, 2)}</pre>`;
}

/** @param {{ok: boolean|undefined, label: string}} props */
const Check = ({ ok, label }) =>
  ok === undefined ? null : html`<li class=${ok ? "ok" : "bad-text"}>${ok ? "✓" : "✗"} ${label}${ok ? "一致" : "不一致"}</li>`;

function Audit({ page, id }) {
  const { data, error } = useLoad(async () => {
    const [record, names] = await Promise.all([get(`/spot-checks/${id}/audit`), drawNames()]);
    return { record, names };
  }, [id]);
  const record = data?.record;
  // The auditor is not offered the officers' names: an officer is their id and, from the
  // frozen pool, their department.
  const departments = Object.fromEntries(
    (record?.inputs?.team?.inspectors || []).filter(Array.isArray).map((/** @type {any[]} */ [id, d]) => [id, d]),
  );
  const officer = (/** @type {number} */ i) =>
    data.names.officers[i] || `检查员 ${i}${departments[i] ? `（${DEPARTMENT[departments[i]] || departments[i]}）` : ""}`;
  const allOk = record && record.draws.every((/** @type {any} */ d) => d.verification.ok);
  return html`<${Page} title="抽取审计" back="#/" ...${page}>
    <${ErrorBox} error=${error} />
    ${record
      ? html`<${PlanFacts} plan=${record.plan} />
        <p class=${allOk ? "lead ok" : "lead bad-text"} role="status">
          ${record.draws.length ? (allOk ? `✓ ${record.draws.length} 次抽取均已在本页重新验证` : "✗ 有抽取未通过验证") : "尚未抽取"}</p>
        <section class="card" aria-labelledby="announce-h">
          <h2 id="announce-h">公告与签名</h2>
          ${record.announcement
            ? html`<p class="hint">签名（Ed25519）<code class="wrap">${record.announcement_signature}</code></p>
                <details><summary>公告全文</summary><${Json} value=${record.announcement} /></details>`
            : html`<p class="empty">尚未公告。</p>`}
          ${record.inputs ? html`<details><summary>抽取输入（冻结的机构库、人员库、回避关系）</summary><${Json} value=${record.inputs} /></details>` : null}
        </section>
        ${record.draws.map(
          (/** @type {any} */ d) => html`<section class="card" aria-labelledby=${`draw-${d.number}-h`}>
            <h2 id=${`draw-${d.number}-h`}>第 ${d.number} 次抽取${d.superseded_at ? "（已被替换）" : ""}${d.replaces ? `，替换第 ${d.replaces} 次` : ""}</h2>
            <ul class="checks" aria-label="验证结果">
              <li class=${d.verification.ok ? "ok" : "bad-text"}><strong>${d.verification.ok ? "✓ 验证通过" : "✗ 验证未通过"}</strong></li>
              <${Check} ok=${d.verification.hash_ok} label="输入哈希" />
              <${Check} ok=${d.verification.seed_ok} label="种子" />
              <${Check} ok=${d.verification.selections_ok} label="抽取结果" />
            </ul>
            <dl class="facts">
              <dt>时间</dt><dd>${moment(d.drawn_at)}${d.drawn_by_id ? ` · 操作人 ${data.names.officers[d.drawn_by_id] || `用户 ${d.drawn_by_id}`}` : ""}</dd>
              <dt>算法</dt><dd>${d.algorithm}</dd>
              <dt>随机数</dt><dd>${d.source || "—"}：${d.public_value || "—"}</dd>
              <dt>服务器密钥</dt><dd><code class="wrap">${d.secret || "—"}</code></dd>
              <dt>种子</dt><dd><code class="wrap">${d.seed}</code></dd>
              <dt>输入哈希</dt><dd><code class="wrap">${d.input_hash}</code></dd>
              ${d.reason ? html`<dt>重抽理由</dt><dd>${REASON[d.reason] || d.reason}</dd>` : null}
              ${d.note ? html`<dt>说明</dt><dd>${d.note}</dd>` : null}
            </dl>
            <details><summary>本次抽取的全部输入</summary><${Json} value=${d.inputs} /></details>
            ${d.design ? html`<details><summary>抽样设计（入样概率）</summary><${Json} value=${d.design} /></details>` : null}
            <h3>抽中的机构与检查组（${d.selections.length}）</h3>
            <ul class="list compact">${d.selections.map(
              (/** @type {any} */ s) => html`<li><div>
                <strong>${data.names.institutions[s.institution_id]?.name || `机构 ${s.institution_id}`}</strong>
                <span>检查组：${s.inspector_ids.map(officer).join("、")}</span>
                <span>结果：${s.result ? RESULT[s.result] || s.result : "未录入"}${s.result_at ? ` · ${moment(s.result_at)}` : ""}</span>
              </div></li>`,
            )}</ul>
          </section>`,
        )}`
      : error ? null : html`<p class="empty">正在加载…</p>`}
  <//>`;
}
