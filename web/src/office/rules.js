// The hazard rules' forms: the institution's extension application, the decision on it,
// the second bureau officer's decision on a proposed void, the bureau's measures (督办,
// 约谈 ...), and a hazard's own documents (延期决定书, 撤销更正通知书, 变更通知书, 移送函). Each shows only
// where the API names the fields it works on.
import { useState } from "preact/hooks";
import { get, post } from "../api.js";
import { ErrorBox, html } from "../ui.js";
import { FileButton, day, moment, useAction, useLoad } from "./common.js";

export const MEASURE = /** @type {Record<string, string>} */ ({
  supervised: "挂牌督办",
  interviewed: "约谈",
  case_opened: "立案",
  admissions_stopped: "停止收住",
  suspended: "停业整顿",
  equipment_stopped: "停止使用设施设备",
  residents_moved: "转移安置老年人",
  other_temporary: "其他临时管控措施",
});
const DOCUMENT = /** @type {Record<string, string>} */ ({
  extend: "延期决定书",
  correct: "撤销/更正通知书",
  change: "隐患等级变更通知书",
  refer: "隐患移送函",
});

/** Whether the API in use has the hazard rules (an extension's and a void's fields). */
export const hasRules = (/** @type {any} */ hazard) => hazard && "extension_requested_at" in hazard;

/** A date input's day as the end of that day in Shanghai. */
const endOfDay = (/** @type {string} */ d) => new Date(`${d}T23:59:00+08:00`).toISOString();

/** 申请延期: the institution asks for a later deadline, before the current one passes. */
export function ApplyExtension({ hazard, done }) {
  const [due, setDue] = useState("");
  const [reason, setReason] = useState("");
  const { busy, error, run } = useAction();
  if (!hasRules(hazard)) return null;
  if (hazard.extension_requested_at) {
    return html`<p class="card" role="status">已于 ${moment(hazard.extension_requested_at)} 申请延期，等待决定。</p>`;
  }
  if (Date.parse(hazard.due_at) < Date.now()) return null; // only before the deadline
  return html`<details class="card"><summary>申请延期（期限届满前）</summary>
    <form onSubmit=${async (/** @type {Event} */ e) => {
      e.preventDefault();
      const body = { due_at: endOfDay(due), reason };
      if ((await run(() => post(`/hazards/${hazard.id}/extension-application`, body))) !== undefined) done();
    }}>
      <label for="ext-due">申请延至</label>
      <input id="ext-due" type="date" required value=${due} onInput=${(/** @type {any} */ e) => setDue(e.target.value)} />
      <label for="ext-reason">延期理由</label>
      <textarea id="ext-reason" required value=${reason} onInput=${(/** @type {any} */ e) => setReason(e.target.value)}></textarea>
      <${ErrorBox} error=${error} />
      <button class="primary" disabled=${busy || !due || !reason.trim()}>提交延期申请</button>
    </form>
  </details>`;
}

/** 同意/不同意延期: the decision on a pending application. */
export function DecideExtension({ hazard, done }) {
  const [reason, setReason] = useState("");
  const [due, setDue] = useState("");
  const { busy, error, run } = useAction();
  if (!hasRules(hazard) || !hazard.extension_requested_at) return null;
  const decide = async (/** @type {"grant"|"refuse"} */ decision) => {
    const body = { decision, reason, ...(decision === "grant" && due ? { due_at: endOfDay(due) } : {}) };
    if ((await run(() => post(`/hazards/${hazard.id}/extension-decision`, body))) !== undefined) done();
  };
  return html`<section class="card warn" aria-labelledby="extdec-h">
    <h2 id="extdec-h">延期申请待决定</h2>
    <p>机构于 ${moment(hazard.extension_requested_at)} 申请延期；现期限 ${day(hazard.due_at)}${hazard.original_due_at ? `，原期限 ${day(hazard.original_due_at)}` : ""}。</p>
    <label for="extdec-due">同意时的新期限（不填：按申请）</label>
    <input id="extdec-due" type="date" value=${due} onInput=${(/** @type {any} */ e) => setDue(e.target.value)} />
    <label for="extdec-reason">决定理由</label>
    <textarea id="extdec-reason" value=${reason} onInput=${(/** @type {any} */ e) => setReason(e.target.value)}></textarea>
    <${ErrorBox} error=${error} />
    <div class="pair">
      <button class="primary" disabled=${busy || !reason.trim()} onClick=${() => decide("grant")}>同意延期</button>
      <button disabled=${busy || !reason.trim()} onClick=${() => decide("refuse")}>不同意延期</button>
    </div>
  </section>`;
}

