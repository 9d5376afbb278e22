// Pieces shared by the manager's, the bureau's and the auditor's screens: the page frame
// and its menu, the named values' Chinese labels, a hazard's row and its whole story,
// photos and files fetched with the token.
import { useEffect, useState } from "preact/hooks";
import { API, call, get } from "../api.js";
import { ErrorBox, html } from "../ui.js";

export const STATUS = /** @type {Record<string, string>} */ ({
  open: "待整改",
  rectifying: "整改中",
  pending_review: "待复查",
  cleared: "已销号",
  voided: "已作废",
});
export const SEVERITY = /** @type {Record<string, string>} */ ({ general: "一般隐患", major: "重大隐患" });
export const CATEGORY = /** @type {Record<string, string>} */ ({
  fire: "消防",
  food: "食品",
  gas: "燃气",
  service: "服务",
  facilities: "设施设备",
  management: "安全管理",
});
export const DEPARTMENT = /** @type {Record<string, string>} */ ({
  civil_affairs: "民政",
  fire: "消防",
  market_regulation: "市场监管",
  health: "卫生健康",
  housing: "住房城乡建设",
});
export const ROLE = /** @type {Record<string, string>} */ ({
  inspector: "检查员",
  manager: "机构管理员",
  bureau: "区民政局",
  auditor: "审计员",
  street: "街镇",
});
export const EVENT = /** @type {Record<string, string>} */ ({
  found: "发现",
  found_again: "再次发现",
  fixed_on_site: "当场整改",
  acknowledged: "签收整改",
  rectification_submitted: "提交整改",
  rechecked: "现场复查",
  review_approved: "复查通过",
  review_rejected: "复查不通过",
  deadline_extended: "整改延期",
  reclassified: "重新定级",
  voided: "作废",
  referred: "移送",
  street_changed: "变更街镇",
  overdue: "逾期",
});
export const RESULT = /** @type {Record<string, string>} */ ({
  no_problem: "未发现问题",
  rectification_ordered: "发现问题已责令改正",
  pending_action: "待后续处理",
  unreachable: "无法联系",
  refused: "不配合检查",
});
export const PLAN_STATUS = /** @type {Record<string, string>} */ ({
  draft: "草稿",
  announced: "已公告",
  drawn: "已抽取",
  published: "已公开",
});

/** Who takes a step, when their name is not the caller's to know. */
const ACTOR = /** @type {Record<string, string>} */ ({
  acknowledged: "机构管理员",
  rectification_submitted: "机构管理员",
  deadline_extended: "主管部门",
  reclassified: "区民政局",
  voided: "区民政局",
  referred: "主管部门",
});

/** @param {string|null|undefined} iso */
export function day(iso) {
  return iso ? new Date(iso).toLocaleDateString("zh-CN", { timeZone: "Asia/Shanghai" }) : "—";
}
/** @param {string|null|undefined} iso */
export function moment(iso) {
  return iso
    ? new Date(iso).toLocaleString("zh-CN", { timeZone: "Asia/Shanghai", hour12: false }).replace(/:\d\d$/, "")
    : "—";
}
/** @param {number|null|undefined} rate */
export function percent(rate) {
  return rate === null || rate === undefined ? "—" : `${(rate * 100).toFixed(1)}%`;
}

/**
 * Loads what ``load`` fetches, again whenever ``keys`` change; ``reload`` asks again.
 * @template T
 * @param {() => Promise<T>} load
 * @param {unknown[]} [keys]
 * @returns {{data: T|null, error: unknown, reload: () => void}}
 */
export function useLoad(load, keys = []) {
  const [data, setData] = useState(/** @type {T|null} */ (null));
  const [error, setError] = useState(/** @type {unknown} */ (null));
  const [round, setRound] = useState(0);
  useEffect(() => {
    let live = true;
    setError(null);
    load()
      .then((found) => live && setData(found))
      .catch((e) => live && setError(e));
    return () => {
      live = false;
    };
  }, [...keys, round]);
  return { data, error, reload: () => setRound((r) => r + 1) };
}

