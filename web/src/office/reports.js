// 月度隐患报告: last month preselected, the district or one street; made, then downloaded.
import { useState } from "preact/hooks";
import { post } from "../api.js";
import { ErrorBox, html } from "../ui.js";
import { FileButton, useAction } from "./common.js";

/** The last full month, as YYYY-MM in Shanghai. */
export function lastMonth() {
  const [y, m] = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit" })
    .format(new Date())
    .split("-")
    .map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
}

/**
 * ``streets``: the streets to choose from (the district's whole as well); ``street``: one
 * street fixed (a street officer's).
 * @param {{streets?: string[], street?: string}} props
 */
export function MonthlyReport({ streets = [], street: fixed }) {
  const [month, setMonth] = useState(lastMonth());
  const [chosen, setChosen] = useState("");
  const [made, setMade] = useState(/** @type {any} */ (null));
  const { busy, error, run } = useAction();
  const street = fixed || chosen;
  return html`<form class="card" aria-labelledby="monthly-h"
      onSubmit=${async (/** @type {Event} */ e) => {
        e.preventDefault();
        setMade(null);
        const answer = await run(() => post("/reports/monthly", { month, ...(street ? { street } : {}) }));
        if (answer) setMade(answer);
      }}>
      <h2 id="monthly-h">${fixed ? `${fixed}月度隐患报告` : "月度隐患报告"}</h2>
      <label for="report-month">月份</label>
      <input id="report-month" type="month" required value=${month}
        onInput=${(/** @type {any} */ e) => {
          setMade(null);
          setMonth(e.target.value);
        }} />
      ${fixed
        ? null
        : html`<label for="report-street">街镇</label>
            <select id="report-street" value=${chosen}
              onChange=${(/** @type {any} */ e) => {
                setMade(null);
                setChosen(e.target.value);
              }}>
              <option value="">全区</option>${streets.map((s) => html`<option value=${s}>${s}</option>`)}
            </select>`}
      <${ErrorBox} error=${error} />
      <button class="primary" disabled=${busy}>${busy ? "正在生成…" : "生成报告"}</button>
      ${made
        ? html`<div class="row" role="status">
            <strong>${made.month} ${made.street || "全区"} 月度报告已生成</strong>
            <span>${made.pages} 页 · ${Math.ceil(made.size / 1024)} KB · SHA-256 <code>${made.sha256.slice(0, 16)}…</code></span>
            <${FileButton} path=${made.url} saveAs=${`月度隐患报告-${made.month}${made.street ? `-${made.street}` : ""}.pdf`} label="下载 PDF" />
          </div>`
        : null}
    </form>`;
}
