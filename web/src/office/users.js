// The bureau's users: the list by role, a new user, and for each one the enforcement
// certificate, a conflict of interest (回避), a password reset, deactivating.
import { useState } from "preact/hooks";
import { call, post } from "../api.js";
import { ErrorBox, html } from "../ui.js";
import { DEPARTMENT, ROLE, Page, getAll, useAction, useLoad } from "./common.js";

const STAFF = ["civil_affairs", "fire", "market_regulation", "health"];
const ROLES = Object.entries(ROLE);

export function Users({ page }) {
  const [role, setRole] = useState("");
  const { data, error, reload } = useLoad(async () => {
    const [users, institutions] = await Promise.all([getAll(`/users${role ? `?role=${role}` : ""}`), getAll("/institutions")]);
    return { users, institutions };
  }, [role]);
  const homes = Object.fromEntries((data?.institutions || []).map((i) => [i.id, i.name]));
  return html`<${Page} title="用户管理" ...${page}>
    <${NewUser} institutions=${data?.institutions || []} done=${reload} />
    <label for="users-role">角色</label>
    <select id="users-role" value=${role} onChange=${(/** @type {any} */ e) => setRole(e.target.value)}>
      <option value="">全部</option>${ROLES.map(([v, l]) => html`<option value=${v}>${l}</option>`)}
    </select>
    <${ErrorBox} error=${error} />
    ${data
      ? html`<ul class="list">${data.users.map((u) => html`<${UserRow} user=${u} homes=${homes} institutions=${data.institutions} done=${reload} />`)}</ul>`
      : error ? null : html`<p class="empty">正在加载…</p>`}
  <//>`;
}

function NewUser({ institutions, done }) {
  const blank = { username: "", display_name: "", password: "", role: "inspector", department: "civil_affairs", institution_id: "", enforcement_cert_no: "", street: "" };
  const streets = [...new Set(institutions.map((/** @type {any} */ i) => i.street))].sort();
  const [form, setForm] = useState(blank);
  const [made, setMade] = useState(/** @type {any} */ (null));
  const { busy, error, run } = useAction();
  const set = (/** @type {string} */ key) => (/** @type {any} */ e) => { const value = e.target.value; setForm((/** @type {any} */ now) => ({ ...now, [key]: value })); };
  return html`<details class="card"><summary>新建用户</summary>
    <form onSubmit=${async (/** @type {Event} */ e) => {
      e.preventDefault();
      setMade(null);
      const body = /** @type {any} */ ({ username: form.username, display_name: form.display_name, password: form.password, role: form.role });
      if (form.role === "inspector") body.department = form.department;
      if (form.role === "manager") body.institution_id = Number(form.institution_id);
      if (form.role === "street") body.street = form.street;
      if (["inspector", "street"].includes(form.role) && form.enforcement_cert_no.trim()) body.enforcement_cert_no = form.enforcement_cert_no.trim();
      const user = await run(() => post("/users", body));
      if (user) {
        setMade(user);
        setForm(blank);
        done();
      }
    }}>
      <label for="nu-username">用户名</label><input id="nu-username" required autocomplete="off" value=${form.username} onInput=${set("username")} />
      <label for="nu-name">姓名</label><input id="nu-name" required value=${form.display_name} onInput=${set("display_name")} />
      <label for="nu-password">初始密码（至少 12 个字符）</label><input id="nu-password" type="password" autocomplete="new-password" required value=${form.password} onInput=${set("password")} />
      <label for="nu-role">角色</label>
      <select id="nu-role" value=${form.role} onChange=${set("role")}>
        ${ROLES.map(([v, l]) => html`<option value=${v}>${l}</option>`)}
      </select>
      ${form.role === "inspector"
        ? html`<label for="nu-dept">部门</label>
            <select id="nu-dept" value=${form.department} onChange=${set("department")}>${STAFF.map((d) => html`<option value=${d}>${DEPARTMENT[d]}</option>`)}</select>
            <label for="nu-cert">执法证号（可不填）</label><input id="nu-cert" value=${form.enforcement_cert_no} onInput=${set("enforcement_cert_no")} />`
        : null}
      ${form.role === "street"
        ? html`<label for="nu-street">所属街镇</label>
            <select id="nu-street" required value=${form.street} onChange=${set("street")}>
              <option value="">请选择</option>${streets.map((s) => html`<option value=${s}>${s}</option>`)}
            </select>
            <label for="nu-cert-street">执法证号（可不填）</label><input id="nu-cert-street" value=${form.enforcement_cert_no} onInput=${set("enforcement_cert_no")} />`
        : null}
      ${form.role === "manager"
        ? html`<label for="nu-home">所属机构</label>
            <select id="nu-home" required value=${form.institution_id} onChange=${set("institution_id")}>
              <option value="">请选择</option>${institutions.map((/** @type {any} */ i) => html`<option value=${i.id}>${i.name}</option>`)}
            </select>`
        : null}
      <${ErrorBox} error=${error} />
      <button class="primary" disabled=${busy}>创建用户</button>
      ${made ? html`<p class="ok" role="status">已创建：${made.display_name}（${made.username}）</p>` : null}
    </form>
  </details>`;
}

