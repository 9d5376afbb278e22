// API errors in the inspector's words, with what to do next. The API's own message
// (Chinese first, English beside) is kept as the detail.

export class ApiError extends Error {
  /**
   * @param {number} status 0 when the network failed
   * @param {{code?: string, message?: string, errors?: unknown}|null} body
   */
  constructor(status, body) {
    super(body?.message || `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

/** @type {Record<number, [string, string]>} */
const WORDS = {
  0: ["网络连接不上", "已填写的内容都保存在手机上。请检查网络后再试。"],
  400: ["请求有误", "请刷新页面后再试；仍不行请联系区民政局。"],
  401: ["登录已过期", "请重新登录，已填写的内容不会丢失。"],
  403: ["没有权限", "此操作不属于您的职责，请联系区民政局。"],
  404: ["找不到", "该记录不存在或您无权查看。请返回重新选择。"],
  409: ["状态已变化", "别人可能已经处理过。请返回刷新后再看。"],
  412: ["内容已被他人修改", "请刷新后再操作。"],
  413: ["文件太大", "请重新拍一张较小的照片。"],
  415: ["文件格式不支持", "请上传 JPEG、PNG、HEIC 或 WebP 照片。"],
  422: ["内容未通过检查", "请按下面的提示修改后再提交。"],
  429: ["尝试次数过多", "请稍等几分钟再试。"],
  500: ["服务器出错", "已填写的内容都保存在手机上。请稍后再试。"],
  503: ["服务器繁忙", "已填写的内容都保存在手机上。请稍后再试。"],
};

/**
 * A title and the next step for an error; ``detail`` is the server's own message.
 * At login a 401 is a wrong password, not an expired session.
 * @param {unknown} error
 * @param {"login"} [where]
 * @returns {{title: string, next: string, detail: string}}
 */
export function describeError(error, where) {
  if (error instanceof ApiError) {
    const status = error.status;
    const words =
      where === "login" && status === 401
        ? ["用户名或密码不对", "请核对后重试；忘记密码请联系区民政局重置。"]
        : WORDS[status] || (status >= 500 ? WORDS[500] : WORDS[400]);
    const detail = status === 0 ? "" : error.body?.message || "";
    return { title: words[0], next: words[1], detail };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { title: "出错了", next: "请刷新页面后再试。", detail: message };
}

/**
 * The server's field errors as lines ("fire:F-02: 不合格须拍照 …"), whatever their nesting.
 * @param {unknown} errors
 * @param {string} [prefix]
 * @returns {string[]}
 */
export function errorLines(errors, prefix = "") {
  if (errors == null) return [];
  if (typeof errors === "string") return [prefix ? `${prefix}：${errors}` : errors];
  if (Array.isArray(errors)) return errors.flatMap((e) => errorLines(e, prefix));
  if (typeof errors === "object") {
    return Object.entries(errors).flatMap(([key, value]) =>
      errorLines(value, key === "json" || key === "_schema" ? prefix : prefix ? `${prefix} ${key}` : key),
    );
  }
  return [String(errors)];
}
