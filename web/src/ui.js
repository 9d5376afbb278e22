// Small shared pieces of the screens.
import { html } from "htm/preact";
import { useEffect, useState } from "preact/hooks";
import { describeError, errorLines } from "./lib/errors.js";
import { health } from "./store.js";

export { html };

/** @param {{title: string, back?: string, children?: any}} props */
export function Header({ title, back, children }) {
  return html`<header class="bar">
    ${back ? html`<a class="back" href=${back} aria-label="返回">‹ 返回</a>` : null}
    <h1>${title}</h1>
    ${children}
  </header>`;
}

/** @param {{error: unknown, where?: "login"}} props */
export function ErrorBox({ error, where }) {
  if (!error) return null;
  const { title, next, detail } = describeError(error, where);
  const lines = errorLines(/** @type {any} */ (error).body?.errors);
  return html`<div class="error" role="alert">
    <p><strong>${title}</strong>：${next}</p>
    ${detail ? html`<p class="detail">${detail}</p>` : null}
    ${lines.length ? html`<ul>${lines.slice(0, 20).map((line) => html`<li>${line}</li>`)}</ul>` : null}
  </div>`;
}

/** @param {{done: number, total: number}} props */
export function ProgressBar({ done, total }) {
  return html`<progress class="progress" max=${total || 1} value=${done}
    aria-label=${`已答 ${done} 项，共 ${total} 项`}></progress>`;
}

/** A new random UUID (version 4) for an inspection the phone creates. */
export function newId() {
  const b = crypto.getRandomValues(new Uint8Array(16)); // randomUUID needs https
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** @param {string} iso */
export function shortDate(iso) {
  const d = new Date(iso);
  return `${d.getMonth() + 1}月${d.getDate()}日`;
}

/**
 * An input whose text is kept here while it is typed, and handed on when committed
 * (the change event): a screen that re-renders meanwhile (an answer sent, a photo
 * uploaded) does not wipe what is being typed.
 * @param {{id: string, value: string, onCommit: (text: string) => void, [key: string]: any}} props
 */
export function Field({ id, value, onCommit, ...rest }) {
  const [text, setText] = useState(value);
  const [editing, setEditing] = useState(false);
  useEffect(() => {
    if (!editing) setText(value);
  }, [value, editing]);
  return html`<input id=${id} ...${rest} value=${text}
    onInput=${(/** @type {any} */ e) => {
      setEditing(true);
      setText(e.target.value);
    }}
    onChange=${(/** @type {any} */ e) => {
      setEditing(false);
      onCommit(e.target.value);
    }} />`;
}

/**
 * Said over every screen when the phone cannot keep what is entered.
 * @param {{onRetry?: () => void}} props
 */
export function StorageBanner({ onRetry }) {
  if (health.problem === "unavailable") {
    return html`<div class="banner error" role="alert">
      <p><strong>此浏览器不能在手机上保存数据</strong>（可能处于无痕/隐私浏览模式）：离线时填写的内容无法保存。
        请退出无痕模式，用普通窗口打开本应用后再开始检查。</p></div>`;
  }
  if (health.problem === "full") {
    return html`<div class="banner error" role="alert">
      <p><strong>手机存储空间已满</strong>：刚才的内容还在本页面上，但未能保存到手机。请不要关闭或刷新本页，
        清理手机空间（删除不需要的照片、应用）后点"重新保存"。未保存的照片请重拍。</p>
      ${onRetry ? html`<button type="button" onClick=${onRetry}>重新保存</button>` : null}</div>`;
  }
  return null;
}
