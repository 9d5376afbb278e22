// A hazard awaiting review (复查), for the inspector of the finding department (a general
// hazard) and the bureau: its whole story, then approve or reject. Reached from today's
// tasks (#/h/<id>), loaded only when opened.
import { useState } from "preact/hooks";
import { get, post } from "../api.js";
import { ErrorBox, html } from "../ui.js";
import { HazardStory, Page, getAll, useAction, useLoad } from "./common.js";

/** @type {[string, string][]} */
const MENU = [["#/", "今日任务"]];

/** @param {{user: any, path: string, go: (hash: string) => void, onLogout: () => void}} props */
export function Screens(props) {
  const id = (props.path.match(/^\/h\/([0-9a-f-]{36})$/) || [])[1];
  const { data, error, reload } = useLoad(async () => {
    const hazard = await get(`/hazards/${id}`);
    const [home, officers] = await Promise.all([
      get(`/institutions/${hazard.institution_id}`).catch(() => null),
      getAll("/officers").catch(() => []),
    ]);
    return { hazard, home, names: Object.fromEntries(officers.map((o) => [o.id, o.display_name])) };
  }, [id]);
  const h = data?.hazard;
  return html`<${Page} title="复查隐患" back="#/" ...${props} menu=${MENU}>
    <${ErrorBox} error=${error} />
    ${h
      ? html`${h.status === "pending_review" ? html`<${Review} hazard=${h} done=${reload} />` : html`<p class="card">当前状态不需要复查。</p>`}
          <${HazardStory} hazard=${h} names=${data.names} institution=${data.home?.name} me=${props.user.id} />`
      : error ? null : html`<p class="empty">正在加载…</p>`}
  <//>`;
}

/**
 * The re-inspection (复查) a major hazard's approval names: the latest ``rechecked``
 * event after the last rectification that found it rectified (null: none yet).
 * @param {any} hazard
 */
export function recheckOf(hazard) {
  const events = hazard.events || [];
  const last = events.map((/** @type {any} */ e) => e.type).lastIndexOf("rectification_submitted");
  const found = events
    .slice(last + 1)
    .filter((/** @type {any} */ e) => e.type === "rechecked" && e.data?.result === "rectified" && e.data?.inspection_id);
  return found.length ? found[found.length - 1] : null;
}

/**
 * 复查: approve, or reject with a note. A major hazard is approved naming its on-site
 * re-inspection, where the API records them (``rechecked`` events).
 */
export function Review({ hazard, done }) {
  const [note, setNote] = useState("");
  const { busy, error, run } = useAction();
  const recheck = hazard.severity === "major" ? recheckOf(hazard) : null;
  const decide = async (/** @type {"approve"|"reject"} */ decision) => {
    const body = { decision, note, ...(decision === "approve" && recheck ? { inspection_id: recheck.data.inspection_id } : {}) };
    if ((await run(() => post(`/hazards/${hazard.id}/review`, body))) !== undefined) done();
  };
  return html`<section class="card" aria-labelledby="review-h">
    <h2 id="review-h">复查整改结果</h2>
    ${recheck
      ? html`<p class="ok">现场复查：${new Date(recheck.at).toLocaleDateString("zh-CN", { timeZone: "Asia/Shanghai" })} 已整改${recheck.note ? `（${recheck.note}）` : ""}</p>`
      : hazard.severity === "major"
        ? html`<p class="hint">重大隐患须经现场复查（复查检查，两名持证人员）确认已整改后销号。</p>`
        : null}
    <label for="review-note">复查意见（不通过时必填）</label>
    <textarea id="review-note" value=${note} onInput=${(/** @type {any} */ e) => setNote(e.target.value)}></textarea>
    <${ErrorBox} error=${error} />
    <div class="pair">
      <button class="primary" disabled=${busy} onClick=${() => decide("approve")}>复查通过，销号</button>
      <button disabled=${busy || !note.trim()} onClick=${() => decide("reject")}>复查不通过</button>
    </div>
  </section>`;
}
