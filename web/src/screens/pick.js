import { useEffect, useState } from "preact/hooks";
import { get, getKept } from "../api.js";
import { ErrorBox, Header, html } from "../ui.js";

/** Pick the institution: search by name, filter by street. */
export function Pick({ onPick }) {
  const [all, setAll] = useState(/** @type {any[]|null} */ (null));
  const [q, setQ] = useState("");
  const [street, setStreet] = useState("");
  const [found, setFound] = useState(/** @type {any[]|null} */ (null));
  const [error, setError] = useState(/** @type {unknown} */ (null));

  useEffect(() => {
    getKept("/institutions?page_size=200").then(setAll, setError);
  }, []);
  useEffect(() => {
    if (!q && !street) {
      setFound(null);
      return;
    }
    const params = new URLSearchParams({ page_size: "200" });
    if (q) params.set("q", q);
    if (street) params.set("street", street);
    // Offline, the list kept from the last time is searched on the phone.
    const here = () =>
      (all || []).filter((i) => (!q || i.name.includes(q)) && (!street || i.street === street));
    const timer = setTimeout(
      () =>
        get(`/institutions?${params}`).then(setFound, (/** @type {any} */ e) =>
          e?.status === 0 && all ? setFound(here()) : setError(e),
        ),
      250,
    );
    return () => clearTimeout(timer);
  }, [q, street, all]);

  const streets = [...new Set((all || []).map((i) => i.street))].sort((a, b) => a.localeCompare(b, "zh"));
  const list = found || all;

  return html`<main id="main" tabindex="-1" class="screen">
    <${Header} title="选择检查对象" back="#/" />
    <div class="card filters">
      <label for="q">机构名称</label>
      <input id="q" type="search" placeholder="输入名称中的字" value=${q}
        onInput=${(/** @type {any} */ e) => setQ(e.target.value)} />
      <label for="street">街道（镇）</label>
      <select id="street" value=${street} onChange=${(/** @type {any} */ e) => setStreet(e.target.value)}>
        <option value="">全部街道</option>
        ${streets.map((s) => html`<option value=${s}>${s}</option>`)}
      </select>
    </div>
    <${ErrorBox} error=${error} />
    ${list == null
      ? html`<p class="empty">正在加载…</p>`
      : list.length === 0
        ? html`<p class="empty">没有符合条件的机构。</p>`
        : html`<ul class="list" aria-label="机构列表">${list.map(
            (i) => html`<li><button class="row" onClick=${() => onPick(i)}>
              <strong>${i.name}</strong><span>${i.street} · ${i.address}</span>
            </button></li>`,
          )}</ul>`}
  </main>`;
}
