// The inspection being filled: every change kept in IndexedDB and queued for the API in
// the same transaction (queue.js sends the draft, photos through tus, the answers citing
// them, the submit, in that order). Screens subscribe to the current one.
import { call, get } from "./api.js";
import { ApiError } from "./lib/errors.js";
import { answerKey, toApiAnswer } from "./lib/items.js";
import * as queue from "./queue.js";
import * as store from "./store.js";

/**
 * @typedef {import("./store.js").Draft} Draft
 * @typedef {import("./store.js").StoredPhoto} StoredPhoto
 * @typedef {{draft: Draft, photos: StoredPhoto[], checklists: import("./lib/items.js").Checklist[],
 *   error: unknown, urls: Map<string, string>}} Current
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
 * A checklist's document at the version the inspection pinned (kept for good: a version
 * never changes), or the current one: kept with its ETag, asked again with
 * ``If-None-Match`` when online (304: the kept one stands), the kept one when offline.
 * @param {string} key @param {number} [version]
 */
export async function checklist(key, version) {
  if (version) {
    const pinned = await store.cachedChecklist(`${key}@${version}`);
    if (pinned) return pinned.doc;
  }
  const kept = version ? undefined : await store.cachedChecklist(key);
  try {
    const response = await call("GET", version ? `/checklists/${key}/versions/${version}` : `/checklists/${key}`, {
      raw: true,
      headers: kept?.etag ? { "If-None-Match": kept.etag } : {},
    });
    if (response.status === 304 && kept) return kept.doc;
    const doc = await response.json();
    await store.cacheChecklist({ key: `${key}@${doc.version}`, doc });
    if (!version) await store.cacheChecklist({ key, doc, etag: response.headers.get("ETag") });
    return doc;
  } catch (error) {
    if (kept && error instanceof ApiError && error.status === 0) return kept.doc;
    throw error;
  }
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
  current = { draft, photos, checklists, error: null, urls: new Map() };
  changed();
  await queueLeftovers(draft, photos).catch(keepError);
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

/** A screen's view of a failed save (storage full): what was typed stays in ``current``. @param {unknown} error */
function keepError(error) {
  // A full quota is said by the shell's banner (which says not to reload): not twice.
  if (current && !store.isQuotaError(error)) current.error = error;
  changed();
}

/** Change the draft's own fields (not answers), keep it, and queue it. @param {Partial<Draft>} patch */
export async function update(patch) {
  if (!current || current.draft.status !== "draft") return; // submitted: no more changes
  current.draft = { ...current.draft, ...patch };
  if (patch.checklists) {
    current.checklists = await Promise.all(patch.checklists.map((key) => checklist(key)));
  }
  changed();
  await queueInspection(current.draft).catch(keepError);
}

/** @param {Draft} draft */
function queueInspection(draft) {
  return queue.enqueue(
    {
      owner: /** @type {number} */ (draft.owner),
      group: draft.id,
      key: `inspection:${draft.id}`,
      kind: "request",
      label: `${draft.institution.name}：检查基本信息`,
      method: "PUT",
      path: `/inspections/${draft.id}`,
      body: inspectionBody(draft),
      tag: "inspection",
    },
    [{ store: "drafts", value: draft }],
  );
}

/**
 * The queued PUT of one answer. Its photos: those the server had when the draft was
 * adopted, by id, and those taken here as ``{"$photo": localId}``, made the server's ids
 * by the queue once each is uploaded (the uploads are queued before the answer).
 * @param {Draft} draft @param {StoredPhoto[]} photos @param {string} key
 */
function answerEntry(draft, photos, key) {
  const [checklistKey, code] = key.split(":");
  const ids = [
    ...(draft.serverPhotos?.[key] || []),
    ...photos.filter((p) => p.key === key).map((p) => ({ $photo: p.localId })),
  ];
  return {
    owner: /** @type {number} */ (draft.owner),
    group: draft.id,
    key: `answer:${draft.id}:${key}`,
    kind: /** @type {const} */ ("request"),
    label: `${draft.institution.name}：${code}`,
    method: "PUT",
    path: `/inspections/${draft.id}/answers`,
    body: [toApiAnswer(checklistKey, code, draft.answers[key], /** @type {any[]} */ (ids))],
    tag: "answer",
  };
}

/**
 * Change one answer: kept and queued at once (one transaction), sent when its turn comes.
 * An answer without a result yet is only kept.
 * @param {string} key "checklist:code"
 * @param {Partial<import("./lib/items.js").Answer>} patch
 */
export async function answer(key, patch) {
  if (!current || current.draft.status !== "draft") return; // submitted: no more changes
  const draft = current.draft;
  current.draft = { ...draft, answers: { ...draft.answers, [key]: { ...draft.answers[key], ...patch } } };
  changed();
  const saved = current.draft;
  try {
    if (saved.answers[key]?.result) {
      await queue.enqueue(answerEntry(saved, current.photos, key), [{ store: "drafts", value: saved }]);
    } else await store.saveDraft(saved);
  } catch (error) {
    keepError(error);
  }
}

/**
 * Keep the current draft again, whole, with its inspection and every answer queued (after
 * the storage was full: what stayed on screen is written now). Queued twice is harmless:
 * an entry with the same key replaces the older one.
 */
export async function saveAgain() {
  if (!current) {
    store.storageFreed();
    return;
  }
  const draft = current.draft;
  try {
    if (draft.status === "draft") {
      await queueInspection(draft);
      for (const key of Object.keys(draft.answers)) {
        if (draft.answers[key]?.result) await queue.enqueue(answerEntry(draft, current.photos, key));
      }
    } else await store.saveDraft(draft);
    store.storageFreed();
    current.error = null;
    changed();
  } catch (error) {
    keepError(error);
  }
}

/** @param {Blob} blob */
async function sha256(blob) {
  const bytes = await blob.arrayBuffer();
  if (!crypto.subtle) return null; // plain http on a LAN: no digest, the bytes are compared
  const digest = await crypto.subtle.digest("SHA-256", bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** @param {Blob} a @param {Blob} b */
async function sameBytes(a, b) {
  if (a.size !== b.size) return false;
  const [x, y] = await Promise.all([a.arrayBuffer(), b.arrayBuffer()]);
  const u = new Uint8Array(x);
  const v = new Uint8Array(y);
  return u.every((byte, i) => byte === v[i]);
}

/** @type {Promise<unknown>} */
let photoChain = Promise.resolve();

/**
 * Keep a photo's original bytes for an item, read them back and compare their SHA-256
 * with the file's, then queue its upload and the answer citing it. Photos taken in quick
 * succession are kept one after the other, none dropped.
 * @param {string} key @param {File} file
 */
export function addPhoto(key, file) {
  const next = photoChain.then(() => keepPhoto(key, file));
  photoChain = next.catch(() => {});
  return next;
}

/** @param {string} key @param {File} file */
async function keepPhoto(key, file) {
  if (!current || current.draft.status !== "draft") return; // submitted: no more changes
  const inspectionId = current.draft.id;
  const bytes = new Blob([await file.arrayBuffer()], { type: file.type || "image/jpeg" });
  const wanted = await sha256(bytes);
  /** @type {StoredPhoto} */
  const photo = {
    localId: crypto.getRandomValues(new Uint32Array(4)).join("-"),
    inspectionId,
    key,
    blob: bytes,
    name: file.name || "photo.jpg",
    photoId: null,
    added: Date.now(),
    sha256: wanted || undefined,
  };
  try {
    await store.savePhoto(photo);
    const back = await store.getPhoto(photo.localId);
    const intact = back && (wanted ? (await sha256(back.blob)) === wanted : await sameBytes(back.blob, bytes));
    if (!intact) {
      await store.deletePhoto(photo.localId);
      throw new Error("照片未能完整保存在手机上，请重拍 / The photo was not stored intact, take it again");
    }
  } catch (error) {
    keepError(error);
    return;
  }
  if (current?.draft.id !== inspectionId) return;
  // Shown (and cited by any answer queued from now on) at once; then its upload and the
  // answer citing it are queued together with the draft. Closed in between, the app
  // queues both when the draft is next opened.
  current.photos = [...current.photos, photo];
  changed();
  const draft = current.draft;
  try {
    await queue.enqueue(
      [uploadEntry(draft, photo), ...(draft.answers[key]?.result ? [answerEntry(draft, current.photos, key)] : [])],
      [{ store: "drafts", value: draft }],
    );
  } catch (error) {
    keepError(error);
  }
}

/** @param {Draft} draft @param {StoredPhoto} photo */
function uploadEntry(draft, photo) {
  return {
    owner: /** @type {number} */ (draft.owner),
    group: draft.id,
    key: `photo:${photo.localId}`,
    kind: /** @type {const} */ ("upload"),
    tag: "photo",
    label: `${draft.institution.name}：照片 ${photo.name}`,
    photo: photo.localId,
  };
}

/** @param {StoredPhoto} photo */
export async function removePhoto(photo) {
  if (!current || current.draft.status !== "draft") return; // submitted: no more changes
  await store.deletePhoto(photo.localId);
  await queue.remove((e) => e.key === `photo:${photo.localId}`);
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

/**
 * A draft kept by an earlier version of the app (changes marked ``dirty``, a draft not
 * yet ``created``, photos without a server id) gets its unsent parts queued, once.
 * @param {Draft} draft @param {StoredPhoto[]} photos
 */
async function queueLeftovers(draft, photos) {
  const queued = new Set((await queue.entriesOf(draft.id)).map((e) => e.key));
  if (draft.status === "draft" && draft.created === false && !queued.has(`inspection:${draft.id}`)) {
    await queueInspection({ ...draft, created: undefined });
  }
  // A photo kept but not queued (the app closed in between): its upload, then its answer.
  for (const photo of photos.filter((p) => !p.photoId && !queued.has(`photo:${p.localId}`))) {
    const answered = draft.answers[photo.key]?.result;
    await queue.enqueue([uploadEntry(draft, photo), ...(answered ? [answerEntry(draft, photos, photo.key)] : [])]);
  }
  for (const key of draft.dirty || []) {
    if (draft.answers[key]?.result) await queue.enqueue(answerEntry(draft, photos, key));
  }
  if (draft.dirty?.length) await store.saveDraft({ ...draft, dirty: [] });
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

/** Things of the current inspection still to send (its queue entries). */
export function pending() {
  return current ? queue.waiting(current.draft.id).length : 0;
}

/**
 * Submit: queued after everything else of the inspection, sent when its turn comes
 * (now, online). The draft shows "sending" until the server has answered.
 */
export async function submit() {
  if (!current) return;
  current.draft = { ...current.draft, status: "sending", submitError: null };
  changed();
  await queue.enqueue(
    {
      owner: /** @type {number} */ (current.draft.owner),
      group: current.draft.id,
      key: `submit:${current.draft.id}`,
      kind: "request",
      label: `${current.draft.institution.name}：提交检查`,
      method: "POST",
      path: `/inspections/${current.draft.id}/submit`,
      body: {},
      tag: "submit",
    },
    [{ store: "drafts", value: current.draft }],
  );
}

/**
 * A change to a kept draft made by the queue's handlers (the current one too).
 * @param {string} id @param {(draft: Draft) => Draft} change
 */
async function changeDraft(id, change) {
  const kept = current?.draft.id === id ? current.draft : await store.getDraft(id);
  if (!kept) return;
  const draft = change(kept);
  await store.saveDraft(draft);
  if (current?.draft.id === id) {
    current.draft = draft;
    changed();
  }
}

queue.handle("inspection", {
  async sent(entry, saved) {
    const versions = Object.fromEntries(saved.checklists.map((/** @type {any} */ c) => [c.key, c.version]));
    await changeDraft(entry.group, (d) => ({ ...d, created: true, versions, serverMissing: saved.missing }));
  },
});
queue.handle("photo", {
  sent(entry, record) {
    if (!current || current.draft.id !== entry.group) return;
    current.photos = current.photos.map((p) => (p.localId === entry.photo ? { ...p, photoId: record?.id || p.photoId } : p));
    changed();
  },
});
queue.handle("answer", {
  async sent(entry, saved) {
    await changeDraft(entry.group, (d) => ({ ...d, serverMissing: saved.missing }));
  },
});
queue.handle("submit", {
  async sent(entry, result) {
    await changeDraft(entry.group, (d) => ({ ...d, status: "submitted", hazard_ids: result.hazard_ids || [] }));
  },
  // Refused (422: items missing, a retired checklist version): back to a draft on the
  // phone with the server's reasons; the inspector fixes it and submits again.
  async blocked(entry) {
    await queue.remove((e) => e.seq === entry.seq);
    await changeDraft(entry.group, (d) => ({ ...d, status: "draft", submitError: entry.blocked }));
  },
});

queue.subscribe(changed);

/** The inspection as the server has it now. @param {string} id */
export const fetchInspection = (id) => get(`/inspections/${id}`);