/** Every page of a paginated list (at most ``limit`` rows). */
export async function getAll(/** @type {string} */ path, limit = 2000) {
  const rows = [];
  const joiner = path.includes("?") ? "&" : "?";
  for (let page = 1; rows.length < limit; page++) {
    const batch = await get(`${path}${joiner}page=${page}&page_size=200`);
    rows.push(...batch);
    if (batch.length < 200) break;
  }
  return rows;
}

/**
 * A screen: the bar with its title and the role's menu, the focus on the screen for
 * screen readers, the document's title.
 * @param {{title: string, user: any, menu: [string, string][], path: string, onLogout: () => void, back?: string, children?: any}} props
 */
export function Page({ title, user, menu, path, onLogout, back, children }) {
  useEffect(() => {
    document.title = `${title} · 养老机构安全检查`;
    document.getElementById("main")?.focus();
  }, [title]);
  const current = (/** @type {string} */ href) => {
    const target = href.slice(1);
    return target === "/" ? path === "/" : path === target || path.startsWith(`${target}/`);
  };
  return html`<main id="main" tabindex="-1" class="screen office">
    <header class="bar">
      ${back ? html`<a class="back" href=${back} aria-label="返回">‹ 返回</a>` : null}
      <h1>${title}</h1>
      <a class="menu" href="#/password">修改密码</a>
      <button class="link" onClick=${onLogout}>退出</button>
    </header>
    <nav class="tabs" aria-label="栏目">
      ${menu.map(
        ([href, label]) => html`<a href=${href} aria-current=${current(href) ? "page" : undefined}>${label}</a>`,
      )}
    </nav>
    <p class="hint">${user.display_name || user.username} · ${ROLE[user.role] || user.role}</p>
    ${children}
  </main>`;
}

/** @param {{error: unknown}} props */
export const Failure = ({ error }) => html`<${ErrorBox} error=${error} />`;

/** @param {{hazard: any, href: string, institution?: string}} props */
export function HazardRow({ hazard, href, institution }) {
  const h = hazard;
  return html`<li><a href=${href}>
    <strong>${h.title}</strong>
    <span>${institution ? `${institution} · ` : ""}<b class=${h.severity === "major" ? "major" : ""}>${SEVERITY[h.severity]}${h.severity === "major" && !h.severity_confirmed ? "（拟判）" : ""}</b>
      · ${STATUS[h.status] || h.status} · ${CATEGORY[h.category] || h.category}</span>
    <span>整改期限 ${day(h.due_at)}${h.overdue ? html` <b class="tag bad">已逾期</b>` : null}</span>
  </a></li>`;
}

/**
 * A photo of the API, fetched with the token (an <img> cannot send it), as a thumbnail
 * that opens the display copy.
 * @param {{id: string, alt: string}} props
 */
export function Photo({ id, alt }) {
  const [url, setUrl] = useState(/** @type {string|null} */ (null));
  useEffect(() => {
    let made = "";
    call("GET", `/photos/${id}/thumbnail`, { raw: true })
      .then((r) => r.blob())
      .then((blob) => {
        made = URL.createObjectURL(blob);
        setUrl(made);
      })
      .catch(() => setUrl(""));
    return () => made && URL.revokeObjectURL(made);
  }, [id]);
  if (url === "") return html`<span class="hint">照片无法显示</span>`;
  return html`<button class="thumb" onClick=${() => openFile(`/photos/${id}`)} aria-label=${`查看大图：${alt}`}>
    ${url ? html`<img src=${url} alt=${alt} width="96" height="72" />` : html`<span class="hint">…</span>`}
  </button>`;
}

/**
 * Fetches a file of the API with the token and opens it (a PDF, a photo) or saves it.
 * @param {string} path under /api/v1 (or the full /api/v1/... url)
 * @param {string} [saveAs] a file name: download instead of opening
 */
export async function openFile(path, saveAs) {
  const response = await call("GET", path.replace(/^\/api\/v1/, ""), { raw: true });
  const url = URL.createObjectURL(await response.blob());
  if (saveAs) {
    const link = document.createElement("a");
    link.href = url;
    link.download = saveAs;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  } else {
    window.open(url, "_blank") || (window.location.href = url);
  }
}

