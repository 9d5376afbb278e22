// The district bureau's screens: the clearance board with its charts, the hazards
// awaiting the bureau and a hazard's decisions, spot-check plans from creation to
// publication, the monthly reports and the ledger, the users.
import { useState } from "preact/hooks";
import { get, post } from "../api.js";
import { ErrorBox, html } from "../ui.js";
import { Board } from "./board.js";
import { FileButton, HazardRow, HazardStory, Page, getAll, useAction, useLoad, DEPARTMENT, SEVERITY, STATUS } from "./common.js";
import { Notifications } from "./inbox.js";
import { MonthlyReport } from "./reports.js";
import { Review } from "./review.js";
import { DecideExtension, DecideVoid, HazardDocuments, Measures, hasRules } from "./rules.js";
import { PlanScreen, Plans, NewPlan } from "./plans.js";
import { Users } from "./users.js";

/** @type {[string, string][]} */
const MENU = [
  ["#/", "动态清零"],
  ["#/awaiting", "待办"],
  ["#/plans", "双随机"],
  ["#/reports", "报告"],
  ["#/users", "用户"],
  ["#/notifications", "通知"],
];

/** @param {{user: any, path: string, go: (hash: string) => void, onLogout: () => void}} props */
export function Screens(props) {
  const { path, go } = props;
  const page = { ...props, menu: MENU };
  const hazard = path.match(/^\/h\/([0-9a-f-]{36})$/);
  const plan = path.match(/^\/plans\/(\d+)$/);
  if (hazard) return html`<${HazardScreen} page=${page} id=${hazard[1]} />`;
  if (path === "/awaiting") return html`<${Awaiting} page=${page} />`;
  if (path === "/plans/new") return html`<${NewPlan} page=${page} go=${go} />`;
  if (plan) return html`<${PlanScreen} page=${page} id=${Number(plan[1])} />`;
  if (path === "/plans") return html`<${Plans} page=${page} />`;
  if (path === "/reports") return html`<${Reports} page=${page} />`;
  if (path === "/users") return html`<${Users} page=${page} />`;
  if (path === "/notifications") return html`<${Notifications} page=${page} />`;
  return html`<${Board} page=${page} />`;
}

/** Institutions by id, for the names of hazards' homes. */
export async function institutionNames() {
  const rows = await getAll("/institutions");
  return Object.fromEntries(rows.map((i) => [i.id, i.name]));
}

