import * as drafts from "../drafts.js";
import { answerKey, answerProblems, applicableItems, chosen, failedSeverity, impliedResult, progress } from "../lib/items.js";
import { ErrorBox, Field, Header, html, ProgressBar } from "../ui.js";
import { SendState } from "./outbox.js";

const RESULTS = [
  ["pass", "合格", "✓"],
  ["fail", "不合格", "✗"],
  ["na", "不适用", "—"],
];

/** @param {import("../lib/items.js").Item} item */
function rangeText(item) {
  const r = item.pass_range;
  if (!r) return "";
  const unit = item.unit || "";
  if (r.min != null && r.max != null) return `合格范围 ${r.min}–${r.max} ${unit}`;
  if (r.min != null) return `合格：不低于 ${r.min} ${unit}`;
  return `合格：不高于 ${r.max} ${unit}`;
}

/** What of the current inspection waits to be sent, in words (not by colour). */
export function SyncState() {
  const current = drafts.currentDraft();
  if (!current) return null;
  return html`<${SendState} group=${current.draft.id} />`;
}

/** One checklist item, big targets; answers are kept as they are entered. */
export function ItemScreen({ id, index }) {
  const current = drafts.currentDraft();
  if (!current) return null;
  const { draft, checklists } = current;
  const features = { ...draft.institution.features, ...(draft.features_confirmed || {}) };
  const items = applicableItems(checklists, features);
  const counts = Object.fromEntries(items.map((e) => [answerKey(e.checklist, e.item.code), drafts.photoCount(answerKey(e.checklist, e.item.code))]));
  const state = progress(checklists, features, draft.answers, counts);
  const n = Math.max(0, Math.min(index, items.length - 1));
  const entry = items[n];
  if (!entry) return html`<main id="main" tabindex="-1" class="screen"><p>没有适用的检查项。</p></main>`;
  const { item } = entry;
  const key = answerKey(entry.checklist, item.code);
  const answer = draft.answers[key] || {};
  const photos = current.photos.filter((p) => p.key === key);
  const serverPhotos = draft.serverPhotos?.[key]?.length || 0;
  const problems = answerProblems(item, answer, photos.length + serverPhotos);
  const list = checklists.find((c) => c.key === entry.checklist);
  const nextMissing = state.missing.find((m) => items.indexOf(m) > n) || state.missing[0];

  /** @param {unknown} value */
  const setValue = (value) => {
    const implied = impliedResult(item, value);
    drafts.answer(key, implied && answer.result !== "na" ? { value, result: implied } : { value });
  };

  let valueInput = null;
  if (item.answer_type === "choice") {
    valueInput = html`<fieldset class="choices"><legend>实际情形</legend>
      ${(item.choices || []).map(
        (c) => html`<label class="choice">
          <input type="radio" name=${`v-${key}`} value=${c.value} checked=${answer.value === c.value}
            onChange=${() => setValue(c.value)} />
          <span>${c.label.zh}${c.passes === false ? "（不合格）" : ""}</span>
        </label>`,
      )}
    </fieldset>`;
  } else if (item.answer_type === "number") {
    valueInput = html`<label for=${`v-${key}`}>测量值${item.unit ? `（${item.unit}）` : ""}</label>
      <${Field} id=${`v-${key}`} type="number" inputmode="decimal" step="any"
        value=${typeof answer.value === "number" ? String(answer.value) : ""}
        onCommit=${(/** @type {string} */ text) => setValue(text === "" ? undefined : Number(text))} />
      ${rangeText(item) ? html`<p class="hint">${rangeText(item)}</p>` : null}`;
  } else if (item.answer_type === "yes_no") {
    valueInput = html`<fieldset class="choices two"><legend>现场情况</legend>
      ${[[true, "是"], [false, "否"]].map(
        ([v, label]) => html`<label class="choice">
          <input type="radio" name=${`v-${key}`} checked=${answer.value === v} onChange=${() => setValue(v)} />
          <span>${label}</span>
        </label>`,
      )}
    </fieldset>`;
  } else {
    valueInput = html`<label for=${`v-${key}`}>记录</label>
      <${Field} id=${`v-${key}`} value=${typeof answer.value === "string" ? answer.value : ""}
        onCommit=${(/** @type {string} */ text) => setValue(text)} />`;
  }

  const severity = answer.result === "fail" ? failedSeverity(item, answer.value) : item.severity;

  return html`<main id="main" tabindex="-1" class="screen item-screen">
    <${Header} title=${draft.institution.name} back=${`#/i/${id}/setup`} />
    <div class="status">
      <${ProgressBar} done=${state.answered} total=${state.total} />
      <p><span>已答 ${state.answered}/${state.total}</span>
        ${state.missing.length ? html` · <a href=${`#/i/${id}/review`}>尚缺 ${state.missing.length} 项</a>` : html` · <a href=${`#/i/${id}/review`}>全部答完，去提交</a>`}
      </p>
      <${SyncState} />
    </div>
    <${ErrorBox} error=${current.error} />
    ${draft.status !== "draft"
      ? html`<p class="card warn" role="note">本检查已提交${draft.status === "sending" ? "（等待发送）" : ""}，不能再修改。</p>`
      : null}
    <article class="card item" aria-labelledby="prompt">
      <p class="meta">${list?.title.zh} · ${item.code} · 第 ${n + 1}/${items.length} 项
        ${item.severity === "major" || chosen(item, answer.value)?.severity === "major" ? html` · <strong class="major">可能为重大隐患</strong>` : null}</p>
      <h2 id="prompt">${item.prompt.zh}</h2>
      ${item.prompt.en ? html`<p class="en">${item.prompt.en}</p>` : null}
      <details><summary>检查要点与依据</summary><p>${item.guidance.zh}</p><p class="basis">依据：${item.basis}</p></details>
      ${valueInput}
      <fieldset class="results"><legend>结论</legend>
        ${RESULTS.map(
          ([value, label, mark]) => html`<label class=${`result ${value}`}>
            <input type="radio" name=${`r-${key}`} value=${value} checked=${answer.result === value}
              onChange=${() => drafts.answer(key, { result: /** @type {any} */ (value) })} />
            <span><b aria-hidden="true">${mark}</b> ${label}</span>
          </label>`,
        )}
      </fieldset>
      ${answer.result === "fail"
        ? html`<p class="hint">${severity === "major" ? "将作为重大隐患上报" : "将作为一般隐患，限期整改"}${item.photo_required_on_fail ? "；须拍照" : ""}</p>
          ${severity !== "major"
            ? html`<label class="check"><input type="checkbox" checked=${Boolean(answer.fixed_on_site)}
                onChange=${(/** @type {any} */ e) => drafts.answer(key, { fixed_on_site: e.target.checked })} />
                <span>当场整改（须拍照）</span></label>`
            : null}`
        : null}
      <label for=${`note-${key}`}>备注</label>
      <textarea id=${`note-${key}`} rows="3" value=${answer.note || ""}
        onInput=${(/** @type {any} */ e) => drafts.answer(key, { note: e.target.value })}></textarea>
      <div class="photos">
        <p>照片：${photos.length + serverPhotos} 张</p>
        <ul class="thumbs">${photos.map(
          (p, i) => html`<li>
            <img src=${drafts.photoUrl(p)} alt=${`${item.code} 照片 ${i + 1}`} />
            <span class="tag">${p.photoId ? "已上传" : "待上传"}</span>
            <button class="link" onClick=${() => drafts.removePhoto(p)} aria-label=${`删除照片 ${i + 1}`}>删除</button>
          </li>`,
        )}</ul>
        <label class="button camera">
          拍照 / 选照片
          <input class="visually-hidden" type="file" accept="image/*" capture="environment"
            onChange=${async (/** @type {any} */ e) => {
              for (const file of Array.from(/** @type {FileList} */ (e.target.files))) await drafts.addPhoto(key, file);
              e.target.value = "";
            }} />
        </label>
      </div>
      <div role="alert">${problems.length ? html`<ul class="problems">${problems.map((p) => html`<li>⚠ ${p}</li>`)}</ul>` : null}</div>
    </article>
    <nav class="pager" aria-label="翻页">
      <a class=${`button ${n === 0 ? "disabled" : ""}`} href=${`#/i/${id}/item/${Math.max(0, n - 1)}`} aria-disabled=${n === 0}>上一项</a>
      ${n < items.length - 1
        ? html`<a class="button primary" href=${`#/i/${id}/item/${n + 1}`}>下一项</a>`
        : html`<a class="button primary" href=${`#/i/${id}/review`}>检查并提交</a>`}
    </nav>
    ${nextMissing && items.indexOf(nextMissing) !== n
      ? html`<p class="center"><a href=${`#/i/${id}/item/${items.indexOf(nextMissing)}`}>跳到下一个未答项（${nextMissing.item.code}）</a></p>`
      : null}
  </main>`;
}
