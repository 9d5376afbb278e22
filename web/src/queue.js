// The send queue: everything the phone must still send, kept in IndexedDB (``outbox``)
// and sent in the order it was made, group by group (an inspection's creation, its photos
// by tus, the answers citing them, its submit). It runs at start-up, when the browser
// comes online, on "立即发送", and on a timer with backoff kept in the entries (so a
// reopened app waits as it should): no Background Sync, which Safari and Firefox lack.
// Generic: any screen may queue a request (a manager's rectification with its photos).
import { Upload } from "tus-js-client";
import { API, session } from "./api.js";
import { asksForPasswordChange } from "./lib/password.js";
import { advice, backoff, nextWake, outcome, photoRefs, placement, ready, resolvePhotos } from "./lib/queue.js";
import * as store from "./store.js";

export { advice };

/** @typedef {import("./lib/queue.js").Entry} Entry */
/**
 * What the sender's handlers hear: ``sent`` with the server's reply, ``blocked`` when the
 * server refused the entry (it stays in the queue, stopped, until replaced or retried).
 * @typedef {{sent?: (entry: Entry, reply: any) => Promise<void>|void,
 *   blocked?: (entry: Entry) => Promise<void>|void}} Handler
 */

/** Typing gathers for this long before a send starts (the entry is kept meanwhile). */
const GATHER_MS = 400;

/**
 * The queue as the screens see it. ``offline``: the last try met no server.
 * ``waitingLogin``: the session ended; nothing is sent until the inspector logs in.
 */
export const state = {
  /** @type {Entry[]} */ entries: [],
  running: false,
  offline: false,
  waitingLogin: false,
  /** @type {number|null} */ inFlight: null,
  /** Changes being written to the queue now (not yet counted in ``entries``). */
  writing: 0,
};

/** @type {number|null} */
let owner = null;
/** @type {Set<() => void>} */
const listeners = new Set();
/** @type {Map<string, Handler>} */
const handlers = new Map();

