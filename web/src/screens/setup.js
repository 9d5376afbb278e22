import { useEffect, useState } from "preact/hooks";
import { getKept } from "../api.js";
import * as drafts from "../drafts.js";
import { FEATURE_LABELS, FEATURES } from "../lib/items.js";
import { ErrorBox, Field, Header, html } from "../ui.js";
import { SyncState } from "./item.js";

const CHECKLIST_NAMES = /** @type {Record<string, string>} */ ({
  fire: "消防",
  food: "食品",
  gas: "燃气",
  service: "服务",
  facilities: "建筑与设施设备",
  management: "安全管理",
});

/**
 * Before the items: the second officer, the features found on site, and (for a new
 * draft) which checklists. Changes are kept and sent as they are made.
 */
export function Setup({ me, id }) {
  const current = drafts.currentDraft();
  const [officers, setOfficers] = useState(/** @type {any[]|null} */ (null));
  const [lists, setLists] = useState(/** @type {any[]} */ ([]));
  const [error, setError] = useState(/** @type {unknown} */ (null));

  useEffect(() => {
    getKept("/officers?page_size=200").then(setOfficers, setError);
    getKept("/checklists").then(setLists, setError);
  }, []);
  if (!current) return null;
  const draft = current.draft;
  const features = { ...draft.institution.features, ...(draft.features_confirmed || {}) };
  const chosenIds = new Set(draft.assignees.map((a) => a.id));
  const others = (officers || []).filter((o) => o.id !== me.id);
  const certified = (me.enforcement_cert_no ? 1 : 0) + draft.assignees.filter((a) => a.certified).length;

  /** @param {string} name @param {boolean} value */
  const setFeature = (name, value) =>
    drafts.update({ features_confirmed: { ...Object.fromEntries(FEATURES.map((f) => [f, features[f] || false])), [name]: value } });
  /** @param {any} officer @param {boolean} on */
  const setOfficer = (officer, on) =>
    drafts.update({
      assignees: on
        ? [...draft.assignees, { id: officer.id, display_name: officer.display_name, certified: officer.certified }]
        : draft.assignees.filter((a) => a.id !== officer.id),
    });
  /** @param {string} key @param {boolean} on */
  const setList = (key, on) => {
    const next = on ? [...draft.checklists, key] : draft.checklists.filter((k) => k !== key);
    if (next.length) drafts.update({ checklists: next });
  };

  return html`<main id="main" tabindex="-1" class="screen">
    <${Header} title=${draft.institution.name} back="#/" />
    <${SyncState} />
    <${ErrorBox} error=${error || current.error} />
    <section class="card" aria-labelledby="officers-h">
      <h2 id="officers-h">检查人员（至少两名持执法证）</h2>
      <p>本人：${me.display_name}${me.enforcement_cert_no ? `（执法证 ${me.enforcement_cert_no}）` : "（无执法证）"}</p>
      <p class=${certified >= 2 ? "ok" : "warn"} aria-live="polite">
        ${certified >= 2 ? "✓ 已有两名持证人员" : `⚠ 还需添加 ${2 - certified} 名持证检查人员`}
      </p>
      ${officers == null
        ? html`<p class="empty">正在加载…</p>`
        : html`<fieldset><legend>添加同行检查人员</legend>
            ${others.map(
              (o) => html`<label class="check">
                <input type="checkbox" checked=${chosenIds.has(o.id)}
                  onChange=${(/** @type {any} */ e) => setOfficer(o, e.target.checked)} />
                <span>${o.display_name}${o.certified ? "（持证）" : "（无执法证）"}</span>
              </label>`,
            )}
          </fieldset>`}
    </section>
    <section class="card" aria-labelledby="present-h">
      <h2 id="present-h">被检查单位在场人员</h2>
      <p class="hint">写入现场检查记录，提交前必填。</p>
      <label for="present-name">姓名</label>
      <${Field} id="present-name" autocomplete="off" value=${draft.present_person_name || ""}
        onCommit=${(/** @type {string} */ text) => drafts.update({ present_person_name: text.trim() })} />
      <label for="present-position">职务（如院长、安全管理员）</label>
      <${Field} id="present-position" autocomplete="off" value=${draft.present_person_position || ""}
        onCommit=${(/** @type {string} */ text) => drafts.update({ present_person_position: text.trim() })} />
    </section>
    <section class="card" aria-labelledby="features-h">
      <h2 id="features-h">现场核实机构情况</h2>
      <p class="hint">按现场实际勾选；与名录不同的会告知区民政局。</p>
      ${draft.features_confirmed
        ? html`<p class="ok" aria-live="polite">✓ 已现场核实</p>`
        : html`<button type="button" onClick=${() => drafts.update({ features_confirmed: Object.fromEntries(FEATURES.map((f) => [f, Boolean(features[f])])) })}>
            与名录一致，确认</button>`}
      ${FEATURES.map(
        (f) => html`<label class="check">
          <input type="checkbox" checked=${Boolean(features[f])}
            onChange=${(/** @type {any} */ e) => setFeature(f, e.target.checked)} />
          <span>${FEATURE_LABELS[f]}${Boolean(draft.institution.features[f]) !== Boolean(features[f]) ? "（与名录不同）" : ""}</span>
        </label>`,
      )}
    </section>
    ${html`<section class="card" aria-labelledby="lists-h">
          <h2 id="lists-h">检查表</h2>
          ${lists.map(
            (l) => html`<label class="check">
              <input type="checkbox" checked=${draft.checklists.includes(l.key)}
                onChange=${(/** @type {any} */ e) => setList(l.key, e.target.checked)} />
              <span>${l.title?.zh || CHECKLIST_NAMES[l.key] || l.key}（${l.item_count} 项）</span>
            </label>`,
          )}
        </section>`}
    <a class="button primary" href=${`#/i/${id}/item/0`}>开始逐项检查</a>
  </main>`;
}
