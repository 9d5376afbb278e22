import { useEffect, useState } from "preact/hooks";
import { get } from "../api.js";
import * as store from "../store.js";
import { ErrorBox, Header, html, shortDate } from "../ui.js";
import { Outbox } from "./outbox.js";

const KIND = /** @type {Record<string, string>} */ ({
  routine: "日常检查",
  spot_check: "双随机抽查",
  follow_up: "复查",
  special: "专项检查",
});

/** Today's tasks: drafts on this phone, assigned inspections, hazards awaiting review. */
export function Tasks({ user, onLogout }) {
  const [tasks, setTasks] = useState(/** @type {any} */ (null));
  const [drafts, setDrafts] = useState(/** @type {store.Draft[]} */ ([]));
  const [error, setError] = useState(/** @type {unknown} */ (null));
  const [names, setNames] = useState(/** @type {Record<number, string>} */ ({}));

  useEffect(() => {
    // Only this inspector's drafts: a phone may be shared.
    store
      .listDrafts()
      .then((all) => setDrafts(all.filter((d) => d.owner === user.id).sort((a, b) => b.started_at.localeCompare(a.started_at))))
      .catch(() => setDrafts([])); // no storage: said by the banner
    get("/me/tasks")
      .then(async (found) => {
        setTasks(found);
        // The institutions' names, for the assigned inspections and the hazards.
        const ids = new Set([...found.inspections, ...found.hazards].map((/** @type {any} */ x) => x.institution_id));
        const pairs = await Promise.all(
          [...ids].map(async (id) => [id, (await get(`/institutions/${id}`)).name]),
        );
        setNames(Object.fromEntries(pairs));
      })
      .catch(setError);
  }, []);

  const local = new Set(drafts.map((d) => d.id));
  const assigned = (tasks?.inspections || []).filter((/** @type {any} */ i) => !local.has(i.id));
  const open = drafts.filter((d) => d.status === "draft");
  const done = drafts.filter((d) => d.status !== "draft").slice(0, 5);

  return html`<main id="main" tabindex="-1" class="screen">
    <${Header} title="今日任务">
      <a class="menu" href="#/password">修改密码</a>
      <button class="link" onClick=${onLogout}>退出</button>
    <//>
    <p class="lead">${user.display_name || user.username}，您好</p>
    <a class="button primary" href="#/new">开始新的检查</a>
    ${user.street ? html`<a class="button" href="#/board">${user.street}动态清零</a>` : null}
    <${ErrorBox} error=${error} />
    <${Outbox} />
    <section aria-labelledby="drafts-h">
      <h2 id="drafts-h">未提交的检查（草稿）</h2>
      ${open.length
        ? html`<ul class="list">${open.map(
            (d) => html`<li><a href=${`#/i/${d.id}/item/0`}>
              <strong>${d.institution.name}</strong>
              <span>${KIND[d.kind] || d.kind} · ${shortDate(d.started_at)} · 已答 ${Object.values(d.answers).filter((a) => a.result).length} 项</span>
            </a></li>`,
          )}</ul>`
        : html`<p class="empty">没有草稿。</p>`}
    </section>
    <section aria-labelledby="assigned-h">
      <h2 id="assigned-h">分派给我的检查</h2>
      ${tasks == null && !error
        ? html`<p class="empty">正在加载…</p>`
        : assigned.length
          ? html`<ul class="list">${assigned.map(
              (/** @type {any} */ i) => html`<li><a href=${`#/open/${i.id}`}>
                <strong>${names[i.institution_id] || "…"}</strong>
                <span>${KIND[i.kind] || i.kind} · ${shortDate(i.started_at)}</span>
              </a></li>`,
            )}</ul>`
          : html`<p class="empty">暂无分派的检查。</p>`}
    </section>
    <section aria-labelledby="review-h">
      <h2 id="review-h">待我复查的隐患</h2>
      ${(tasks?.hazards || []).length
        ? html`<ul class="list">${tasks.hazards.map(
            (/** @type {any} */ h) => html`<li><a href=${`#/h/${h.id}`}>
              <strong>${h.title}</strong>
              <span>${names[h.institution_id] || ""} · ${h.severity === "major" ? "重大隐患" : "一般隐患"} · 期限 ${shortDate(h.due_at)}</span>
            </a></li>`,
          )}</ul>`
        : html`<p class="empty">暂无待复查的隐患。</p>`}
    </section>
    ${done.length
      ? html`<section aria-labelledby="done-h">
          <h2 id="done-h">最近提交</h2>
          <ul class="list">${done.map(
            (d) => html`<li><a href=${`#/i/${d.id}/done`}>
              <strong>${d.institution.name}</strong><span>${d.status === "sending" ? "已提交到手机，待发送" : "已提交"} · ${shortDate(d.started_at)}</span>
            </a></li>`,
          )}</ul>
        </section>`
      : null}
  </main>`;
}
