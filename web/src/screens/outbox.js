// What waits to be sent, in words: the indicator on an inspection's screens, and the
// whole queue on today's tasks (what is stopped and what to do), with "立即发送" and what
// the phone's storage holds.
import { useEffect, useState } from "preact/hooks";
import { describeError, ApiError, errorLines } from "../lib/errors.js";
import * as queue from "../queue.js";
import * as store from "../store.js";
import { html } from "../ui.js";

/** Re-render on every change of the queue. */
function useQueue() {
  const [, setTick] = useState(0);
  useEffect(() => queue.subscribe(() => setTick((t) => t + 1)), []);
  return queue.state;
}

/** @param {import("../queue.js").Entry[]} entries */
function summary(entries) {
  const state = queue.state;
  const photos = entries.filter((e) => e.kind === "upload").length;
  const stopped = entries.filter((e) => e.blocked).length;
  if (!entries.length) return state.writing ? "正在保存…" : "已保存并同步";
  const parts = [`已保存在手机，${entries.length} 项待发送`];
  if (photos) parts.push(`含照片 ${photos} 张`);
  if (stopped) parts.push(`${stopped} 项被服务器退回`);
  if (state.waitingLogin) parts.push("请重新登录后发送");
  else if (state.inFlight != null) parts.push("正在发送…");
  else if (state.offline) parts.push("无网络，联网后自动发送");
  return parts.join("，");
}

/**
 * One inspection's (or hazard's) part of the queue: how much waits, and "立即发送".
 * @param {{group: string}} props
 */
export function SendState({ group }) {
  const state = useQueue();
  const mine = state.entries.filter((e) => e.group === group);
  return html`<div class="send-state">
    <p class="sync" role="status">${summary(mine)}</p>
    ${mine.length && !state.waitingLogin
      ? html`<button type="button" class="small" onClick=${() => void queue.sendNow()}>立即发送</button>`
      : null}
    ${mine.filter((e) => e.blocked).map((e) => html`<${Stopped} entry=${e} />`)}
  </div>`;
}

/** An entry the server refused: what it is, why, and what to do. @param {{entry: import("../queue.js").Entry}} props */
function Stopped({ entry }) {
  const blocked = /** @type {{status: number, body: any}} */ (entry.blocked);
  const { title, detail } = describeError(new ApiError(blocked.status, blocked.body));
  const lines = errorLines(blocked.body?.errors);
  return html`<div class="error" role="alert">
    <p><strong>${entry.label}：${title}</strong></p>
    <p>${queue.advice(entry)}</p>
    ${detail ? html`<p class="detail">${detail}</p>` : null}
    ${lines.length ? html`<ul>${lines.slice(0, 10).map((line) => html`<li>${line}</li>`)}</ul>` : null}
  </div>`;
}

/**
 * The queue by group (an inspection), named as its entries are ("机构：…").
 * @param {import("../queue.js").Entry[]} entries
 */
function groups(entries) {
  /** @type {Map<string, import("../queue.js").Entry[]>} */
  const found = new Map();
  for (const entry of entries) found.set(entry.group, [...(found.get(entry.group) || []), entry]);
  return [...found.values()].map((items) => ({ name: items[0].label.split("：")[0], items }));
}

/** @param {import("../queue.js").Entry[]} items */
function describeGroup(items) {
  const photos = items.filter((e) => e.kind === "upload").length;
  const stopped = items.filter((e) => e.blocked).length;
  const tries = Math.max(...items.map((e) => e.attempts));
  const parts = [`${items.length} 项待发送${photos ? `（含照片 ${photos} 张）` : ""}`];
  if (items.some((e) => e.tag === "submit")) parts.push("已在手机上提交");
  if (stopped) parts.push(`${stopped} 项被退回，见下方说明`);
  else if (tries) parts.push(`已尝试 ${tries} 次，稍后自动重试`);
  else parts.push("等待发送");
  return parts.join(" · ");
}

/** @param {number} bytes */
const megabytes = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** The whole queue and the phone's storage, on today's tasks. */
export function Outbox() {
  const state = useQueue();
  const [info, setInfo] = useState(/** @type {Awaited<ReturnType<typeof store.storageInfo>>} */ (null));
  useEffect(() => {
    store.storageInfo().then(setInfo, () => setInfo(null));
  }, [state.entries.length]);
  const entries = state.entries;
  return html`<section aria-labelledby="outbox-h">
    <h2 id="outbox-h">待发送</h2>
    <div class="send-state">
      <p class="sync" role="status">${entries.length ? summary(entries) : "没有待发送的内容"}</p>
      ${entries.length && !state.waitingLogin
        ? html`<button type="button" class="small" onClick=${() => void queue.sendNow()}>立即发送</button>`
        : null}
    </div>
    ${entries.length
      ? html`<ul class="list compact outbox">${groups(entries).map(
          ({ name, items }) => html`<li><div><strong>${name}</strong>
            <span>${describeGroup(items)}</span></div></li>`,
        )}</ul>`
      : null}
    ${entries.filter((e) => e.blocked).map((e) => html`<${Stopped} entry=${e} />`)}
    ${info
      ? html`<p class="hint storage">本机已用存储 ${megabytes(info.usage)}${info.quota ? `，可用约 ${megabytes(info.quota)}` : ""}；
          ${info.persisted ? "已设为持久保存（浏览器清理空间时不会删除）" : "浏览器未同意持久保存：请把本应用添加到主屏幕，并及时联网发送"}</p>`
      : null}
  </section>`;
}
