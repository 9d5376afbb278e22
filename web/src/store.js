// What the phone keeps in IndexedDB: the session, drafts with every answer as entered,
// photos (their original bytes), the checklists (with their ETags) and the send queue
// (``outbox``, queue.js). A reload, an app update or a new service worker keeps them all.
import { openDB } from "idb";

/**
 * @typedef {{id: string, owner?: number, institution: {id: number, name: string, street: string,
 *   features: Record<string, boolean>}, checklists: string[], kind: string,
 *   started_at: string, features_confirmed: Record<string, boolean>|null,
 *   assignees: {id: number, display_name: string, certified: boolean}[],
 *   answers: Record<string, import("./lib/items.js").Answer>,
 *   dirty?: string[], created?: boolean, status: "draft"|"sending"|"submitted",
 *   submitError?: {status: number, body: any}|null,
 *   hazard_ids?: string[], versions?: Record<string, number>, metaVersion?: number, metaSent?: number,
 *   serverPhotos?: Record<string, string[]>, serverMissing?: string[],
 *   present_person_name?: string|null, present_person_position?: string|null}} Draft
 */
/**
 * @typedef {{localId: string, inspectionId: string, key: string, blob: Blob,
 *   name: string, photoId: string|null, added: number, sha256?: string}} StoredPhoto
 */

const DB_NAME = "eldercare-inspect";

/** @type {Promise<import("idb").IDBPDatabase>|null} */
let opened = null;

/**
 * What is wrong with the phone's storage, if anything: "unavailable" (no IndexedDB, as
 * in some private browsing), "full" (the quota reached). Shown by the shell; what was
 * typed stays on screen meanwhile.
 * @type {{problem: null|"unavailable"|"full"}}
 */
export const health = { problem: null };
/** @type {Set<() => void>} */
const watchers = new Set();
/** @param {() => void} watcher */
export function watchHealth(watcher) {
  watchers.add(watcher);
  return () => watchers.delete(watcher);
}
/** @param {null|"unavailable"|"full"} problem */
function setProblem(problem) {
  if (health.problem === problem) return;
  health.problem = problem;
  for (const watcher of watchers) watcher();
}

/** Is this error the storage quota running out? @param {unknown} error */
export function isQuotaError(error) {
  const name = /** @type {any} */ (error)?.name;
  return name === "QuotaExceededError" || /quota/i.test(String(/** @type {any} */ (error)?.message || ""));
}

/** The inspector saved again after freeing space: the warning goes. */
export function storageFreed() {
  if (health.problem === "full") setProblem(null);
}

/**
 * Run a write; a full quota is told to the shell (and the error passed on). The warning
 * stays until everything is saved again (``storageFreed``): a small write that fits says
 * nothing of the photo that did not.
 * @template T @param {() => Promise<T>} write @returns {Promise<T>}
 */
export async function writing(write) {
  try {
    return await write();
  } catch (error) {
    if (isQuotaError(error)) setProblem("full");
    throw error;
  }
}

// Version 2 adds the send queue (``outbox``). Each step only adds: a phone upgrading
// keeps its drafts, photos, checklists and session.
export function database() {
  if (!opened) {
    // (Some browsers throw at once rather than fail the request: both are "unavailable".)
    opened = Promise.resolve().then(() => openDB(DB_NAME, 2, {
      upgrade(db, oldVersion) {
        if (oldVersion < 1) {
          db.createObjectStore("kv");
          db.createObjectStore("drafts", { keyPath: "id" });
          const photos = db.createObjectStore("photos", { keyPath: "localId" });
          photos.createIndex("inspection", "inspectionId");
          db.createObjectStore("checklists", { keyPath: "key" });
        }
        if (oldVersion < 2) {
          const outbox = db.createObjectStore("outbox", { keyPath: "seq", autoIncrement: true });
          outbox.createIndex("key", "key");
          outbox.createIndex("owner", "owner");
        }
      },
    })).catch((error) => {
      opened = null;
      setProblem("unavailable");
      throw error;
    });
  }
  return opened;
}

/**
 * Ask the browser to keep this site's data under storage pressure (granted or not, the
 * answer is kept), and what the site uses. Null where the browser has no StorageManager.
 * @returns {Promise<{persisted: boolean, usage: number, quota: number}|null>}
 */
export async function storageInfo() {
  const manager = typeof navigator !== "undefined" ? navigator.storage : undefined;
  if (!manager?.estimate) return null;
  let persisted = false;
  try {
    persisted = (await manager.persisted?.()) || (await manager.persist?.()) || false;
  } catch {
    /* some browsers refuse the question outside a user gesture */
  }
  const { usage = 0, quota = 0 } = await manager.estimate();
  return { persisted, usage, quota };
}

/** @param {string} key */
export async function getValue(key) {
  return (await database()).get("kv", key);
}
/** @param {string} key @param {unknown} value */
export async function setValue(key, value) {
  const db = await database();
  await writing(() => db.put("kv", value, key));
}
/** @param {string} key */
export async function deleteValue(key) {
  await (await database()).delete("kv", key);
}

/** @param {string} id @returns {Promise<Draft|undefined>} */
export async function getDraft(id) {
  return (await database()).get("drafts", id);
}
/** @param {Draft} draft */
export async function saveDraft(draft) {
  const db = await database();
  await writing(() => db.put("drafts", draft));
}
/** @returns {Promise<Draft[]>} */
export async function listDrafts() {
  return (await database()).getAll("drafts");
}

/** @param {StoredPhoto} photo */
export async function savePhoto(photo) {
  const db = await database();
  await writing(() => db.put("photos", photo));
}
/** @param {string} localId */
export async function deletePhoto(localId) {
  await (await database()).delete("photos", localId);
}
/** @param {string} inspectionId @returns {Promise<StoredPhoto[]>} */
export async function photosOf(inspectionId) {
  const all = await (await database()).getAllFromIndex("photos", "inspection", inspectionId);
  return all.sort((a, b) => a.added - b.added);
}

/** @param {string} localId @returns {Promise<StoredPhoto|undefined>} */
export async function getPhoto(localId) {
  return (await database()).get("photos", localId);
}

/** @param {string} key */
export async function cachedChecklist(key) {
  return (await database()).get("checklists", key);
}
/** @param {{key: string, doc: any, etag?: string|null}} checklist */
export async function cacheChecklist(checklist) {
  const db = await database();
  await writing(() => db.put("checklists", checklist));
}
