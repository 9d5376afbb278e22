// The institution manager's screens: the hazards (soonest deadline first, overdue
// marked), a hazard's whole story with acknowledging and sending the rectification,
// the notifications and the documents received.
import { useState } from "preact/hooks";
import { get, post } from "../api.js";
import { uploadPhoto } from "../uploads.js";
import { ErrorBox, html } from "../ui.js";
import { FileButton, HazardRow, HazardStory, Page, day, getAll, useAction, useLoad } from "./common.js";
import { Notifications } from "./inbox.js";
import { ApplyExtension, HazardDocuments } from "./rules.js";

/** @type {[string, string][]} */
const MENU = [
  ["#/", "隐患"],
  ["#/notifications", "通知"],
  ["#/documents", "文书"],
];
const LIVE = new Set(["open", "rectifying", "pending_review"]);

/** @param {{user: any, path: string, go: (hash: string) => void, onLogout: () => void}} props */
export function Screens(props) {
  const { path } = props;
  const page = { ...props, menu: MENU };
  const hazard = path.match(/^\/h\/([0-9a-f-]{36})$/);
  if (hazard) return html`<${HazardScreen} page=${page} id=${hazard[1]} />`;
  if (path === "/notifications") return html`<${Notifications} page=${page} />`;
  if (path === "/documents") return html`<${Documents} page=${page} />`;
  return html`<${Hazards} page=${page} />`;
}