/** A button that fetches a file, showing its own error. @param {{path: string, saveAs?: string, label: string, primary?: boolean}} props */
export function FileButton({ path, saveAs, label, primary }) {
  const [error, setError] = useState(/** @type {unknown} */ (null));
  const [busy, setBusy] = useState(false);
  return html`<div>
    <button class=${primary ? "primary" : ""} disabled=${busy}
      onClick=${async () => {
        setBusy(true);
        setError(null);
        try {
          await openFile(path, saveAs);
        } catch (e) {
          setError(e);
        }
        setBusy(false);
      }}>${busy ? "正在获取…" : label}</button>
    <${ErrorBox} error=${error} />
  </div>`;
}

/**
 * A hazard's whole story: its facts, then every event (what, who, when, the note and
 * the photos), oldest first.
 * Who acted is named where the caller may know it (``names``), "我" for the caller,
 * else by the part they play.
 * @param {{hazard: any, names?: Record<number, string>, institution?: string, me?: number}} props
 */
export function HazardStory({ hazard, names = {}, institution, me }) {
  const who = (/** @type {any} */ e) =>
    !e.actor_id ? "系统" : e.actor_id === me ? "我" : names[e.actor_id] || ACTOR[e.type] || "检查人员";
  const h = hazard;
  return html`<section class="card" aria-labelledby="facts-h">
      <h2 id="facts-h">${h.title}</h2>
      ${h.title_en ? html`<p class="en" lang="en">${h.title_en}</p>` : null}
      <dl class="facts">
        ${institution ? html`<dt>机构</dt><dd>${institution}</dd>` : null}
        <dt>等级</dt><dd class=${h.severity === "major" ? "major" : ""}>${SEVERITY[h.severity]}${h.severity === "major" && !h.severity_confirmed ? "（拟判重大，待区民政局确认）" : ""}</dd>
        <dt>状态</dt><dd>${STATUS[h.status] || h.status}${h.overdue ? html` <b class="tag bad">已逾期</b>` : null}</dd>
        <dt>类别</dt><dd>${CATEGORY[h.category] || h.category}${h.item_code ? ` · ${h.item_code}` : ""}</dd>
        <dt>发现</dt><dd>${moment(h.found_at)}${h.department ? ` · ${DEPARTMENT[h.department]}` : ""}</dd>
        <dt>整改期限</dt><dd>${day(h.due_at)}</dd>
        ${h.cleared_at ? html`<dt>销号</dt><dd>${moment(h.cleared_at)}</dd>` : null}
        ${h.referred_to ? html`<dt>已移送</dt><dd>${DEPARTMENT[h.referred_to]}</dd>` : null}
      </dl>
      ${h.description ? html`<p>${h.description}</p>` : null}
    </section>
    <section class="card" aria-labelledby="events-h">
      <h2 id="events-h">全过程记录（${h.events.length}）</h2>
      <ol class="timeline">
        ${h.events.map(
          (/** @type {any} */ e) => html`<li>
            <strong>${EVENT[e.type] || e.type}</strong>
            <span>${moment(e.at)} · ${who(e)}</span>
            ${e.note ? html`<p>${e.note}</p>` : null}
            ${e.data?.planned_finish ? html`<p>计划完成：${day(e.data.planned_finish)}</p>` : null}
            ${e.data?.previous_due_at ? html`<p>原整改期限：${day(e.data.previous_due_at)}</p>` : null}
            ${e.type === "rechecked" && e.data?.result ? html`<p>${e.data.result === "rectified" ? "已整改" : "未整改"}</p>` : null}
            ${(e.photo_ids || []).length
              ? html`<ul class="thumbs">${e.photo_ids.map((/** @type {string} */ p, /** @type {number} */ n) => html`<li><${Photo} id=${p} alt=${`${EVENT[e.type] || e.type}照片 ${n + 1}`} /></li>`)}</ul>`
              : null}
          </li>`,
        )}
      </ol>
    </section>`;
}

/**
 * A form's send: busy while it runs, its error kept; ``then`` gets the answer.
 * @returns {{busy: boolean, error: unknown, run: (work: () => Promise<any>) => Promise<any>, setError: (e: unknown) => void}}
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(/** @type {unknown} */ (null));
  async function run(/** @type {() => Promise<any>} */ work) {
    setBusy(true);
    setError(null);
    try {
      return await work();
    } catch (e) {
      setError(e);
      return undefined;
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, run, setError };
}

/** The API's base, for links shown to people (the public page is outside it). */
export const apiBase = API;
