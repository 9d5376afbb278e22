// What the phone keeps in IndexedDB: the session, drafts with every answer as entered,
// and photos (their original bytes) until the server has them. A reload brings all back.
import { openDB } from "idb";

/**
 * @typedef {{id: string, owner?: number, institution: {id: number, name: string, street: string,
 *   features: Record<string, boolean>}, checklists: string[], kind: string,
 *   started_at: string, features_confirmed: Record<string, boolean>|null,
 *   assignees: {id: number, display_name: string, certified: boolean}[],
 *   answers: Record<string, import("./lib/items.js").Answer>,
 *   dirty: string[], created: boolean, status: "draft"|"submitted",
 *   hazard_ids?: string[], versions?: Record<string, number>, metaVersion?: number, metaSent?: number,
 *   serverPhotos?: Record<string, string[]>, serverMissing?: string[],
 *   present_person_name?: string|null, present_person_position?: string|null}} Draft
 */
/**
 * @typedef {{localId: string, inspectionId: string, key: string, blob: Blob,
 *   name: string, photoId: string|null, added: number}} StoredPhoto
 */

const DB_NAME = "eldercare-inspect";

/** @type {Promise<import("idb").IDBPDatabase>|null} */
let opened = null;

function database() {
  if (!opened) {
    opened = openDB(DB_NAME, 1, {
      upgrade(db) {
        db.createObjectStore("kv");
        db.createObjectStore("drafts", { keyPath: "id" });
        const photos = db.createObjectStore("photos", { keyPath: "localId" });
        photos.createIndex("inspection", "inspectionId");
        db.createObjectStore("checklists", { keyPath: "key" });
      },
    });
  }
  return opened;
}

/** @param {string} key */
export async function getValue(key) {
  return (await database()).get("kv", key);
}
/** @param {string} key @param {unknown} value */
export async function setValue(key, value) {
  await (await database()).put("kv", value, key);
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
  await (await database()).put("drafts", draft);
}
/** @returns {Promise<Draft[]>} */
export async function listDrafts() {
  return (await database()).getAll("drafts");
}

/** @param {StoredPhoto} photo */
export async function savePhoto(photo) {
  await (await database()).put("photos", photo);
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

/** @param {string} key */
export async function cachedChecklist(key) {
  return (await database()).get("checklists", key);
}
/** @param {{key: string, doc: any}} checklist */
export async function cacheChecklist(checklist) {
  await (await database()).put("checklists", checklist);
}