/** The institution's hazards: the live ones by deadline, then the closed. */
function Hazards({ page }) {
  const { data, error } = useLoad(() => getAll("/hazards"));
  const all = data || [];
  const live = all.filter((h) => LIVE.has(h.status)).sort((a, b) => a.due_at.localeCompare(b.due_at));
  const closed = all.filter((h) => !LIVE.has(h.status)).sort((a, b) => b.found_at.localeCompare(a.found_at));
  const overdue = live.filter((h) => h.overdue).length;
  return html`<${Page} title="本机构隐患" ...${page}>
    <${ErrorBox} error=${error} />
    <p class="lead">待处理 ${data ? live.length : "…"} 项${overdue ? html`，其中 <b class="tag bad">${overdue} 项已逾期</b>` : ""}</p>
    <section aria-labelledby="live-h">
      <h2 id="live-h">待整改与待复查（期限最近的在前）</h2>
      ${live.length
        ? html`<ul class="list">${live.map((h) => html`<${HazardRow} hazard=${h} href=${`#/h/${h.id}`} />`)}</ul>`
        : html`<p class="empty">${data ? "没有待处理的隐患。" : "正在加载…"}</p>`}
    </section>
    ${closed.length
      ? html`<section aria-labelledby="closed-h"><h2 id="closed-h">已销号与已作废</h2>
          <ul class="list compact">${closed.slice(0, 50).map((h) => html`<${HazardRow} hazard=${h} href=${`#/h/${h.id}`} />`)}</ul></section>`
      : null}
  <//>`;
}

/** A hazard's story, and what the manager may do next. */
function HazardScreen({ page, id }) {
  const { data: hazard, error, reload } = useLoad(() => get(`/hazards/${id}`), [id]);
  return html`<${Page} title="隐患详情" back="#/" ...${page}>
    <${ErrorBox} error=${error} />
    ${hazard
      ? html`${hazard.status === "open" ? html`<${Acknowledge} hazard=${hazard} done=${reload} />` : null}
          ${hazard.status === "open" || hazard.status === "rectifying" ? html`<${Rectify} hazard=${hazard} done=${reload} />` : null}
          ${hazard.status === "pending_review" ? html`<p class="card ok">整改已提交，等待复查。</p>` : null}
          ${hazard.status === "open" || hazard.status === "rectifying" ? html`<${ApplyExtension} hazard=${hazard} done=${reload} />` : null}
          <${HazardStory} hazard=${hazard} me=${page.user.id} />
          <${HazardDocuments} hazard=${hazard} />`
      : error ? null : html`<p class="empty">正在加载…</p>`}
  <//>`;
}

/** 签收整改: the plan and, if known, the day it will be finished. */
function Acknowledge({ hazard, done }) {
  const [plan, setPlan] = useState("");
  const [finish, setFinish] = useState("");
  const { busy, error, run } = useAction();
  return html`<form class="card" aria-labelledby="ack-h"
      onSubmit=${async (/** @type {Event} */ e) => {
        e.preventDefault();
        const answer = await run(() =>
          post(`/hazards/${hazard.id}/acknowledge`, { plan, ...(finish ? { planned_finish: finish } : {}) }),
        );
        if (answer) done();
      }}>
    <h2 id="ack-h">签收并填写整改计划</h2>
    <label for="ack-plan">整改计划</label>
    <textarea id="ack-plan" required value=${plan} onInput=${(/** @type {any} */ e) => setPlan(e.target.value)}></textarea>
    <label for="ack-finish">计划完成日期（可不填）</label>
    <input id="ack-finish" type="date" value=${finish} onInput=${(/** @type {any} */ e) => setFinish(e.target.value)} />
    <${ErrorBox} error=${error} />
    <button class="primary" disabled=${busy || !plan.trim()}>${busy ? "正在提交…" : "签收整改"}</button>
  </form>`;
}

/** 提交整改: what was done and at least one photo, sent through tus first. */
function Rectify({ hazard, done }) {
  const [text, setText] = useState("");
  const [files, setFiles] = useState(/** @type {File[]} */ ([]));
  const [sent, setSent] = useState(0);
  const { busy, error, run } = useAction();
  return html`<form class="card" aria-labelledby="fix-h"
      onSubmit=${async (/** @type {Event} */ e) => {
        e.preventDefault();
        const answer = await run(async () => {
          const ids = [];
          setSent(0);
          for (const file of files) {
            ids.push(await uploadPhoto(file, file.name));
            setSent(ids.length);
          }
          return post(`/hazards/${hazard.id}/rectification`, { description: text, photo_ids: ids });
        });
        if (answer) done();
      }}>
    <h2 id="fix-h">提交整改结果</h2>
    <label for="fix-text">整改情况说明</label>
    <textarea id="fix-text" required value=${text} onInput=${(/** @type {any} */ e) => setText(e.target.value)}></textarea>
    <label for="fix-photos">整改后照片（至少一张）</label>
    <input id="fix-photos" type="file" accept="image/*" multiple
      onChange=${(/** @type {any} */ e) => setFiles([...e.target.files])} />
    ${files.length ? html`<p class="hint">已选 ${files.length} 张照片${busy ? `，已上传 ${sent} 张` : ""}</p>` : null}
    <${ErrorBox} error=${error} />
    <button class="primary" disabled=${busy || !text.trim() || !files.length}>${busy ? "正在上传…" : "提交整改"}</button>
    ${!files.length ? html`<p class="hint">请先拍照或选择照片。</p>` : null}
  </form>`;
}

const DOCUMENT = /** @type {Record<string, string>} */ ({ record: "现场检查记录", notice: "责令限期整改通知书" });

/** The documents served on the institution: each submitted inspection's record and notice. */
function Documents({ page }) {
  const { data, error } = useLoad(async () => {
    const inspections = (await getAll("/inspections?status=submitted")).sort((a, b) =>
      (b.submitted_at || "").localeCompare(a.submitted_at || ""),
    );
    return Promise.all(inspections.slice(0, 30).map((i) => get(`/inspections/${i.id}`)));
  });
  return html`<${Page} title="收到的文书" ...${page}>
    <${ErrorBox} error=${error} />
    ${data && data.length
      ? html`<ul class="list">${data.map(
          (i) => html`<li><div>
            <strong>${day(i.submitted_at)} 检查</strong>
            <span>发现隐患 ${(i.hazard_ids || []).length} 项</span>
            ${i.documents.map(
              (/** @type {any} */ d) => html`<${FileButton} path=${d.url} label=${`${DOCUMENT[d.kind] || d.kind}（${d.number}）`} />`,
            )}
          </div></li>`,
        )}</ul>`
      : html`<p class="empty">${data ? "还没有收到文书。" : "正在加载…"}</p>`}
  <//>`;
}
