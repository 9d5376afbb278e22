// The board's two charts as plain SVG (no chart library): open major hazards at the end
// of each day of the month, and hazards found against cleared in each of twelve months.
// Each chart is an image with a summary for screen readers, and its figures as a table.
import { html } from "../ui.js";

const W = 340;
const H = 180;
const PAD = { left: 32, right: 8, top: 12, bottom: 28 };

/** An axis top at or above ``value``, never 0. @param {number} value */
function top(value) {
  const v = Math.max(1, value);
  for (const step of [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]) if (v <= step * 5) return Math.ceil(v / step) * step;
  return v;
}

/** @param {{max: number}} props */
function Grid({ max }) {
  const ticks = [0, max / 2, max];
  const y = (/** @type {number} */ v) => PAD.top + (H - PAD.top - PAD.bottom) * (1 - v / max);
  return html`${ticks.map(
    (t) => html`<g>
      <line x1=${PAD.left} x2=${W - PAD.right} y1=${y(t)} y2=${y(t)} class="grid" />
      <text x=${PAD.left - 4} y=${y(t) + 4} text-anchor="end" class="tick">${Number.isInteger(t) ? t : ""}</text>
    </g>`,
  )}`;
}

/**
 * 重大隐患动态清零: open major hazards at the end of each day.
 * @param {{points: {label: string, value: number}[], title: string}} props
 */
export function LineChart({ points, title }) {
  const max = top(Math.max(0, ...points.map((p) => p.value)));
  const innerW = W - PAD.left - PAD.right;
  const x = (/** @type {number} */ n) => PAD.left + (points.length > 1 ? (innerW * n) / (points.length - 1) : innerW / 2);
  const y = (/** @type {number} */ v) => PAD.top + (H - PAD.top - PAD.bottom) * (1 - v / max);
  const path = points.map((p, n) => `${n ? "L" : "M"}${x(n).toFixed(1)},${y(p.value).toFixed(1)}`).join(" ");
  const last = points[points.length - 1];
  const summary = `${title}：${points.length ? `${points[0].label}为 ${points[0].value} 项，${last.label}为 ${last.value} 项，最多 ${Math.max(...points.map((p) => p.value))} 项` : "暂无数据"}`;
  return html`<figure class="chart">
    <figcaption>${title}</figcaption>
    <svg viewBox=${`0 0 ${W} ${H}`} role="img" aria-label=${summary}>
      <${Grid} max=${max} />
      <path d=${path} class="line major-line" />
      ${points.map((p, n) => (n % 5 === 0 || n === points.length - 1 ? html`<text x=${x(n)} y=${H - 8} text-anchor="middle" class="tick">${p.label.replace(/^\d+月/, "")}</text>` : null))}
    </svg>
    <${Figures} head=${["日期", "在办重大隐患"]} rows=${points.map((p) => [p.label, p.value])} />
  </figure>`;
}

/**
 * Found against cleared, a pair of bars a month.
 * @param {{months: {label: string, found: number|null, cleared: number|null}[], title: string}} props
 */
export function BarChart({ months, title }) {
  const max = top(Math.max(0, ...months.flatMap((m) => [m.found || 0, m.cleared || 0])));
  const innerW = W - PAD.left - PAD.right;
  const slot = innerW / Math.max(1, months.length);
  const bar = Math.max(2, slot / 2 - 2);
  const y = (/** @type {number} */ v) => PAD.top + (H - PAD.top - PAD.bottom) * (1 - v / max);
  const base = H - PAD.bottom;
  const total = (/** @type {"found"|"cleared"} */ key) => months.reduce((sum, m) => sum + (m[key] || 0), 0);
  const summary = `${title}：十二个月共发现 ${total("found")} 项，销号 ${total("cleared")} 项`;
  return html`<figure class="chart">
    <figcaption>${title}</figcaption>
    <svg viewBox=${`0 0 ${W} ${H}`} role="img" aria-label=${summary}>
      <${Grid} max=${max} />
      ${months.map((m, n) => {
        const x0 = PAD.left + slot * n + 1;
        return html`<g>
          <rect x=${x0} y=${y(m.found || 0)} width=${bar} height=${base - y(m.found || 0)} class="found" />
          <rect x=${x0 + bar + 1} y=${y(m.cleared || 0)} width=${bar} height=${base - y(m.cleared || 0)} class="cleared" />
          ${n % 2 === 0 || n === months.length - 1 ? html`<text x=${x0 + bar} y=${H - 8} text-anchor="middle" class="tick">${m.label.slice(5)}</text>` : null}
        </g>`;
      })}
    </svg>
    <p class="legend"><span class="key found"></span>发现 <span class="key cleared"></span>销号</p>
    <${Figures} head=${["月份", "发现", "销号"]} rows=${months.map((m) => [m.label, m.found ?? "—", m.cleared ?? "—"])} />
  </figure>`;
}

/** @param {{head: string[], rows: (string|number)[][]}} props */
function Figures({ head, rows }) {
  return html`<details><summary>查看数据</summary>
    <table class="table"><thead><tr>${head.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead>
      <tbody>${rows.map((r) => html`<tr>${r.map((c) => html`<td>${c}</td>`)}</tr>`)}</tbody></table>
  </details>`;
}

/**
 * Open major hazards at the end of each day of this month so far, from every major
 * hazard's found, cleared and voided moments (voided ones count nowhere).
 * @param {any[]} majors
 * @param {Date} now
 */
export function dailyOpenMajor(majors, now) {
  const zone = "Asia/Shanghai";
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" })
    .format(now)
    .split("-")
    .map(Number);
  const [year, month, today] = parts;
  const counted = majors.filter((h) => h.status !== "voided" && h.severity_confirmed !== false);
  const points = [];
  for (let d = 1; d <= today; d++) {
    // The end of day d in Shanghai (UTC+8, no daylight saving): 16:00 UTC that day.
    const end = Date.UTC(year, month - 1, d, 16, 0, 0);
    const moment = Math.min(end, now.getTime());
    const value = counted.filter(
      (h) => Date.parse(h.found_at) < moment && !(h.cleared_at && Date.parse(h.cleared_at) < moment),
    ).length;
    points.push({ label: `${month}月${d}日`, value });
  }
  return points;
}
