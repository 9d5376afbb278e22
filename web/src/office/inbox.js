// The inbox of every office role: unread first, each linked to its hazard; one read or all.
import { get, post } from "../api.js";
import { ErrorBox, html } from "../ui.js";
import { Page, moment, useAction, useLoad } from "./common.js";

/** The inbox: unread first, each linked to its hazard; one read or all. */
export function Notifications({ page }) {
  const { data, error, reload } = useLoad(() => get("/me/notifications?page_size=100"));
  const { error: failed, run } = useAction();
  const unread = (data || []).filter((n) => !n.read_at).length;
  return html`<${Page} title="通知" ...${page}>
    <${ErrorBox} error=${error || failed} />
    <p class="lead">未读 ${data ? unread : "…"} 条</p>
    ${unread ? html`<button onClick=${async () => (await run(() => post("/me/notifications/read-all"))) !== undefined && reload()}>全部标为已读</button>` : null}
    ${data && data.length
      ? html`<ul class="list">${data.map(
          (n) => html`<li><div class=${n.read_at ? "" : "unread"}>
            <strong>${n.read_at ? "" : "【未读】"}${n.message}</strong>
            <span>${moment(n.created_at)}</span>
            <span class="actions">
              ${n.hazard_id ? html`<a href=${`#/h/${n.hazard_id}`}>查看隐患</a>` : null}
              ${n.read_at ? null : html`<button class="link" onClick=${async () => (await run(() => post(`/me/notifications/${n.id}/read`))) !== undefined && reload()}>标为已读</button>`}
            </span>
          </div></li>`,
        )}</ul>`
      : html`<p class="empty">${data ? "没有通知。" : "正在加载…"}</p>`}
  <//>`;
}

