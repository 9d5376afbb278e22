import assert from "node:assert/strict";
import { test } from "node:test";
import {
  advice,
  backoff,
  BACKOFF,
  heads,
  nextWake,
  outcome,
  photoRefs,
  placement,
  ready,
  resolvePhotos,
} from "../src/lib/queue.js";

/** @param {number} seq @param {string} group @param {object} [more] */
const entry = (seq, group, more = {}) => ({
  seq,
  owner: 1,
  group,
  key: `k${seq}`,
  kind: "request",
  label: "",
  created: 0,
  attempts: 0,
  nextAt: 0,
  ...more,
});

test("causal order: within a group one at a time in seq order, groups side by side", () => {
  const queue = [
    entry(4, "B"),
    entry(1, "A", { kind: "upload", photo: "p1" }),
    entry(2, "A"),
    entry(3, "A", { tag: "submit" }),
  ];
  assert.deepEqual(
    ready(queue, 0).map((e) => e.seq),
    [1, 4],
  );
  // Once the photo is gone from the queue (sent), the answer citing it comes next.
  assert.deepEqual(
    ready(queue.slice(0, 1).concat(queue.slice(2)), 0).map((e) => e.seq),
    [2, 4],
  );
  assert.deepEqual(
    heads(queue).map((e) => e.seq),
    [1, 4],
  );
});

test("a group waiting on its backoff, or stopped by the server, holds up only itself", () => {
  const queue = [entry(1, "A", { nextAt: 5_000 }), entry(2, "A"), entry(3, "B", { blocked: { status: 422, body: null } }), entry(4, "B"), entry(5, "C")];
  assert.deepEqual(
    ready(queue, 1_000).map((e) => e.seq),
    [5],
  );
  assert.deepEqual(
    ready(queue, 5_000).map((e) => e.seq),
    [1, 5],
  );
  // The next wake-up is the earliest wait of a group's first entry; stopped ones never wake.
  assert.equal(nextWake(queue), 0);
  assert.equal(nextWake([entry(1, "A", { nextAt: 9_000 }), entry(2, "B", { nextAt: 7_000 })]), 7_000);
  assert.equal(nextWake([entry(1, "A", { blocked: { status: 404, body: null } })]), null);
  assert.equal(nextWake([]), null);
});

test("what a reply means: retry the network and the server, wait for a login, stop on what retrying cannot fix", () => {
  for (const status of [200, 201, 204]) assert.equal(outcome(status), "sent");
  for (const status of [0, 408, 429, 500, 502, 503, 504]) assert.equal(outcome(status), "retry");
  assert.equal(outcome(401), "login");
  for (const status of [400, 403, 404, 409, 413, 415, 422]) assert.equal(outcome(status), "blocked");
});

test("backoff doubles from 2 s to a 5 min ceiling, with up to a quarter more at random", () => {
  assert.equal(backoff(1, 0), 2_000);
  assert.equal(backoff(2, 0), 4_000);
  assert.equal(backoff(3, 0), 8_000);
  assert.equal(backoff(30, 0), BACKOFF.max);
  assert.equal(backoff(1, 0.999), Math.round(2_000 * (1 + 0.999 / 4)));
  for (let attempts = 1; attempts < 20; attempts++) {
    const wait = backoff(attempts);
    const plain = Math.min(BACKOFF.max, BACKOFF.base * 2 ** (attempts - 1));
    assert.ok(wait >= plain && wait <= plain * 1.25, `${attempts}: ${wait}`);
    assert.ok(backoff(attempts + 1, 0) >= backoff(attempts, 0));
  }
});

test("photo references: found anywhere in a body, made the server's ids, a deleted photo left out", () => {
  const body = [{ checklist: "fire", item_code: "F-02", photo_ids: ["srv-0", { $photo: "a" }, { $photo: "b" }, { $photo: "gone" }] }];
  assert.deepEqual(photoRefs(body), ["a", "b", "gone"]);
  const ids = /** @type {Record<string, string>} */ ({ a: "srv-a", b: "srv-b" });
  assert.deepEqual(
    resolvePhotos(body, (ref) => ids[ref]),
    [{ checklist: "fire", item_code: "F-02", photo_ids: ["srv-0", "srv-a", "srv-b"] }],
  );
  // A photo kept but not uploaded yet: never sent with a hole in it.
  assert.throws(() => resolvePhotos(body, (ref) => (ref === "a" ? null : ids[ref])), /not uploaded/);
  assert.deepEqual(resolvePhotos({ n: 1, s: "x", none: null }, () => undefined), { n: 1, s: "x", none: null });
});

test("a newer entry with the same key replaces the older in place, unless it cites a photo queued after it", () => {
  const create = entry(1, "A", { key: "inspection:A" });
  const photo = entry(2, "A", { key: "photo:p", kind: "upload", photo: "p" });
  const answer = entry(3, "A", { key: "answer:A:F-01", body: [{ photo_ids: [] }] });
  const queue = [create, photo, answer];
  // The inspection's fields changed: still sent first, before its answers.
  assert.equal(placement(create, entry(0, "A", { key: "inspection:A", body: {} }), queue, null), "replace");
  // An answer now citing a photo queued before it: in place.
  assert.equal(placement(answer, entry(0, "A", { body: [{ photo_ids: [{ $photo: "p" }] }] }), queue, null), "replace");
  // An answer queued before the photo it now cites: moved behind the photo's upload.
  const early = entry(1, "A", { key: "answer:A:F-02" });
  assert.equal(
    placement(early, entry(0, "A", { body: [{ photo_ids: [{ $photo: "p" }] }] }), [early, photo], null),
    "supersede",
  );
  // The one being sent is left alone; nothing older: appended.
  assert.equal(placement(answer, entry(0, "A", { body: [] }), queue, 3), "append");
  assert.equal(placement(undefined, entry(0, "A"), queue, null), "append");
});

test("a refusal tells what to do, the data kept on the phone", () => {
  const refused = (/** @type {number} */ status, /** @type {any} */ body, /** @type {string} */ tag = "answer") =>
    advice(entry(1, "A", { tag, blocked: { status, body } }));
  assert.match(refused(422, { message: "缺项" }, "submit"), /补充后再次提交/);
  assert.match(refused(422, { code: "checklist_version_retired", message: "检查表版本已停用" }), /已停用.*联系区民政局/);
  assert.match(refused(422, { message: "值不合法" }), /修改/);
  assert.match(refused(404, null), /找不到/);
  assert.match(refused(409, null), /已经变化/);
  assert.match(refused(415, null), /重拍/);
  for (const status of [400, 403, 404, 409, 418, 422]) assert.match(refused(status, null), /手机上|重拍/);
});