/** A proposed void, decided by a bureau officer other than the one who proposed it. */
export function DecideVoid({ hazard, me, names, done }) {
  const [note, setNote] = useState("");
  const { busy, error, run } = useAction();
  if (!hasRules(hazard) || !hazard.void_proposed_by_id) return null;
  const decide = async (/** @type {"approve"|"decline"} */ decision) => {
    if ((await run(() => post(`/hazards/${hazard.id}/void-decision`, { decision, note }))) !== undefined) done();
  };
  const proposer = names[hazard.void_proposed_by_id] || `用户 ${hazard.void_proposed_by_id}`;
  if (hazard.void_proposed_by_id === me) {
    return html`<p class="card warn" role="status">您已提请作废，等待另一名区民政局工作人员决定。</p>`;
  }
  return html`<section class="card warn" aria-labelledby="voiddec-h">
    <h2 id="voiddec-h">作废待批准</h2>
    <p>${proposer} 提请作废此隐患（误登记）。批准后隐患作废，并向机构发出更正通知书。</p>
    <label for="voiddec-note">意见</label>
    <textarea id="voiddec-note" value=${note} onInput=${(/** @type {any} */ e) => setNote(e.target.value)}></textarea>
    <${ErrorBox} error=${error} />
    <div class="pair">
      <button class="primary" disabled=${busy || !note.trim()} onClick=${() => decide("approve")}>批准作废</button>
      <button disabled=${busy || !note.trim()} onClick=${() => decide("decline")}>不批准</button>
    </div>
  </section>`;
}

/** The bureau's measures on the hazard's institution (and this hazard), and a new one. */
export function Measures({ hazard, done }) {
  const { data, error, reload } = useLoad(
    () => (hasRules(hazard) ? get(`/institutions/${hazard.institution_id}/measures`) : Promise.resolve([])),
    [hazard.id],
  );
  const [kind, setKind] = useState("supervised");
  const [note, setNote] = useState("");
  // On this hazard, or on the institution as a whole (约谈 its head, 停止收住...).
  const [target, setTarget] = useState("hazard");
  const { busy, error: failed, run } = useAction();
  if (!hasRules(hazard)) return null;
  const url = target === "institution" ? `/institutions/${hazard.institution_id}/measures` : `/hazards/${hazard.id}/measures`;
  return html`<section class="card" aria-labelledby="measures-h">
    <h2 id="measures-h">监管措施</h2>
    <${ErrorBox} error=${error || failed} />
    ${data && data.length
      ? html`<ul class="list compact">${data.map(
          (/** @type {any} */ m) => html`<li><div><strong>${MEASURE[m.kind] || m.kind}${m.hazard_id === hazard.id ? "（本隐患）" : m.hazard_id ? "（其他隐患）" : "（机构）"}</strong>
            <span>${moment(m.taken_at)} · ${m.note}</span></div></li>`,
        )}</ul>`
      : html`<p class="empty">${data ? "尚未采取措施。" : "正在加载…"}</p>`}
    <form onSubmit=${async (/** @type {Event} */ e) => {
      e.preventDefault();
      if ((await run(() => post(url, { kind, note }))) !== undefined) {
        setNote("");
        reload();
        done();
      }
    }}>
      <label for="measure-target">对象</label>
      <select id="measure-target" value=${target} onChange=${(/** @type {any} */ e) => setTarget(e.target.value)}>
        <option value="hazard">本隐患</option>
        <option value="institution">整个机构</option>
      </select>
      <label for="measure-kind">措施</label>
      <select id="measure-kind" value=${kind} onChange=${(/** @type {any} */ e) => setKind(e.target.value)}>
        ${Object.entries(MEASURE).map(([v, l]) => html`<option value=${v}>${l}</option>`)}
      </select>
      <label for="measure-note">说明</label>
      <textarea id="measure-note" required value=${note} onInput=${(/** @type {any} */ e) => setNote(e.target.value)}></textarea>
      <button disabled=${busy || !note.trim()}>采取措施</button>
    </form>
  </section>`;
}

/** A hazard's own documents: the extension decisions and the correction notice. */
export function HazardDocuments({ hazard }) {
  const { data } = useLoad(() => (hasRules(hazard) ? get(`/hazards/${hazard.id}/documents`) : Promise.resolve([])), [
    hazard.id,
    hazard.events.length,
  ]);
  if (!data || !data.length) return null;
  return html`<section class="card" aria-labelledby="hdocs-h">
    <h2 id="hdocs-h">隐患文书</h2>
    ${data.map(
      (/** @type {any} */ d) => html`<${FileButton} path=${`/hazards/${hazard.id}/documents/${d.id}.pdf`}
        label=${`${DOCUMENT[d.kind] || d.kind}（${d.number}）`} />`,
    )}
  </section>`;
}
