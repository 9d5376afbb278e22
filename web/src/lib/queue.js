// The send queue's rules, without IndexedDB or the network (tested by node --test):
// which entry goes next, what a reply means, how long to wait before trying again, and
// how a queued body's photo references become the server's photo ids.

/**
 * An entry of the send queue (IndexedDB store ``outbox``, sent in ``seq`` order).
 * ``group``: the entries of one group (an inspection, a hazard) are sent strictly one
 * after the other; a group waiting or stopped never holds up another group.
 * ``key``: a later entry with the same key replaces an unsent one (the latest answer of
 * an item is what counts). ``kind`` "upload": the photo ``photo`` (a local id in the
 * ``photos`` store) through tus; "request": ``method`` ``path`` with the JSON ``body``,
 * where ``{"$photo": localId}`` stands for that photo's id on the server.
 * ``tag``: what the sender's handler does once it is sent (e.g. "submit").
 * @typedef {{seq?: number, owner: number, group: string, key: string, kind: "upload"|"request",
 *   label: string, method?: string, path?: string, body?: unknown, photo?: string, tag?: string,
 *   created: number, attempts: number, nextAt: number, uploadUrl?: string|null,
 *   blocked?: {status: number, body: any}|null, lastError?: number|null}} Entry
 */

/** Waits before the next try: 2 s doubling to 5 min, each with up to a quarter more at random. */
export const BACKOFF = { base: 2_000, max: 300_000 };

/**
 * How long to wait after the ``attempts``-th failed try (1 for the first failure).
 * @param {number} attempts
 * @param {number} [random] in [0, 1): the jitter, so that phones coming back together
 *   do not all knock at once
 */
export function backoff(attempts, random = Math.random()) {
  const plain = Math.min(BACKOFF.max, BACKOFF.base * 2 ** Math.max(0, attempts - 1));
  return Math.round(plain * (1 + random / 4));
}

/**
 * What a reply's status means for the entry.
 * "sent": done, remove it. "retry": the network or the server, try again later.
 * "login": the session ended, wait for the inspector to log in again.
 * "blocked": the server refuses it as it is; retrying cannot help, a person must act.
 * @param {number} status 0 when no reply came (offline, the server stopped, a reply cut off)
 * @returns {"sent"|"retry"|"login"|"blocked"}
 */
export function outcome(status) {
  if (status >= 200 && status < 300) return "sent";
  if (status === 0 || status === 408 || status === 425 || status === 429 || status >= 500) return "retry";
  if (status === 401) return "login";
  return "blocked";
}

/**
 * The first unsent entry of each group, in order.
 * @param {Entry[]} entries
 * @returns {Entry[]}
 */
export function heads(entries) {
  const seen = new Set();
  const out = [];
  for (const entry of [...entries].sort((a, b) => (a.seq || 0) - (b.seq || 0))) {
    if (seen.has(entry.group)) continue;
    seen.add(entry.group);
    out.push(entry);
  }
  return out;
}

/**
 * The entries that may be sent now, in order: per group only the first (strict order
 * within a group), and only when it is not stopped and its wait is over.
 * @param {Entry[]} entries
 * @param {number} now
 */
export const ready = (entries, now) => heads(entries).filter((e) => !e.blocked && e.nextAt <= now);

/**
 * When the next waiting entry may be tried (null when nothing waits on a timer).
 * @param {Entry[]} entries
 * @returns {number|null}
 */
export function nextWake(entries) {
  const times = heads(entries)
    .filter((e) => !e.blocked)
    .map((e) => e.nextAt);
  return times.length ? Math.min(...times) : null;
}

/**
 * The local photo ids a body refers to (``{"$photo": id}`` anywhere in it).
 * @param {unknown} body
 * @returns {string[]}
 */
export function photoRefs(body) {
  if (Array.isArray(body)) return body.flatMap(photoRefs);
  if (body && typeof body === "object") {
    const ref = /** @type {any} */ (body).$photo;
    if (typeof ref === "string") return [ref];
    return Object.values(body).flatMap(photoRefs);
  }
  return [];
}

/**
 * The body with each photo reference replaced by the server's id; a reference to a
 * photo no longer kept (deleted on the phone) is left out of its list.
 * Throws when a photo it needs is not uploaded yet (the queue's order prevents it).
 * @param {unknown} body
 * @param {(localId: string) => string|null|undefined} serverId undefined: no such photo
 * @returns {unknown}
 */
export function resolvePhotos(body, serverId) {
  if (Array.isArray(body)) {
    return body
      .filter((item) => !(isRef(item) && serverId(item.$photo) === undefined))
      .map((item) => resolvePhotos(item, serverId));
  }
  if (isRef(body)) {
    const id = serverId(body.$photo);
    if (!id) throw new Error(`photo ${body.$photo} is not uploaded yet`);
    return id;
  }
  if (body && typeof body === "object") {
    return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, resolvePhotos(v, serverId)]));
  }
  return body;
}

/** @param {unknown} value @returns {value is {$photo: string}} */
const isRef = (value) =>
  Boolean(value && typeof value === "object" && typeof (/** @type {any} */ (value).$photo) === "string");

/**
 * Where a new entry goes, given the unsent entries with its key: "replace" the older one
 * in its place (keeping, say, an inspection's creation before its answers) when every
 * photo the new body cites is uploaded before that place; else "append" (the older one is
 * removed). Never an entry in flight: that one is left alone and the new one appended.
 * @param {Entry|undefined} older the unsent entry with the same key, if any
 * @param {Entry} entry the new one
 * @param {Entry[]} entries all unsent entries
 * @param {number|null} inFlight the seq being sent now
 * @returns {"append"|"replace"|"supersede"} supersede: remove the older one and append
 */
export function placement(older, entry, entries, inFlight) {
  if (!older || older.seq === inFlight) return "append";
  const uploadSeq = new Map(
    entries.filter((e) => e.kind === "upload" && e.photo).map((e) => [e.photo, e.seq || 0]),
  );
  const late = photoRefs(entry.body).some((ref) => (uploadSeq.get(ref) ?? -1) > (older.seq || 0));
  return late ? "supersede" : "replace";
}

/**
 * What to do about an entry the server refused, in the inspector's words.
 * @param {Entry} entry
 * @returns {string}
 */
export function advice(entry) {
  const status = entry.blocked?.status || 0;
  const code = String(entry.blocked?.body?.code || "");
  const message = String(entry.blocked?.body?.message || "");
  if (status === 422 && entry.tag === "submit") {
    return "服务器认为检查尚未完成：请按下面列出的项目补充后再次提交。数据仍保存在手机上。";
  }
  if (/version|retired|停用/i.test(code + message)) {
    return "该检查表版本已停用：请联系区民政局确认后重新发送；数据仍保存在手机上，不要退出登录。";
  }
  if (status === 422 || status === 400) {
    return "服务器不接受这项内容：请打开该检查修改后会自动重新发送。数据仍保存在手机上。";
  }
  if (status === 403) return "您没有权限发送这项内容：请联系区民政局。数据仍保存在手机上，不要退出登录。";
  if (status === 404) return "服务器上找不到这条记录（可能已被删除）：请联系区民政局。数据仍保存在手机上。";
  if (status === 409) return "服务器上的记录已经变化（可能已提交或已处理）：请联系区民政局核对。数据仍保存在手机上。";
  if (status === 413 || status === 415) return "照片无法上传（太大或格式不支持）：请删除该照片后重拍。";
  return "服务器拒绝了这项内容：请联系区民政局。数据仍保存在手机上。";
}