/** What waits for the bureau: major hazards to review, proposed majors to confirm. */
function Awaiting({ page }) {
  const { data, error } = useLoad(async () => {
    const [majors, names, late, ...live] = await Promise.all([
      getAll("/hazards?severity=major"),
      institutionNames(),
      get("/hazards/confirmation-overdue").catch(() => []),
      getAll("/hazards?status=open"),
      getAll("/hazards?status=rectifying"),
      getAll("/hazards?status=pending_review"),
    ]);
    const open = live.flat();
    const review = open.filter((h) => h.status === "pending_review" && h.severity === "major");
    const proposed = majors.filter((h) => !h.severity_confirmed && ["open", "rectifying", "pending_review"].includes(h.status));
    const overdue = majors.filter((h) => h.overdue);
    const extensions = open.filter((h) => h.extension_requested_at);
    const voids = open.filter((h) => h.void_proposed_by_id);
    return { review, proposed, late, overdue, names, extensions, voids, rules: hasRules(open[0] || majors[0]) };
  });
  /** @param {{id: string, title: string, rows: any[], empty: string}} p */
  const Group = ({ id, title, rows, empty }) => html`<section aria-labelledby=${id}>
    <h2 id=${id}>${title}（${data ? rows.length : "…"}）</h2>
    ${rows.length
      ? html`<ul class="list">${rows.map((h) => html`<${HazardRow} hazard=${h} href=${`#/h/${h.id}`} institution=${data?.names[h.institution_id]} />`)}</ul>`
      : html`<p class="empty">${data ? empty : "正在加载…"}</p>`}
  </section>`;
  return html`<${Page} title="待区民政局处理" ...${page}>
    <${ErrorBox} error=${error} />
    <${Group} id="review-h" title="重大隐患待复查" rows=${data?.review || []} empty="没有待复查的重大隐患。" />
    <${Group} id="proposed-h" title="拟判重大隐患待确认" rows=${data?.proposed || []} empty="没有待确认的拟判重大隐患。" />
    ${data?.late.length
      ? html`<${Group} id="late-h" title="其中超过确认时限的" rows=${data.late} empty="" />`
      : null}
    ${data?.rules
      ? html`<${Group} id="extensions-h" title="延期申请待决定" rows=${data.extensions} empty="没有待决定的延期申请。" />
          <${Group} id="voids-h" title="作废待批准" rows=${data.voids} empty="没有待批准的作废。" />`
      : null}
    <${Group} id="overdue-h" title="逾期的重大隐患" rows=${data?.overdue || []} empty="没有逾期的重大隐患。" />
  <//>`;
}

/** A hazard's story and the bureau's decisions on it. */
function HazardScreen({ page, id }) {
  const { data, error, reload } = useLoad(async () => {
    const [hazard, users, names] = await Promise.all([get(`/hazards/${id}`), getAll("/users"), institutionNames()]);
    return { hazard, people: Object.fromEntries(users.map((u) => [u.id, u.display_name || u.username])), names };
  }, [id]);
  const h = data?.hazard;
  const live = h && ["open", "rectifying", "pending_review"].includes(h.status);
  return html`<${Page} title="隐患详情" back="#/awaiting" ...${page}>
    <${ErrorBox} error=${error} />
    ${h
      ? html`${h.status === "pending_review" ? html`<${Review} hazard=${h} done=${reload} />` : null}
          ${live && h.severity === "major" && !h.severity_confirmed ? html`<${Confirm} hazard=${h} done=${reload} />` : null}
          ${live ? html`<${DecideExtension} hazard=${h} done=${reload} />` : null}
          ${live ? html`<${DecideVoid} hazard=${h} me=${page.user.id} names=${data.people} done=${reload} />` : null}
          <${HazardStory} hazard=${h} names=${data.people} institution=${data.names[h.institution_id]} me=${page.user.id} />
          <${HazardDocuments} hazard=${h} />
          ${live ? html`<${Decisions} hazard=${h} done=${reload} />` : null}
          <${Measures} hazard=${h} done=${reload} />`
      : error ? null : html`<p class="empty">正在加载…</p>`}
  <//>`;
}

/** 拟判重大: confirm as major, or make it general. */
function Confirm({ hazard, done }) {
  const [reason, setReason] = useState("");
  const { busy, error, run } = useAction();
  const send = async (/** @type {any} */ body) => {
    if ((await run(() => post(`/hazards/${hazard.id}/reclassify`, { ...body, reason }))) !== undefined) done();
  };
  return html`<section class="card warn" aria-labelledby="confirm-h">
    <h2 id="confirm-h">拟判重大事故隐患：请确认</h2>
    <label for="confirm-reason">理由</label>
    <textarea id="confirm-reason" value=${reason} onInput=${(/** @type {any} */ e) => setReason(e.target.value)}></textarea>
    <${ErrorBox} error=${error} />
    <div class="pair">
      <button class="primary" disabled=${busy || !reason.trim()} onClick=${() => send({ severity: "major", confirmed: true })}>确认为重大隐患</button>
      <button disabled=${busy || !reason.trim()} onClick=${() => send({ severity: "general" })}>改为一般隐患</button>
    </div>
  </section>`;
}

/** The officials' other decisions: extend, reclassify, refer, void. */
function Decisions({ hazard, done }) {
  const [kind, setKind] = useState("extend");
  const [reason, setReason] = useState("");
  const [due, setDue] = useState("");
  const [severity, setSeverity] = useState(hazard.severity === "major" ? "general" : "major");
  const [department, setDepartment] = useState("housing");
  const { busy, error, run } = useAction();
  const bodies = /** @type {Record<string, () => [string, any]>} */ ({
    extend: () => ["extend", { due_at: new Date(`${due}T23:59:00+08:00`).toISOString(), reason }],
    reclassify: () => ["reclassify", { severity, reason, ...(severity === "major" ? { confirmed: true } : {}) }],
    refer: () => ["refer", { department, note: reason }],
    void: () => ["void", { reason }],
  });
  return html`<form class="card" aria-labelledby="decide-h"
      onSubmit=${async (/** @type {Event} */ e) => {
        e.preventDefault();
        const [action, body] = bodies[kind]();
        if ((await run(() => post(`/hazards/${hazard.id}/${action}`, body))) !== undefined) {
          setReason("");
          done();
        }
      }}>
    <h2 id="decide-h">区民政局决定</h2>
    <label for="decide-kind">决定</label>
    <select id="decide-kind" value=${kind} onChange=${(/** @type {any} */ e) => setKind(e.target.value)}>
      <option value="extend">整改延期</option>
      <option value="reclassify">重新定级</option>
      <option value="refer">移送其他部门</option>
      <option value="void">${hasRules(hazard) ? "提请作废（记录有误，须另一名工作人员批准）" : "作废（记录有误）"}</option>
    </select>
    ${kind === "extend"
      ? html`<label for="decide-due">新的整改期限</label>
          <input id="decide-due" type="date" required value=${due} onInput=${(/** @type {any} */ e) => setDue(e.target.value)} />`
      : null}
    ${kind === "reclassify"
      ? html`<label for="decide-severity">新的等级</label>
          <select id="decide-severity" value=${severity} onChange=${(/** @type {any} */ e) => setSeverity(e.target.value)}>
            ${Object.entries(SEVERITY).map(([v, l]) => html`<option value=${v}>${l}</option>`)}
          </select>`
      : null}
    ${kind === "refer"
      ? html`<label for="decide-dept">移送至</label>
          <select id="decide-dept" value=${department} onChange=${(/** @type {any} */ e) => setDepartment(e.target.value)}>
            ${Object.entries(DEPARTMENT).map(([v, l]) => html`<option value=${v}>${l}</option>`)}
          </select>`
      : null}
    <label for="decide-reason">${kind === "refer" ? "移送说明" : "理由"}</label>
    <textarea id="decide-reason" required value=${reason} onInput=${(/** @type {any} */ e) => setReason(e.target.value)}></textarea>
    <${ErrorBox} error=${error} />
    <button class="primary" disabled=${busy || !reason.trim() || (kind === "extend" && !due)}>提交决定</button>
  </form>`;
}

/** The monthly report (make, then download) and the ledger export. */
function Reports({ page }) {
  const { data: streets } = useLoad(async () => [...new Set((await getAll("/institutions")).map((i) => i.street))].sort());
  const [filters, setFilters] = useState({ status: "", severity: "", street: "" });
  const query = new URLSearchParams(Object.entries(filters).filter(([, v]) => v)).toString();
  const streetOptions = (/** @type {string} */ all) => html`<option value="">${all}</option>${(streets || []).map((s) => html`<option value=${s}>${s}</option>`)}`;
  return html`<${Page} title="报告与台账" ...${page}>
    <${MonthlyReport} streets=${streets || []} />
    <section class="card" aria-labelledby="ledger-h">
      <h2 id="ledger-h">隐患台账导出</h2>
      <label for="ledger-status">状态</label>
      <select id="ledger-status" value=${filters.status} onChange=${(/** @type {any} */ e) => { const value = e.target.value; setFilters((/** @type {any} */ now) => ({ ...now, status: value })); }}>
        <option value="">全部</option>${Object.entries(STATUS).map(([v, l]) => html`<option value=${v}>${l}</option>`)}
      </select>
      <label for="ledger-severity">等级</label>
      <select id="ledger-severity" value=${filters.severity} onChange=${(/** @type {any} */ e) => { const value = e.target.value; setFilters((/** @type {any} */ now) => ({ ...now, severity: value })); }}>
        <option value="">全部</option>${Object.entries(SEVERITY).map(([v, l]) => html`<option value=${v}>${l}</option>`)}
      </select>
      <label for="ledger-street">街镇</label>
      <select id="ledger-street" value=${filters.street} onChange=${(/** @type {any} */ e) => { const value = e.target.value; setFilters((/** @type {any} */ now) => ({ ...now, street: value })); }}>${streetOptions("全区")}</select>
      <div class="pair">
        <${FileButton} path=${`/hazards/export.xlsx${query ? `?${query}` : ""}`} saveAs="隐患台账.xlsx" label="下载 Excel" />
        <${FileButton} path=${`/hazards/export.csv${query ? `?${query}` : ""}`} saveAs="隐患台账.csv" label="下载 CSV" />
      </div>
    </section>
  <//>`;
}

