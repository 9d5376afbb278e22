// What applies and what the server would refuse: pure functions over checklist documents
// and the answers kept on the phone, the same rules the API applies (inspect_app/checklists
// and inspect_app/inspections/answers.py), so the inspector sees them before sending.

/** @typedef {{zh: string, en?: string}} Text */
/** @typedef {{value: string, label: Text, passes?: boolean, severity?: string}} Choice */
/**
 * @typedef {{code: string, prompt: Text, guidance: Text, basis: string,
 *   answer_type: "yes_no"|"number"|"choice"|"text", severity: "general"|"major",
 *   photo_required_on_fail: boolean, applies_if: object|null, unit?: string,
 *   pass_range?: {min?: number, max?: number}, choices?: Choice[]}} Item
 */
/** @typedef {{key: string, version: number, title: Text, sections: {title: Text, items: Item[]}[]}} Checklist */
/**
 * @typedef {{result?: "pass"|"fail"|"na", value?: unknown, note?: string,
 *   fixed_on_site?: boolean}} Answer
 */

export const FEATURES = /** @type {const} */ (["kitchen", "gas", "lpg", "medical", "meals_delivered"]);

/** @type {Record<string, string>} */
export const FEATURE_LABELS = {
  kitchen: "自办食堂（厨房）",
  gas: "使用管道燃气",
  lpg: "使用液化石油气钢瓶",
  medical: "内设医疗机构",
  meals_delivered: "外送餐食",
};

/**
 * Whether an item's ``applies_if`` holds for the features (a missing feature is false).
 * @param {any} condition
 * @param {Record<string, boolean>} features
 */
export function applies(condition, features) {
  if (condition == null) return true;
  if (Array.isArray(condition.any_of)) {
    return condition.any_of.some((/** @type {any} */ c) => applies(c, features));
  }
  return Object.entries(condition).every(([name, wanted]) => Boolean(features[name]) === wanted);
}

/** @param {string} checklist @param {string} code */
export const answerKey = (checklist, code) => `${checklist}:${code}`;

/**
 * The applicable items of the checklists, in order, each with its checklist key.
 * @param {Checklist[]} checklists
 * @param {Record<string, boolean>} features
 * @returns {{checklist: string, item: Item}[]}
 */
export function applicableItems(checklists, features) {
  const out = [];
  for (const list of checklists) {
    for (const section of list.sections) {
      for (const item of section.items) {
        if (applies(item.applies_if, features)) out.push({ checklist: list.key, item });
      }
    }
  }
  return out;
}

/**
 * The chosen choice of a choice item, if any.
 * @param {Item} item @param {unknown} value
 */
export function chosen(item, value) {
  return (item.choices || []).find((c) => c.value === value);
}

/**
 * The result a value implies, or undefined where the value says nothing (a failing
 * choice or a number outside its range is a fail; a passing choice or a number inside
 * the range a pass).
 * @param {Item} item @param {unknown} value
 * @returns {"pass"|"fail"|undefined}
 */
export function impliedResult(item, value) {
  if (item.answer_type === "choice") {
    const choice = chosen(item, value);
    if (!choice) return undefined;
    return choice.passes === false ? "fail" : "pass";
  }
  if (item.answer_type === "number" && typeof value === "number" && item.pass_range) {
    const { min, max } = item.pass_range;
    return (min != null && value < min) || (max != null && value > max) ? "fail" : "pass";
  }
  return undefined;
}

/**
 * The severity of a failed answer: a failed choice's own severity overrides the item's.
 * @param {Item} item @param {unknown} value
 */
export function failedSeverity(item, value) {
  return chosen(item, value)?.severity || item.severity;
}

/**
 * What the server would refuse about one answer, in the inspector's words.
 * @param {Item} item
 * @param {Answer|undefined} answer
 * @param {number} photos photos attached (uploaded or waiting)
 * @returns {string[]}
 */
export function answerProblems(item, answer, photos) {
  if (!answer || !answer.result) return [];
  const problems = [];
  if (answer.result === "pass" && impliedResult(item, answer.value) === "fail") {
    problems.push(
      item.answer_type === "number" ? "数值超出合格范围，不能判为合格" : "所选情形属于不合格，不能判为合格",
    );
  }
  if (answer.result === "fail" && item.photo_required_on_fail && photos === 0) {
    problems.push("不合格须拍照留证");
  }
  if (answer.result === "fail" && answer.fixed_on_site) {
    if (failedSeverity(item, answer.value) === "major") problems.push("重大隐患不能当场整改");
    else if (photos === 0) problems.push("当场整改须拍照留证");
  }
  return problems;
}

/**
 * The inspection's progress: applicable items, answered ones, those still missing, and
 * every problem the server would refuse at submit.
 * @param {Checklist[]} checklists
 * @param {Record<string, boolean>} features
 * @param {Record<string, Answer>} answers by "checklist:code"
 * @param {Record<string, number>} photoCounts by "checklist:code"
 */
export function progress(checklists, features, answers, photoCounts) {
  const items = applicableItems(checklists, features);
  /** @type {{checklist: string, item: Item}[]} */
  const missing = [];
  /** @type {{checklist: string, item: Item, problems: string[]}[]} */
  const problems = [];
  for (const entry of items) {
    const key = answerKey(entry.checklist, entry.item.code);
    const answer = answers[key];
    if (!answer || !answer.result) {
      missing.push(entry);
      continue;
    }
    const found = answerProblems(entry.item, answer, photoCounts[key] || 0);
    if (found.length) problems.push({ ...entry, problems: found });
  }
  return { total: items.length, answered: items.length - missing.length, missing, problems };
}

/**
 * One answer as the API takes it (PUT /inspections/{id}/answers).
 * @param {string} checklist @param {string} code @param {Answer} answer @param {string[]} photoIds
 */
export function toApiAnswer(checklist, code, answer, photoIds) {
  /** @type {Record<string, unknown>} */
  const body = { checklist, item_code: code, result: answer.result };
  if (answer.value !== undefined && answer.value !== "") body.value = answer.value;
  if (answer.note) body.note = answer.note;
  if (photoIds.length) body.photo_ids = photoIds;
  if (answer.result === "fail" && answer.fixed_on_site) body.fixed_on_site = true;
  return body;
}
