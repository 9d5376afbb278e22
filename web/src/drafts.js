// The inspection being filled: kept in IndexedDB on every change, then sent to the API
// (the draft, photos through tus, the answers). Screens subscribe to the current one.
import { get, put } from "./api.js";
import { answerKey, toApiAnswer } from "./lib/items.js";
import * as store from "./store.js";
import { uploadPhoto } from "./uploads.js";

/**
 * @typedef {import("./store.js").Draft} Draft
 * @typedef {import("./store.js").StoredPhoto} StoredPhoto
 * @typedef {{draft: Draft, photos: StoredPhoto[], checklists: import("./lib/items.js").Checklist[],
 *   syncing: boolean, error: unknown, urls: Map<string, string>}} Current
 */

/** @type {Current|null} */
let current = null;
/** @type {Set<() => void>} */
const listeners = new Set();

/** @param {() => void} listener */
export function subscribe(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
function changed() {
  if (current) current = { ...current };
  for (const listener of listeners) listener();
}
export const currentDraft = () => current;

/**
 * A checklist's document at the version the inspection pinned (or the current one).
 * @param {string} key @param {number} [version]
 */
export async function checklist(key, version) {
  const cached = await store.cachedChecklist(version ? `${key}@${version}` : key);
  if (cached) return cached.doc;
  const doc = await get(version ? `/checklists/${key}/versions/${version}` : `/checklists/${key}`);
  await store.cacheChecklist({ key: `${key}@${doc.version}`, doc });
  return doc;
}

/** Open a draft from IndexedDB as the current one. @param {string} id */
export async function open(id) {
  if (current?.draft.id === id) return current;
  const draft = await store.getDraft(id);
  if (!draft) return null;
  for (const url of current?.urls.values() || []) URL.revokeObjectURL(url);
  const photos = await store.photosOf(id);
  const checklists = await Promise.all(
    draft.checklists.map((key) => checklist(key, draft.versions?.[key])),
  );
  current = { draft, photos, checklists, syncing: false, error: null, urls: new Map() };
  changed();
  void sync();
  return current;
}

/**
 * A draft made from an inspection on the server (assigned by a spot-check draw, or
 * started on another phone): its answers come along.
 * @param {string} id
 * @param {number} me the inspector's own user id (not among the fellow officers)
 */
export async function adopt(id, me) {
  const existing = await store.getDraft(id);
  if (existing) return existing;
  const inspection = await get(`/inspections/${id}`);
  const institution = await get(`/institutions/${inspection.institution_id}`);

  /** @type {Draft} */
  const draft = {
    id,
    owner: me,
    institution,
    checklists: inspection.checklists.map((/** @type {any} */ c) => c.key),
    versions: Object.fromEntries(inspection.checklists.map((/** @type {any} */ c) => [c.key, c.version])),
    kind: inspection.kind,
    started_at: inspection.started_at,
    features_confirmed: inspection.features_confirmed,
    // The officers the server has on it (a spot check's team), the inspector aside.
    assignees: inspection.officers
      .filter((/** @type {any} */ o) => o.id !== me)
      .map((/** @type {any} */ o) => ({ id: o.id, display_name: o.display_name, certified: o.certified })),
    present_person_name: inspection.present_person_name,
    present_person_position: inspection.present_person_position,
    answers: Object.fromEntries(
      inspection.answers.map((/** @type {any} */ a) => [
        answerKey(a.checklist, a.item_code),
        { result: a.result, value: a.value ?? undefined, note: a.note || "", fixed_on_site: a.fixed_on_site },
      ]),
    ),
    serverPhotos: Object.fromEntries(
      inspection.answers.map((/** @type {any} */ a) => [answerKey(a.checklist, a.item_code), a.photo_ids || []]),
    ),
    dirty: [],
    created: true,
    status: inspection.status,
    hazard_ids: inspection.hazard_ids || [],
  };
  await store.saveDraft(draft);
  return draft;
}

/** @param {Draft} draft */
export async function create(draft) {
  await store.saveDraft(draft);
  return draft;
}

/** Change the draft's own fields (not answers), keep it, and send it. @param {Partial<Draft>} patch */
export async function update(patch) {
  if (!current) return;
  // A change made while an earlier one is on its way is sent after it.
  current.draft = { ...current.draft, ...patch, metaVersion: (current.draft.metaVersion || 0) + 1 };
  await store.saveDraft(current.draft);
  if (patch.checklists) {
    current.checklists = await Promise.all(patch.checklists.map((key) => checklist(key)));
  }
  changed();
  void sync();
}

/**
 * Change one answer: kept at once, sent soon.
 * @param {string} key "checklist:code"
 * @param {Partial<import("./lib/items.js").Answer>} patch
 */
export async function answer(key, patch) {
  if (!current) return;
  const draft = current.draft;
  const answers = { ...draft.answers, [key]: { ...draft.answers[key], ...patch } };
  const dirty = draft.dirty.includes(key) ? draft.dirty : [...draft.dirty, key];
  current.draft = { ...draft, answers, dirty };
  await store.saveDraft(current.draft);
  changed();
  scheduleSync();
}

/** Keep a photo's original bytes for an item, then upload them. @param {string} key @param {File} file */
export async function addPhoto(key, file) {
  if (!current) return;
  /** @type {StoredPhoto} */
  const photo = {
    localId: crypto.getRandomValues(new Uint32Array(4)).join("-"),
    inspectionId: current.draft.id,
    key,
    blob: file,
    name: file.name || "photo.jpg",
    photoId: null,
    added: Date.now(),
  };
  await store.savePhoto(photo);
  current.photos = [...current.photos, photo];
  await answer(key, {});
}

/** @param {StoredPhoto} photo */
export async function removePhoto(photo) {
  if (!current) return;
  await store.deletePhoto(photo.localId);
  current.photos = current.photos.filter((p) => p.localId !== photo.localId);
  await answer(photo.key, {});
}

/** An object URL to show a kept photo. @param {StoredPhoto} photo */
export function photoUrl(photo) {
  if (!current) return "";
  let url = current.urls.get(photo.localId);
  if (!url) {
    url = URL.createObjectURL(photo.blob);
    current.urls.set(photo.localId, url);
  }
  return url;
}

/** Photos of one item: those kept here, and those already on the server. @param {string} key */
export function photoCount(key) {
  if (!current) return 0;
  const local = current.photos.filter((p) => p.key === key).length;
  return local + (current.draft.serverPhotos?.[key]?.length || 0);
}

// What could not be sent (no network, a server down) is tried again when the network
// comes back and every half minute; the send queue proper is the next issue's.
if (typeof addEventListener === "function") {
  addEventListener("online", () => void sync());
  setInterval(() => {
    if (current && !current.syncing && pending()) void sync();
  }, 30_000);
}

/** @type {ReturnType<typeof setTimeout>|undefined} */
let timer;
function scheduleSync() {
  clearTimeout(timer);
  timer = setTimeout(() => void sync(), 300);
}

/** @type {Promise<void>|null} */
let running = null;

/** Send what the server does not have yet; resolves when all of it is sent. */
export async function sync() {
  while (running) await running;
  running = syncOnce().finally(() => {
    running = null;
  });
  return running;
}

/** The draft as PUT /inspections/{id} takes it. @param {Draft} draft */
export function inspectionBody(draft) {
  /** @type {Record<string, unknown>} */
  const body = {
    institution_id: draft.institution.id,
    checklists: draft.checklists,
    kind: draft.kind,
    started_at: draft.started_at,
  };
  if (draft.features_confirmed) body.features_confirmed = draft.features_confirmed;
  if (draft.assignees.length) body.assignee_ids = draft.assignees.map((a) => a.id);
  if (draft.present_person_name != null) body.present_person_name = draft.present_person_name;
  if (draft.present_person_position != null) body.present_person_position = draft.present_person_position;
  return body;
}

async function syncOnce() {
  if (!current || current.draft.status !== "draft") return;
  const id = current.draft.id;
  current.syncing = true;
  current.error = null;
  changed();
  try {
    while (!current.draft.created || metaPending(current.draft)) {
      const sending = current.draft.metaVersion || 0;
      const saved = await put(`/inspections/${id}`, inspectionBody(current.draft));
      const versions = Object.fromEntries(saved.checklists.map((/** @type {any} */ c) => [c.key, c.version]));
      current.draft = { ...current.draft, created: true, metaSent: sending, versions, serverMissing: saved.missing };
      await store.saveDraft(current.draft);
    }
    for (const photo of current.photos.filter((p) => !p.photoId)) {
      const photoId = await uploadPhoto(photo.blob, photo.name);
      const done = { ...photo, photoId };
      await store.savePhoto(done);
      if (!current) return;
      current.photos = current.photos.map((p) => (p.localId === photo.localId ? done : p));
      // The answer now names the photo: send it again.
      const dirty = current.draft.dirty.includes(photo.key) ? current.draft.dirty : [...current.draft.dirty, photo.key];
      current.draft = { ...current.draft, dirty };
      await store.saveDraft(current.draft);
      changed();
    }
    const draft = current.draft;
    for (const key of draft.dirty) {
      const answer = draft.answers[key];
      if (!answer?.result) continue;
      const [checklistKey, code] = key.split(":");
      const photoIds = [
        ...(draft.serverPhotos?.[key] || []),
        ...current.photos.filter((p) => p.key === key && p.photoId).map((p) => /** @type {string} */ (p.photoId)),
      ];
      const saved = await put(`/inspections/${id}/answers`, [toApiAnswer(checklistKey, code, answer, photoIds)]);
      current.draft = {
        ...current.draft,
        dirty: current.draft.dirty.filter((k) => k !== key || current?.draft.answers[k] !== answer),
        serverMissing: saved.missing,
      };
      await store.saveDraft(current.draft);
    }
  } catch (error) {
    if (current) current.error = error;
  } finally {
    if (current) current.syncing = false;
    changed();
  }
}

/** Has the draft's own part changed since it was last sent? @param {Draft} draft */
const metaPending = (draft) => (draft.metaVersion || 0) !== (draft.metaSent || 0);

/** Everything sent and nothing waiting? */
export function pending() {
  if (!current) return 0;
  const draft = current.draft;
  return (
    draft.dirty.filter((k) => draft.answers[k]?.result).length +
    current.photos.filter((p) => !p.photoId).length +
    (draft.created && !metaPending(draft) ? 0 : 1)
  );
}

/** Mark the current draft submitted, with what the server answered. @param {string[]} hazardIds */
export async function submitted(hazardIds) {
  if (!current) return;
  current.draft = { ...current.draft, status: "submitted", hazard_ids: hazardIds };
  await store.saveDraft(current.draft);
  changed();
}

/** The inspection as the server has it now. @param {string} id */
export const fetchInspection = (id) => get(`/inspections/${id}`);
