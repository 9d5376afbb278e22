import { useEffect, useState } from "preact/hooks";
import { call } from "../api.js";
import { ApiError } from "../lib/errors.js";
import * as drafts from "../drafts.js";
import { answerKey, applicableItems, progress } from "../lib/items.js";
import { ErrorBox, Header, html, ProgressBar } from "../ui.js";
import { SyncState } from "./item.js";

/** What the server would refuse, shown before sending; then submit. */
export function Review({ id, me, go }) {
  const current = drafts.currentDraft();
  const [error, setError] = useState(/** @type {unknown} */ (null));
  const [busy, setBusy] = useState(false);
  if (!current) return null;
  const { draft, checklists } = current;
  if (draft.status !== "draft") {
    go(`#/i/${id}/done`);
    return null;
  }
  const features = { ...draft.institution.features, ...(draft.features_confirmed || {}) };
  const items = applicableItems(checklists, features);
  const counts = Object.fromEntries(items.map((e) => [answerKey(e.checklist, e.item.code), drafts.photoCount(answerKey(e.checklist, e.item.code))]));
  const state = progress(checklists, features, draft.answers, counts);
  const certified = (me.enforcement_cert_no ? 1 : 0) + draft.assignees.filter((a) => a.certified).length;
  const present = Boolean(draft.present_person_name?.trim() && draft.present_person_position?.trim());
  const failed = items.filter((e) => draft.answers[answerKey(e.checklist, e.item.code)]?.result === "fail");
  const blockers = state.missing.length + state.problems.length + (certified < 2 ? 1 : 0) + (present ? 0 : 1);
  const link = (/** @type {any} */ e) => `#/i/${id}/item/${items.indexOf(e)}`;

  // Queued after the inspection's answers and photos: sent now when online, else when
  // the network returns. The server's refusal (422) brings the draft back here.
  async function submit() {
    setBusy(true);
    setError(null);
    try {
      await drafts.submit();
      go(`#/i/${id}/done`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return html`<main id="main" tabindex="-1" class="screen">
    <${Header} title="检查并提交" back=${`#/i/${id}/item/0`} />
    <div class="status">
      <${ProgressBar} done=${state.answered} total=${state.total} />
      <p>已答 ${state.answered}/${state.total} 项，不合格 ${failed.length} 项</p>
      <${SyncState} />
    </div>
    ${certified < 2
      ? html`<section class="card warn"><h2>还需第二名持证检查人员</h2>
          <p>提交前须有两名持执法证的检查人员。<a href=${`#/i/${id}/setup`}>去添加</a></p></section>`
      : null}
    ${present
      ? null
      : html`<section class="card warn"><h2>还需填写在场人员</h2>
          <p>现场检查记录须写明被检查单位在场人员的姓名和职务。<a href=${`#/i/${id}/setup`}>去填写</a></p></section>`}
    ${state.missing.length
      ? html`<section class="card" aria-labelledby="missing-h"><h2 id="missing-h">尚未作答（${state.missing.length} 项）</h2>
          <ul class="list compact">${state.missing.map(
            (e) => html`<li><a href=${link(e)}>${e.item.code} ${e.item.prompt.zh}</a></li>`,
          )}</ul></section>`
      : null}
    ${state.problems.length
      ? html`<section class="card" aria-labelledby="problems-h"><h2 id="problems-h">需要修改（${state.problems.length} 项）</h2>
          <ul class="list compact">${state.problems.map(
            (e) => html`<li><a href=${link(e)}>${e.item.code}：${e.problems.join("；")}</a></li>`,
          )}</ul></section>`
      : null}
    ${failed.length
      ? html`<section class="card" aria-labelledby="failed-h"><h2 id="failed-h">不合格项（提交后生成隐患）</h2>
          <ul class="list compact">${failed.map(
            (e) => html`<li><a href=${link(e)}>${e.item.code} ${e.item.prompt.zh}</a></li>`,
          )}</ul></section>`
      : null}
    ${draft.submitError
      ? html`<section class="card warn" aria-labelledby="refused-h"><h2 id="refused-h">服务器未接受提交</h2>
          <p>数据仍保存在手机上。请按下面的提示修改，然后再次提交。</p>
          <${ErrorBox} error=${new ApiError(draft.submitError.status, draft.submitError.body)} /></section>`
      : null}
    <${ErrorBox} error=${error || current.error} />
    <button class="primary" disabled=${busy || blockers > 0} onClick=${submit}>
      ${busy ? "正在提交…" : blockers ? `还有 ${blockers} 处待处理` : "提交检查"}
    </button>
  </main>`;
}

/** After submit: the hazards raised, and the documents to show the manager. */
export function Done({ id }) {
  const current = drafts.currentDraft();
  const [detail, setDetail] = useState(/** @type {any} */ (null));
  const [hazards, setHazards] = useState(/** @type {any[]} */ ([]));
  const [error, setError] = useState(/** @type {unknown} */ (null));
  const status = current?.draft.status;
  useEffect(() => {
    if (status !== "submitted") return;
    drafts
      .fetchInspection(id)
      .then(async (d) => {
        setDetail(d);
        const ids = d.hazard_ids || [];
        setHazards(await Promise.all(ids.map((/** @type {string} */ h) => call("GET", `/hazards/${h}`))));
      })
      .catch(setError);
  }, [id, status]);
  if (status === "draft") {
    // The server refused the submit: back to the review, with its reasons.
    location.hash = `#/i/${id}/review`;
    return null;
  }
  if (status === "sending") {
    return html`<main id="main" tabindex="-1" class="screen">
      <${Header} title="已提交到手机" back="#/" />
      <p class="lead">${current?.draft.institution.name || ""}：检查已在手机上提交，等待发送到服务器。</p>
      <p>联网后会自动依次发送照片、各项结论和提交；发送完成后这里会显示发现的隐患和文书。不要退出登录。</p>
      <${SyncState} />
      <a class="button primary" href="#/">回到今日任务</a>
    </main>`;
  }

  /** @param {any} document */
  async function openPdf(document) {
    try {
      const response = await call("GET", document.url.replace(/^\/api\/v1/, ""), { raw: true });
      const url = URL.createObjectURL(await response.blob());
      window.open(url, "_blank") || (window.location.href = url);
    } catch (e) {
      setError(e);
    }
  }
  const NAMES = /** @type {Record<string, string>} */ ({
    record: "现场检查记录",
    notice: "责令限期整改通知书",
    opinion: "整改复查意见书",
    referral: "移送函",
    change: "隐患等级变更通知书",
  });

  return html`<main id="main" tabindex="-1" class="screen">
    <${Header} title="已提交" back="#/" />
    <p class="lead">${current?.draft.institution.name || ""}：检查已提交。</p>
    <${ErrorBox} error=${error} />
    <section class="card" aria-labelledby="hazards-h">
      <h2 id="hazards-h">发现的隐患（${detail ? (detail.hazard_ids || []).length : "…"}）</h2>
      ${hazards.length
        ? html`<ul class="list compact">${hazards.map(
            (h) => html`<li><div><strong>${h.title}</strong>
              <span>${h.severity === "major" ? "重大隐患" : "一般隐患"}${h.fixed_on_site ? " · 当场整改" : ""} · 整改期限 ${new Date(h.due_at).toLocaleDateString("zh-CN")}</span></div></li>`,
          )}</ul>`
        : html`<p class="empty">${detail ? "未发现隐患。" : "正在加载…"}</p>`}
    </section>
    <section class="card" aria-labelledby="docs-h">
      <h2 id="docs-h">文书（请向机构负责人出示）</h2>
      ${(detail?.documents || []).map(
        (/** @type {any} */ d) => html`<button class="row" onClick=${() => openPdf(d)}>
          <strong>${NAMES[d.kind] || d.kind} PDF</strong><span>编号 ${d.number}</span></button>`,
      )}
    </section>
    <a class="button primary" href="#/">回到今日任务</a>
  </main>`;
}
