// 动态清零: the clearance board. The district's figures (or one street's), the figures by
// street, the open major hazards day by day this month, found against cleared over twelve
// months, and the institutions with hazards open (those not cleared marked).
import { useState } from "preact/hooks";
import { get } from "../api.js";
import { ErrorBox, html } from "../ui.js";
import { BarChart, LineChart, dailyOpenMajor } from "./charts.js";
import { Page, getAll, percent, useLoad } from "./common.js";

/** The twelve months ending with this one, as YYYY-MM (Shanghai). */
function twelveMonths(/** @type {Date} */ now) {
  const [y, m] = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit" })
    .format(now)
    .split("-")
    .map(Number);
  const months = [];
  for (let k = 11; k >= 0; k--) {
    const index = y * 12 + (m - 1) - k;
    months.push(`${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`);
  }
  return months;
}

/**
 * The board; ``street`` fixes it to one street (the street officer's).
 * ``children``: more at the end of the page (the street officer's monthly report).
 * @param {{page: any, street?: string, children?: any}} props
 */
export function Board({ page, street: fixed, children }) {
  const [chosen, setChosen] = useState("");
  const street = fixed || chosen;
  const q = street ? `street=${encodeURIComponent(street)}` : "";
  const { data, error } = useLoad(() => get(`/clearance${q ? `?${q}` : ""}`), [street]);
  const { data: charts, error: chartError } = useLoad(async () => {
    const now = new Date();
    const months = twelveMonths(now);
    const [majors, past] = await Promise.all([
      getAll(`/hazards?severity=major${q ? `&${q}` : ""}`),
      Promise.all(
        months.slice(0, -1).map((month) =>
          get(`/clearance?month=${month}${q ? `&${q}` : ""}`).then(
            (b) => ({ label: month, found: b.totals.found_this_month, cleared: b.totals.cleared_this_month }),
            () => ({ label: month, found: null, cleared: null }), // before the records begin
          ),
        ),
      ),
    ]);
    return { daily: dailyOpenMajor(majors, now), months: past, current: months[months.length - 1] };
  }, [street]);
  const { data: streets } = useLoad(async () => (fixed ? [] : [...new Set((await getAll("/institutions")).map((i) => i.street))].sort()));

  const t = data?.totals;
  const rows = data?.institutions || [];
  /** @type {Record<string, {institutions: number, cleared: number, open_major: number, open_general: number, overdue: number, awaiting: number}>} */
  const byStreet = {};
  for (const r of rows) {
    const s = (byStreet[r.street] ||= { institutions: 0, cleared: 0, open_major: 0, open_general: 0, overdue: 0, awaiting: 0 });
    s.institutions += 1;
    s.cleared += r.cleared ? 1 : 0;
    s.open_major += r.open_major;
    s.open_general += r.open_general;
    s.overdue += r.overdue;
    s.awaiting += r.awaiting_review;
  }
  const withOpen = rows
    .filter((r) => r.open_major || r.open_general || r.overdue || r.proposed_major)
    .sort((a, b) => b.open_major - a.open_major || b.overdue - a.overdue || b.open_general - a.open_general);
  const months = charts
    ? [...charts.months, { label: charts.current, found: t ? t.found_this_month : null, cleared: t ? t.cleared_this_month : null }]
    : [];
  /** @type {[string, any, string?][]} */
  const tiles = t
    ? [
        ["在办重大隐患", t.open_major, t.open_major ? "bad" : "good"],
        ["拟判重大待确认", t.proposed_major],
        ["在办一般隐患", t.open_general],
        ["逾期未整改", t.overdue, t.overdue ? "bad" : "good"],
        ["待复查", t.awaiting_review],
        ["本月发现", t.found_this_month],
        ["本月销号", t.cleared_this_month],
        ["清零机构", `${t.institutions_cleared} / ${t.institutions}`],
        ["清零率", percent(t.clearance_rate)],
        ["整改率（本年）", percent(t.rectification_rate)],
        ["按期整改率", percent(t.on_time_rate)],
        ["检查覆盖率", percent(t.coverage)],
      ]
    : [];
  return html`<${Page} title=${fixed ? `${fixed}动态清零` : "动态清零"} ...${page}>
    ${fixed
      ? null
      : html`<label for="board-street">街镇</label>
          <select id="board-street" value=${chosen} onChange=${(/** @type {any} */ e) => setChosen(e.target.value)}>
            <option value="">全区</option>${(streets || []).map((s) => html`<option value=${s}>${s}</option>`)}
          </select>`}
    <${ErrorBox} error=${error || chartError} />
    ${data
      ? html`<p class=${data.on_target ? "lead ok" : "lead bad-text"} role="status">
            ${data.on_target ? "✓ 已实现动态清零（无在办重大隐患、无逾期）" : "✗ 尚未清零"} · 截至 ${new Date(data.as_of).toLocaleString("zh-CN", { timeZone: "Asia/Shanghai", hour12: false })}
          </p>
          <ul class="tiles" aria-label="主要数字">
            ${tiles.map(([label, value, tone]) => html`<li class=${tone || ""}><span>${label}</span><strong data-figure=${label}>${value}</strong></li>`)}
          </ul>`
      : error ? null : html`<p class="empty">正在加载…</p>`}
    ${charts
      ? html`<div class="charts">
          <${LineChart} title="本月每日末在办重大隐患" points=${charts.daily} />
          <${BarChart} title="近十二个月发现与销号" months=${months} />
        </div>`
      : chartError ? null : html`<p class="empty">正在加载图表…</p>`}
    ${!fixed && Object.keys(byStreet).length
      ? html`<section aria-labelledby="streets-h"><h2 id="streets-h">各街镇</h2>
          <div class="scroll"><table class="table">
            <thead><tr><th scope="col">街镇</th><th scope="col">机构</th><th scope="col">已清零</th><th scope="col">重大</th><th scope="col">一般</th><th scope="col">逾期</th><th scope="col">待复查</th></tr></thead>
            <tbody>${Object.entries(byStreet)
              .sort(([a], [b]) => a.localeCompare(b, "zh-CN"))
              .map(
                ([name, s]) => html`<tr><th scope="row"><button class="link" onClick=${() => setChosen(name)}>${name}</button></th>
                  <td>${s.institutions}</td><td>${s.cleared}</td><td class=${s.open_major ? "bad-text" : ""}>${s.open_major}</td>
                  <td>${s.open_general}</td><td class=${s.overdue ? "bad-text" : ""}>${s.overdue}</td><td>${s.awaiting}</td></tr>`,
              )}</tbody>
          </table></div></section>`
      : null}
    ${data
      ? html`<section aria-labelledby="homes-h"><h2 id="homes-h">有在办隐患的机构（${withOpen.length}）</h2>
          ${withOpen.length
            ? html`<ul class="list compact">${withOpen.slice(0, 100).map(
                (r) => html`<li><div><strong>${r.name}${r.cleared ? "" : html` <b class="tag bad">未清零</b>`}</strong>
                  <span>${r.street} · 重大 ${r.open_major}${r.proposed_major ? `（拟判 ${r.proposed_major}）` : ""} · 一般 ${r.open_general} · 逾期 ${r.overdue}</span></div></li>`,
              )}</ul>`
            : html`<p class="empty">没有在办的隐患。</p>`}</section>`
      : null}
    ${children}
  <//>`;
}
