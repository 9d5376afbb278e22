// Changing one's own password: what is wrong with the form, in the user's words, by field.

/** The fields of the form, by the name the API gives them. */
export const FIELDS = /** @type {const} */ (["old_password", "new_password", "again"]);

/**
 * What the phone can tell before anything is sent: an empty field, two different new ones.
 * @param {{old_password: string, new_password: string, again: string}} form
 * @returns {Record<string, string[]>} messages by field, empty when the form may be sent
 */
export function formProblems(form) {
  /** @type {Record<string, string[]>} */
  const problems = {};
  if (!form.old_password) problems.old_password = ["请填写原密码（或区民政局给您的临时密码）"];
  if (!form.new_password) problems.new_password = ["请填写新密码"];
  else if (form.again !== form.new_password) problems.again = ["两次输入的新密码不一致，请重新输入"];
  return problems;
}

/**
 * The API's 422 (``errors`` by field, each message "中文 / English") as the Chinese
 * messages under each field; what names no field of the form goes under ``form``.
 * @param {unknown} errors
 * @returns {Record<string, string[]>}
 */
export function serverProblems(errors) {
  /** @type {Record<string, string[]>} */
  const problems = {};
  /** @param {string} field @param {unknown} value */
  const add = (field, value) => {
    const list = Array.isArray(value) ? value : [value];
    for (const message of list) {
      if (message == null) continue;
      if (typeof message === "object") {
        for (const [key, inner] of Object.entries(message)) add(FIELDS.includes(/** @type {any} */ (key)) ? key : field, inner);
        continue;
      }
      const chinese = String(message).split(" / ")[0].trim();
      (problems[field] ||= []).push(chinese);
    }
  };
  if (errors && typeof errors === "object" && !Array.isArray(errors)) {
    const body = /** @type {Record<string, unknown>} */ (errors);
    const fields = body.json && typeof body.json === "object" ? /** @type {Record<string, unknown>} */ (body.json) : body;
    for (const [key, value] of Object.entries(fields)) add(FIELDS.includes(/** @type {any} */ (key)) ? key : "form", value);
  } else if (errors != null) add("form", errors);
  return problems;
}

/**
 * Does a 403's message say the password must be changed first (after a bureau reset)?
 * @param {number} status
 * @param {{message?: string}|null|undefined} body
 */
export function asksForPasswordChange(status, body) {
  return status === 403 && typeof body?.message === "string" && body.message.includes("/me/password");
}
