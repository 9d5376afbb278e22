// The institution manager's screens: the hazards (soonest deadline first, overdue
// marked), a hazard's whole story with acknowledging and sending the rectification,
// the notifications and the documents received.
import { useEffect, useRef, useState } from "preact/hooks";
import { get, post } from "../api.js";
import * as queue from "../queue.js";
import { SendState } from "../screens/outbox.js";
import * as store from "../store.js";
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
          ${hazard.status === "open" || hazard.status === "rectifying" ? html`<${Rectify} hazard=${hazard} user=${page.user} done=${reload} />` : null}
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

/** The send queue's group of a hazard's rectification. */
const groupOf = (/** @type {string} */ id) => `hazard:${id}`;

// Once a rectification is sent, the photos kept for it on the phone are let go.
queue.handle("rectification", {
  async sent(entry) {
    for (const photo of await store.photosOf(entry.group)) await store.deletePhoto(photo.localId);
  },
});

/** SHA-256 of a photo's bytes, hex (null without WebCrypto: plain http on a LAN). @param {Blob} blob */
async function sha256(blob) {
  if (!crypto.subtle) return null;
  const digest = await crypto.subtle.digest("SHA-256", await blob.arrayBuffer());
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * 提交整改: what was done and at least one photo. Kept on the phone and sent through the
 * send queue (the photos by tus, then the rectification citing them), so a weak signal
 * loses nothing; ``done`` once the server has it.
 */
function Rectify({ hazard, user, done }) {
  const group = groupOf(hazard.id);
  const [text, setText] = useState("");
  const [files, setFiles] = useState(/** @type {File[]} */ ([]));
  const [waiting, setWaiting] = useState(queue.waiting(group).length);
  const { busy, error, run } = useAction();
  const before = useRef(waiting);
  useEffect(
    () =>
      queue.subscribe(() => {
        const now = queue.waiting(group).length;
        if (before.current > 0 && now === 0) done(); // sent: the hazard moved on
        before.current = now;
        setWaiting(now);
      }),
    [group],
  );
  if (waiting) {
    return html`<section class="card" aria-labelledby="fix-h"><h2 id="fix-h">整改结果待发送</h2><${SendState} group=${group} /></section>`;
  }
  return html`<form class="card" aria-labelledby="fix-h"
      onSubmit=${async (/** @type {Event} */ e) => {
        e.preventDefault();
        await run(async () => {
          const refs = [];
          for (const file of files) {
            const blob = new Blob([await file.arrayBuffer()], { type: file.type || "image/jpeg" });
            const localId = crypto.getRandomValues(new Uint32Array(4)).join("-");
            const digest = await sha256(blob);
            await store.savePhoto({
              localId,
              inspectionId: group,
              key: "rectification",
              blob,
              name: file.name || "photo.jpg",
              photoId: null,
              added: Date.now(),
              ...(digest ? { sha256: digest } : {}),
            });
            await queue.enqueue({ owner: user.id, group, key: `photo:${localId}`, kind: "upload", label: `整改照片 ${file.name}`, photo: localId });
            refs.push({ $photo: localId });
          }
          await queue.enqueue({
            owner: user.id,
            group,
            key: `rectification:${hazard.id}`,
            kind: "request",
            label: `${hazard.title}：整改结果`,
            method: "POST",
            path: `/hazards/${hazard.id}/rectification`,
            body: { description: text, photo_ids: refs },
            tag: "rectification",
          });
          before.current = queue.waiting(group).length;
          setWaiting(before.current);
        });
      }}>
    <h2 id="fix-h">提交整改结果</h2>
    <label for="fix-text">整改情况说明</label>
    <textarea id="fix-text" required value=${text} onInput=${(/** @type {any} */ e) => setText(e.target.value)}></textarea>
    <label for="fix-photos">整改后照片（至少一张）</label>
    <input id="fix-photos" type="file" accept="image/*" multiple
      onChange=${(/** @type {any} */ e) => setFiles([...e.target.files])} />
    ${files.length ? html`<p class="hint">已选 ${files.length} 张照片</p>` : null}
    <${ErrorBox} error=${error} />
    <button class="primary" disabled=${busy || !text.trim() || !files.length}>${busy ? "正在保存…" : "提交整改"}</button>
    ${!files.length ? html`<p class="hint">请先拍照或选择照片。</p>` : null}
  </form>`;
}

const DOCUMENT = /** @type {Record<string, string>} */ ({
  record: "现场检查记录",
  notice: "责令限期整改通知书",
  opinion: "整改复查意见书",
  referral: "移送函",
  change: "隐患等级变更通知书",
});

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
