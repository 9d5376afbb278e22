import { useEffect, useRef, useState } from "preact/hooks";
import { post } from "../api.js";
import { ErrorBox, html } from "../ui.js";

/**
 * Log in: the form, or (``expired``) a dialog over the screen the inspector was on.
 * @param {{onLoggedIn: (s: any) => void, expired?: boolean, username?: string}} props
 */
export function Login({ onLoggedIn, expired, username: known }) {
  const [username, setUsername] = useState(known || "");
  const [password, setPassword] = useState("");
  const [error, setError] = useState(/** @type {unknown} */ (null));
  const [busy, setBusy] = useState(false);
  const passwordInput = useRef(/** @type {HTMLInputElement|null} */ (null));
  // Over a screen, the dialog takes the focus where the inspector is to type.
  useEffect(() => {
    if (expired) passwordInput.current?.focus();
  }, [expired]);

  /** @param {Event} event */
  async function submit(event) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onLoggedIn(await post("/auth/login", { username: username.trim(), password }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const form = html`<form class="card login" onSubmit=${submit}>
    ${expired
      ? html`<h2 id="relogin-title">登录已过期，请重新登录</h2>
          <p>已填写的答案和照片都保存在手机上，登录后继续。</p>`
      : null}
    <label for="username">用户名 <span class="en">Username</span></label>
    <input id="username" name="username" autocomplete="username" autocapitalize="none"
      required value=${username} onInput=${(/** @type {any} */ e) => setUsername(e.target.value)} />
    <label for="password">密码 <span class="en">Password</span></label>
    <input id="password" name="password" type="password" ref=${passwordInput} autocomplete="current-password"
      required value=${password} onInput=${(/** @type {any} */ e) => setPassword(e.target.value)} />
    <${ErrorBox} error=${error} where="login" />
    <button class="primary" type="submit" disabled=${busy}>${busy ? "正在登录…" : "登录"}</button>
  </form>`;

  if (expired) {
    return html`<div class="overlay"><div role="dialog" aria-modal="true" aria-labelledby="relogin-title">${form}</div></div>`;
  }
  return html`<main id="main" tabindex="-1" class="screen">
    <header class="bar"><h1>养老机构安全检查</h1></header>
    <p class="lead">区民政局 · 检查人员登录</p>
    ${form}
  </main>`;
}