function UserRow({ user, homes, institutions, done }) {
  const u = user;
  const [cert, setCert] = useState(u.enforcement_cert_no || "");
  const [password, setPassword] = useState("");
  const [conflict, setConflict] = useState({ institution_id: "", reason: "" });
  const [said, setSaid] = useState("");
  const { busy, error, run } = useAction();
  const act = async (/** @type {() => Promise<any>} */ work, /** @type {string} */ message) => {
    setSaid("");
    if ((await run(work)) !== undefined) {
      setSaid(message);
      done();
    }
  };
  const where = u.role === "manager" ? homes[u.institution_id] || "" : u.role === "street" ? u.street || "" : u.department ? DEPARTMENT[u.department] : "";
  return html`<li><details class="row">
    <summary><span><strong>${u.display_name || u.username}</strong> ${u.username} · ${ROLE[u.role] || u.role}${where ? ` · ${where}` : ""}${u.enforcement_cert_no ? " · 持执法证" : ""}${u.active === false ? " · 已停用" : ""}</span></summary>
    <${ErrorBox} error=${error} />
    ${said ? html`<p class="ok" role="status">${said}</p>` : null}
    ${u.role === "inspector" || u.role === "bureau" || u.role === "street"
      ? html`<form onSubmit=${(/** @type {Event} */ e) => {
          e.preventDefault();
          act(() => call("PATCH", `/users/${u.id}`, { json: { enforcement_cert_no: cert.trim() || null } }), "执法证号已保存");
        }}>
          <label for=${`cert-${u.id}`}>执法证号</label>
          <input id=${`cert-${u.id}`} value=${cert} onInput=${(/** @type {any} */ e) => setCert(e.target.value)} />
          <button disabled=${busy}>保存执法证号</button>
        </form>`
      : null}
    ${u.role === "inspector"
      ? html`<form onSubmit=${(/** @type {Event} */ e) => {
          e.preventDefault();
          act(() => post(`/users/${u.id}/conflicts`, { institution_id: Number(conflict.institution_id), reason: conflict.reason }), "回避关系已登记");
        }}>
          <label for=${`conflict-${u.id}`}>登记回避的机构</label>
          <select id=${`conflict-${u.id}`} required value=${conflict.institution_id} onChange=${(/** @type {any} */ e) => { const value = e.target.value; setConflict((/** @type {any} */ now) => ({ ...now, institution_id: value })); }}>
            <option value="">请选择</option>${institutions.map((/** @type {any} */ i) => html`<option value=${i.id}>${i.name}</option>`)}
          </select>
          <label for=${`conflict-reason-${u.id}`}>回避理由</label>
          <input id=${`conflict-reason-${u.id}`} required value=${conflict.reason} onInput=${(/** @type {any} */ e) => { const value = e.target.value; setConflict((/** @type {any} */ now) => ({ ...now, reason: value })); }} />
          <button disabled=${busy}>登记回避</button>
        </form>`
      : null}
    <form onSubmit=${(/** @type {Event} */ e) => {
      e.preventDefault();
      act(() => post(`/users/${u.id}/password`, { new_password: password }), "密码已重置；该用户下次登录须先修改密码");
      setPassword("");
    }}>
      <label for=${`reset-${u.id}`}>重置密码（临时密码）</label>
      <input id=${`reset-${u.id}`} type="password" autocomplete="new-password" required value=${password} onInput=${(/** @type {any} */ e) => setPassword(e.target.value)} />
      <button disabled=${busy}>重置密码</button>
    </form>
    <button disabled=${busy} onClick=${() => act(() => call("PATCH", `/users/${u.id}`, { json: { active: u.active === false } }), u.active === false ? "已启用" : "已停用")}>
      ${u.active === false ? "启用账号" : "停用账号"}</button>
  </details></li>`;
}
