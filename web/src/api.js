// The public API (/api/v1), with the session's bearer token. A 401 marks the session
// expired and waits for the inspector to log in again; nothing kept on the phone is lost.
import { ApiError } from "./lib/errors.js";
import { asksForPasswordChange } from "./lib/password.js";
import { getValue, setValue } from "./store.js";

export const API = "/api/v1";

/**
 * ``onPasswordChange``: a 403 said the password must be changed first (a bureau reset).
 * @type {{token: string|null, onExpired: () => Promise<void>, onPasswordChange: () => void}}
 */
export const session = { token: null, onExpired: async () => {}, onPasswordChange: () => {} };

/**
 * @param {string} method
 * @param {string} path under /api/v1
 * @param {{json?: unknown, raw?: boolean, retried?: boolean, headers?: Record<string, string>}} [options]
 *   ``raw``: the Response itself (a 304 included)
 * @returns {Promise<any>}
 */
export async function call(method, path, options = {}) {
  /** @type {Record<string, string>} */
  const headers = { Accept: "application/json", ...options.headers };
  if (session.token) headers.Authorization = `Bearer ${session.token}`;
  /** @type {BodyInit|undefined} */
  let body;
  if (options.json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(options.json);
  }
  let response;
  try {
    response = await fetch(API + path, { method, headers, body, cache: "no-store" });
  } catch {
    throw new ApiError(0, null);
  }
  if (response.status === 401 && path !== "/auth/login" && !options.retried) {
    session.token = null;
    await session.onExpired(); // resolves once logged in again
    return call(method, path, { ...options, retried: true });
  }
  if (!response.ok && !(options.raw && response.status === 304)) {
    let payload = null;
    try {
      payload = await response.json();
    } catch {
      /* not JSON: a proxy's page */
    }
    if (asksForPasswordChange(response.status, payload)) session.onPasswordChange();
    throw new ApiError(response.status, payload);
  }
  if (options.raw) return response;
  if (response.status === 204) return null;
  return response.json();
}

export const get = (/** @type {string} */ path) => call("GET", path);
export const put = (/** @type {string} */ path, /** @type {unknown} */ json) => call("PUT", path, { json });
export const post = (/** @type {string} */ path, /** @type {unknown} */ json) => call("POST", path, { json });

/**
 * A GET whose last answer is kept on the phone (``kv``), and given back when no server
 * answers (offline, or the server stopped): the lists an inspection starts from.
 * @param {string} path
 */
export async function getKept(path) {
  try {
    const found = await get(path);
    setValue(`get:${path}`, found).catch(() => {
      /* storage full: the screen still has the answer */
    });
    return found;
  } catch (error) {
    const kept = error instanceof ApiError && error.status === 0 ? await getValue(`get:${path}`) : undefined;
    if (kept === undefined) throw error;
    return kept;
  }
}
