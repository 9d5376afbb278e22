import { useEffect, useRef, useState } from "preact/hooks";
import { post } from "../api.js";
import { ApiError } from "../lib/errors.js";
import { formProblems, serverProblems } from "../lib/password.js";
import { ErrorBox, Header, html } from "../ui.js";

/** @type {Array<[string, string, string, string]>} field, label, English, autocomplete */
const INPUTS = [
  ["old_password", "原密码", "Current password", "current-password"],
  ["new_password", "新密码", "New password", "new-password"],
  ["again", "再次输入新密码", "New password again", "new-password"],
];

/**
 * Change one's own password (``POST /me/password``): asked for (``required``) after the
 * bureau reset it, or chosen from the menu. ``onChanged`` continues to the start.
 * @param {{required?: boolean, username: string, onChanged: () => void, onLogout: () => void}} props
 */
export function ChangePassword({ required, username, onChanged, onLogout }) {
  const [form, setForm] = useState({ old_password: "", new_password: "", again: "" });
  const [problems, setProblems] = useState(/** @type {Record<string, string[]>} */ ({}));
  const [error, setError] = useState(/** @type {unknown} */ (null));
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const formRef = useRef(/** @type {HTMLFormElement|null} */ (null));

  // The first field with a problem takes the focus, so it is heard and can be retyped.
  useEffect(() => {
    const first = INPUTS.find(([field]) => problems[field]);
    if (first) /** @type {HTMLInputElement|null} */ (formRef.current?.querySelector(`#pw-${first[0]}`))?.focus();
  }, [problems]);

  /** @param {Event} event */
  async function submit(event) {
    event.preventDefault();
    setError(null);
    const found = formProblems(form);
    setProblems(found);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      await post("/me/password", { old_password: form.old_password, new_password: form.new_password });
      setDone(true);
    } catch (e) {
      if (e instanceof ApiError && e.status === 422) {
        const mapped = serverProblems(e.body?.errors);
        if (!Object.keys(mapped).length) mapped.form = [String(e.body?.message || "").split(" / ")[0]];
        setProblems(mapped);
      } else setError(e);
    } finally {
      setBusy(false);
    }
  }

  const header = html`<${Header} title="修改密码" back=${required ? undefined : "#/"}>
    ${required ? html`<button class="link" onClick=${onLogout}>退出</button>` : null}
  <//>`;

  if (done) {
    return html`<main id="main" tabindex="-1" class="screen">
      ${header}
      <div class="card" role="status">
        <h2>密码已修改</h2>
        <p>以后请用新密码登录。其他手机或电脑上的登录已全部退出，这部手机保持登录。</p>
        <button class="primary" onClick=${onChanged}>继续</button>
      </div>
    </main>`;
  }

  return html`<main id="main" tabindex="-1" class="screen">
    ${header}
    ${required
      ? html`<p class="lead">区民政局已为您重置密码。请先设置一个只有您自己知道的新密码，然后继续工作。</p>`
      : html`<p class="lead">${username}，请输入原密码和新密码。</p>`}
    <form class="card" ref=${formRef} onSubmit=${submit} noValidate>
      ${INPUTS.map(([field, label, english, autocomplete]) => {
        const messages = problems[field];
        return html`<label for=${`pw-${field}`}>${label} <span class="en">${english}</span></label>
          ${field === "old_password" && required ? html`<p class="hint" id="pw-old-hint">即区民政局告诉您的临时密码。</p>` : null}
          ${field === "new_password" ? html`<p class="hint" id="pw-rules">至少 12 个字符；不要用常见密码、连续或重复的字符，也不要包含用户名。</p>` : null}
          <input id=${`pw-${field}`} name=${field} type="password" autocomplete=${autocomplete} required
            aria-invalid=${messages ? "true" : "false"}
            aria-describedby=${[
              messages ? `pw-${field}-error` : "",
              field === "new_password" ? "pw-rules" : "",
              field === "old_password" && required ? "pw-old-hint" : "",
            ].filter(Boolean).join(" ") || undefined}
            value=${form[/** @type {"old_password"|"new_password"|"again"} */ (field)]}
            onInput=${(/** @type {any} */ e) => { const value = e.target.value; setForm((/** @type {any} */ now) => ({ ...now, [field]: value })); }} />
          ${messages ? html`<p class="field-error" id=${`pw-${field}-error`}>${messages.join("；")}</p>` : null}`;
      })}
      ${problems.form ? html`<div class="error" role="alert"><p>${problems.form.join("；")}</p></div>` : null}
      ${Object.keys(problems).length ? html`<p class="visually-hidden" role="alert">请按提示修改后再提交。</p>` : null}
      <${ErrorBox} error=${error} />
      <button class="primary" type="submit" disabled=${busy}>${busy ? "正在保存…" : "修改密码"}</button>
    </form>
  </main>`;
}