/** @param {() => void} listener */
export function subscribe(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
async function refresh() {
  try {
    if (owner == null) state.entries = [];
    else {
      const db = await store.database();
      state.entries = (await db.getAllFromIndex("outbox", "owner", owner)).sort((a, b) => a.seq - b.seq);
    }
  } catch {
    state.entries = []; // no storage: said by the shell's banner
  }
  for (const listener of listeners) listener();
}

/** @param {string} tag @param {Handler} handler */
export function handle(tag, handler) {
  handlers.set(tag, handler);
}

/** The logged-in user whose entries are sent (null: logged out, nothing is sent). @param {number|null} id */
export function setOwner(id) {
  owner = id;
  state.waitingLogin = false;
  void refresh();
  if (id != null) kick(0);
  else clearTimeout(timer);
}

/** Entries of one group still to send (an inspection's, a hazard's). @param {string} group */
export const waiting = (group) => state.entries.filter((e) => e.group === group);

/** The unsent entries of a group, read from the phone's storage. @param {string} group */
export async function entriesOf(group) {
  const db = await store.database();
  return (await db.getAll("outbox")).filter((e) => e.group === group);
}

/** Has this user anything unsent? (asked before logging out) @param {number} user */
export async function unsentOf(user) {
  const db = await store.database();
  return (await db.getAllFromIndex("outbox", "owner", user)).length;
}

/**
 * Queue entries, in this order, in one transaction: kept at once, sent when their turn
 * comes. An unsent entry with the same key is replaced (see ``placement``). ``alsoPut``:
 * records written in the same transaction (the draft whose change the entries send), so
 * neither is kept without the other.
 * @param {Omit<Entry, "created"|"attempts"|"nextAt">|Omit<Entry, "created"|"attempts"|"nextAt">[]} inputs
 * @param {{store: string, value: unknown}[]} [alsoPut]
 */
export async function enqueue(inputs, alsoPut = []) {
  state.writing += 1;
  try {
    await write(inputs, alsoPut);
  } finally {
    state.writing -= 1;
  }
  await refresh();
  kick(GATHER_MS);
}

/**
 * @param {Omit<Entry, "created"|"attempts"|"nextAt">|Omit<Entry, "created"|"attempts"|"nextAt">[]} inputs
 * @param {{store: string, value: unknown}[]} alsoPut
 */
async function write(inputs, alsoPut) {
  const db = await store.database();
  const names = [...new Set(["outbox", ...alsoPut.map((p) => p.store)])];
  await store.writing(async () => {
    const tx = db.transaction(names, "readwrite");
    const outbox = tx.objectStore("outbox");
    for (const input of Array.isArray(inputs) ? inputs : [inputs]) {
      /** @type {Entry} */
      const entry = { ...input, created: Date.now(), attempts: 0, nextAt: 0, blocked: null, lastError: null, uploadUrl: null };
      const same = (await outbox.index("key").getAll(entry.key)).filter(
        (e) => e.owner === entry.owner && e.seq !== state.inFlight,
      );
      const older = same[same.length - 1];
      for (const stale of same.slice(0, -1)) await outbox.delete(stale.seq);
      const where = older
        ? placement(older, entry, await outbox.index("owner").getAll(entry.owner), state.inFlight)
        : "append";
      if (where === "replace") await outbox.put({ ...entry, seq: older.seq });
      else {
        if (older) await outbox.delete(older.seq);
        await outbox.add(entry);
      }
    }
    for (const { store: name, value } of alsoPut) await tx.objectStore(name).put(value);
    await tx.done;
  });
}

/** Remove unsent entries (a photo deleted before it was sent). @param {(e: Entry) => boolean} which */
export async function remove(which) {
  const db = await store.database();
  const tx = db.transaction("outbox", "readwrite");
  for (const entry of await tx.store.getAll()) {
    if (entry.seq !== state.inFlight && which(entry)) await tx.store.delete(entry.seq);
  }
  await tx.done;
  await refresh();
}

/**
 * Every wait is over now: "立即发送" (stopped entries too are tried once more) and the
 * browser coming online (only the waiting ones: a refusal is not the network's fault).
 * @param {boolean} [retryStopped]
 */
export async function sendNow(retryStopped = true) {
  const db = await store.database();
  const tx = db.transaction("outbox", "readwrite");
  for (const entry of await tx.store.getAll()) {
    if (entry.owner !== owner) continue;
    await tx.store.put(retryStopped ? { ...entry, nextAt: 0, blocked: null } : { ...entry, nextAt: 0 });
  }
  await tx.done;
  await refresh();
  kick(0);
}

/** @type {ReturnType<typeof setTimeout>|undefined} */
let timer;
/** Run the queue after ``delay`` ms (a later call moves it). @param {number} delay */
export function kick(delay) {
  clearTimeout(timer);
  timer = setTimeout(() => void run(), Math.max(0, delay));
}

/** @type {Promise<void>|null} */
let running = null;
let again = false;

/** Send what is due; resolves when nothing more can be sent now. */
export function run() {
  if (running) {
    again = true;
    return running;
  }
  state.running = true;
  running = (async () => {
    do {
      again = false;
      await oneRunner(drain).catch((error) => console.warn("queue", error));
    } while (again);
  })().finally(() => {
    running = null;
    state.running = false;
    void refresh();
  });
  return running;
}

/**
 * One sender across the app's tabs (Web Locks where the browser has them).
 * @param {() => Promise<void>} work
 */
async function oneRunner(work) {
  const locks = typeof navigator !== "undefined" ? navigator.locks : undefined;
  if (!locks) return work();
  await locks.request("eldercare-outbox", { ifAvailable: true }, async (lock) => {
    if (lock) await work();
    else kick(5_000); // another tab is sending; look again soon
  });
}

async function drain() {
  const db = await store.database();
  for (;;) {
    if (owner == null || !session.token || state.waitingLogin) return;
    const mine = await db.getAllFromIndex("outbox", "owner", owner);
    const next = ready(mine, Date.now())[0];
    if (!next) {
      const wake = nextWake(mine);
      if (wake != null) kick(wake - Date.now());
      return;
    }
    state.inFlight = next.seq ?? null;
    await refresh();
    let status = 0;
    let reply = null;
    try {
      ({ status, reply } = next.kind === "upload" ? await sendUpload(next) : await sendRequest(next));
    } catch (error) {
      console.warn("queue", error);
      status = 0; // the network, or a photo not yet uploaded: try again later
    }
    state.inFlight = null;
    // A bureau reset: nothing but the password change is allowed. Not a refusal of the
    // entry: it waits (the shell shows the change screen) and goes once it is done.
    const passwordFirst = asksForPasswordChange(status, reply);
    if (passwordFirst) session.onPasswordChange();
    const what = passwordFirst ? "retry" : outcome(status);
    state.offline = status === 0;
    if (what === "sent") {
      await db.delete("outbox", /** @type {number} */ (next.seq));
      if (next.tag) await handlers.get(next.tag)?.sent?.(next, reply);
    } else if (what === "login") {
      // The token ended (expired while offline, or logged out elsewhere): wait for the
      // inspector to log in again; the entry keeps its place and its tries.
      state.waitingLogin = true;
      session.token = null;
      void session.onExpired().then(() => {
        state.waitingLogin = false;
        kick(0);
      });
      return;
    } else {
      const failed = await db.get("outbox", /** @type {number} */ (next.seq));
      if (failed) {
        const attempts = failed.attempts + 1;
        const update =
          what === "blocked"
            ? { ...failed, attempts, blocked: { status, body: reply }, lastError: status }
            : { ...failed, attempts, nextAt: Date.now() + backoff(attempts), lastError: status };
        await db.put("outbox", update);
        if (what === "blocked" && next.tag) await handlers.get(next.tag)?.blocked?.(update);
      }
    }
  }
}

/** @param {Entry} entry @returns {Promise<{status: number, reply: any}>} */
async function sendRequest(entry) {
  const body = await withServerPhotoIds(entry.body);
  /** @type {Record<string, string>} */
  const headers = { Accept: "application/json", Authorization: `Bearer ${session.token}` };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  // no-store: an answer from the browser's HTTP cache must never count as sent.
  const response = await fetch(API + entry.path, {
    method: entry.method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    cache: "no-store",
  });
  let reply = null;
  try {
    reply = await response.json();
  } catch {
    /* empty, or a proxy's page */
  }
  return { status: response.status, reply };
}

/** The body with each ``{"$photo": localId}`` made the server's photo id. @param {unknown} body */
async function withServerPhotoIds(body) {
  const refs = photoRefs(body);
  if (!refs.length) return body;
  /** @type {Map<string, string|null>} */
  const ids = new Map();
  for (const ref of refs) {
    const photo = await store.getPhoto(ref);
    if (photo) ids.set(ref, photo.photoId);
  }
  return resolvePhotos(body, (ref) => (ids.has(ref) ? ids.get(ref) : undefined));
}

/**
 * A photo's original bytes through tus, resuming the upload this entry began (its URL is
 * kept in the entry). Resolves once the server's copy has the same SHA-256 as the phone's.
 * @param {Entry} entry
 * @returns {Promise<{status: number, reply: any}>}
 */
async function sendUpload(entry) {
  const photo = await store.getPhoto(/** @type {string} */ (entry.photo));
  if (!photo) return { status: 204, reply: null }; // deleted on the phone meanwhile
  if (!photo.photoId) {
    const { status, photoId } = await tus(entry, photo);
    if (!photoId) return { status, reply: null };
    photo.photoId = photoId;
  }
  // The server's record of the photo: its bytes must be the ones kept here.
  const check = await fetch(`${API}/photos/${photo.photoId}/info`, {
    headers: { Accept: "application/json", Authorization: `Bearer ${session.token}` },
    cache: "no-store",
  });
  if (!check.ok) return { status: check.status, reply: null };
  const record = await check.json();
  if (photo.sha256 && record.sha256 && record.sha256 !== photo.sha256) {
    await patchEntry(entry, { uploadUrl: null });
    return { status: 0, reply: null }; // a different copy arrived: send it again
  }
  await store.savePhoto({ ...photo, photoId: photo.photoId });
  return { status: 200, reply: record };
}

/**
 * Change a field of a kept entry (one transaction: an entry removed meanwhile stays removed).
 * @param {Entry} entry @param {Partial<Entry>} patch
 */
async function patchEntry(entry, patch) {
  const db = await store.database();
  const tx = db.transaction("outbox", "readwrite");
  const kept = await tx.store.get(/** @type {number} */ (entry.seq));
  if (kept) await tx.store.put({ ...kept, ...patch });
  await tx.done;
}

/**
 * @param {Entry} entry
 * @param {import("./store.js").StoredPhoto} photo
 * @returns {Promise<{status: number, photoId: string|null}>}
 */
function tus(entry, photo) {
  /** @type {Promise<void>} */
  let urlKept = Promise.resolve();
  return new Promise((resolve) => {
    let photoId = "";
    const upload = new Upload(photo.blob, {
      endpoint: `${API}/uploads`,
      uploadUrl: entry.uploadUrl || null,
      chunkSize: 1024 * 1024,
      retryDelays: [0, 1000],
      storeFingerprintForResuming: false,
      metadata: { filename: photo.name || "photo.jpg", filetype: photo.blob.type || "application/octet-stream" },
      headers: { Authorization: `Bearer ${session.token}` },
      onUploadUrlAvailable() {
        urlKept = patchEntry(entry, { uploadUrl: upload.url });
      },
      onAfterResponse(_request, response) {
        const id = response.getHeader("Photo-Id");
        if (id) photoId = id;
      },
      onError(error) {
        const response = /** @type {any} */ (error).originalResponse;
        resolve({ status: response ? response.getStatus() : 0, photoId: null });
      },
      onSuccess() {
        // Finished: the final reply (or, resuming, the HEAD) named the photo.
        resolve(photoId ? { status: 200, photoId } : { status: 0, photoId: null });
      },
    });
    upload.start();
  }).then(async (result) => {
    await urlKept;
    return /** @type {{status: number, photoId: string|null}} */ (result);
  });
}

if (typeof addEventListener === "function") {
  addEventListener("online", () => void sendNow(false).catch(() => {}));
}
