// The send queue itself (web/src/queue.js) against a small HTTP server on a local port,
// IndexedDB from fake-indexeddb: the order requests arrive in, retries with the wait kept
// in the entry, a 4xx that stops only its group, a 401 that waits for a login.
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { after, before, beforeEach, test as nodeTest } from "node:test";

// The client's libraries come from web/node_modules (`make web`); without them, skipped.
const installed = await import("fake-indexeddb/auto").then(
  () => true,
  () => false,
);
/** @param {string} name @param {() => Promise<void>} body */
const test = (name, body) => nodeTest(name, { skip: !installed && "run `make web` (npm ci) first" }, body);

/** @type {{method: string, path: string, body: any}[]} */
const seen = [];
/** @type {Map<string, (number|[number, object])[]>} replies, in turn, per path (then 200) */
const script = new Map();

const server = createServer((request, response) => {
  let text = "";
  request.on("data", (chunk) => (text += chunk));
  request.on("end", () => {
    const path = String(request.url).replace(/^\/api\/v1/, "");
    seen.push({ method: String(request.method), path, body: text ? JSON.parse(text) : null, auth: request.headers.authorization });
    const next = script.get(path)?.shift() ?? 200;
    const [status, body] = Array.isArray(next) ? next : [next, null];
    response.writeHead(status, { "Content-Type": "application/json" });
    const refused = { code: "refused", message: "不行 / No", errors: { f: ["x"] } };
    response.end(JSON.stringify(body ?? (status < 300 ? { ok: path, hazard_ids: ["h1"] } : refused)));
  });
});

let queue, api, store;
before(async () => {
  if (!installed) return;
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  const fetchHere = globalThis.fetch;
  globalThis.fetch = (url, init) => fetchHere(new URL(String(url), base), init);
  api = await import("../src/api.js");
  queue = await import("../src/queue.js");
  store = await import("../src/store.js");
  api.session.token = "token-1";
});
after(() => {
  if (!installed) return;
  queue.setOwner(null);
  server.close();
});
beforeEach(async () => {
  if (!installed) return;
  queue.setOwner(null);
  const db = await store.database();
  await db.clear("outbox");
  seen.length = 0;
  script.clear();
  queue.setOwner(7);
});

/** @param {string} group @param {string} key @param {string} path @param {object} [more] */
const request = (group, key, path, more = {}) => ({
  owner: 7, group, key, kind: "request", label: key, method: "PUT", path, body: { key }, ...more,
});
const kept = async () => (await (await store.database()).getAll("outbox")).sort((a, b) => a.seq - b.seq);

test("entries arrive in the order they were made, with the session's token", async () => {
  await queue.enqueue([
    request("A", "inspection:A", "/inspections/A"),
    request("A", "answer:A:1", "/inspections/A/answers"),
    request("B", "inspection:B", "/inspections/B"),
    request("A", "submit:A", "/inspections/A/submit", { method: "POST" }),
  ]);
  await queue.run();
  assert.deepEqual(
    seen.map((s) => `${s.method} ${s.path}`),
    ["PUT /inspections/A", "PUT /inspections/A/answers", "PUT /inspections/B", "POST /inspections/A/submit"],
  );
  assert.ok(seen.every((s) => s.auth === "Bearer token-1"));
  assert.deepEqual(await kept(), []);
});

test("a newer change of the same answer replaces the unsent one: sent once, as last made", async () => {
  queue.setOwner(null); // nothing sent while the inspector types
  await queue.enqueue(request("A", "inspection:A", "/inspections/A"));
  await queue.enqueue(request("A", "answer:A:1", "/inspections/A/answers", { body: { note: "防" } }));
  await queue.enqueue(request("A", "answer:A:1", "/inspections/A/answers", { body: { note: "防火门" } }));
  await queue.enqueue(request("A", "inspection:A", "/inspections/A", { body: { v: 2 } }));
  queue.setOwner(7);
  await queue.run();
  assert.deepEqual(
    seen.map((s) => [s.path, s.body]),
    [["/inspections/A", { v: 2 }], ["/inspections/A/answers", { note: "防火门" }]],
  );
});

test("no reply or a 5xx: tried again after a backoff kept in the entry; other groups go on", async () => {
  script.set("/inspections/A", [503, 503]);
  const before = Date.now();
  await queue.enqueue([request("A", "inspection:A", "/inspections/A"), request("A", "answer:A:1", "/inspections/A/answers"), request("B", "inspection:B", "/inspections/B")]);
  await queue.run();
  assert.deepEqual(seen.map((s) => s.path), ["/inspections/A", "/inspections/B"]);
  let [first, second] = await kept();
  assert.equal(first.attempts, 1);
  assert.equal(first.lastError, 503);
  assert.ok(first.nextAt >= before + 2_000 && first.nextAt <= Date.now() + 2_500, String(first.nextAt - before));
  assert.equal(second.attempts, 0); // it waits behind, untried
  // "立即发送": the wait is over; the second failure doubles the next wait.
  await queue.sendNow();
  await queue.run();
  [first] = await kept();
  assert.equal(first.attempts, 2);
  assert.ok(first.nextAt - Date.now() > 3_000);
  await queue.sendNow();
  await queue.run();
  assert.deepEqual(await kept(), []);
  assert.deepEqual(seen.map((s) => s.path), ["/inspections/A", "/inspections/B", "/inspections/A", "/inspections/A", "/inspections/A/answers"]);
});

test("a 4xx retrying cannot fix stops its group, keeps the data, and tells the handler", async () => {
  script.set("/inspections/A/submit", [422]);
  /** @type {any[]} */
  const refused = [];
  queue.handle("submit-test", { blocked: (entry) => void refused.push(entry) });
  await queue.enqueue([
    request("A", "submit:A", "/inspections/A/submit", { method: "POST", tag: "submit-test" }),
    request("A", "answer:A:9", "/inspections/A/answers"),
    request("B", "inspection:B", "/inspections/B"),
  ]);
  await queue.run();
  assert.deepEqual(seen.map((s) => s.path), ["/inspections/A/submit", "/inspections/B"]);
  const [stopped, waiting] = await kept();
  assert.equal(stopped.blocked.status, 422);
  assert.deepEqual(stopped.blocked.body.errors, { f: ["x"] });
  assert.equal(waiting.key, "answer:A:9");
  assert.equal(refused.length, 1);
  assert.match(queue.advice(stopped), /数据仍保存在手机上/);
  // Run again: still stopped, nothing sent (retrying cannot help)...
  await queue.run();
  assert.equal(seen.length, 2);
  // ...until a person acts: a fixed entry with the same key replaces it.
  await queue.enqueue(request("A", "submit:A", "/inspections/A/submit", { method: "POST" }));
  await queue.run();
  assert.deepEqual(seen.slice(2).map((s) => s.path), ["/inspections/A/submit", "/inspections/A/answers"]);
});

test("a 401 makes the queue wait for a login, then it goes on where it stopped", async () => {
  script.set("/inspections/A", [401]);
  /** @type {() => void} */
  let loggedIn = () => {};
  api.session.onExpired = () => new Promise((resolve) => (loggedIn = resolve));
  await queue.enqueue([request("A", "inspection:A", "/inspections/A"), request("A", "answer:A:1", "/inspections/A/answers")]);
  await queue.run();
  assert.equal(queue.state.waitingLogin, true);
  assert.equal(api.session.token, null);
  await queue.run(); // nothing is tried without a session
  assert.equal(seen.length, 1);
  assert.equal((await kept())[0].attempts, 0); // a login is not a failed try
  api.session.token = "token-2";
  loggedIn();
  await new Promise((resolve) => setTimeout(resolve, 20));
  await queue.run();
  assert.deepEqual(seen.map((s) => `${s.path} ${s.auth}`), ["/inspections/A Bearer token-1", "/inspections/A Bearer token-2", "/inspections/A/answers Bearer token-2"]);
  assert.deepEqual(await kept(), []);
});

test("a 403 asking for the password change first (a bureau reset) waits, not refused", async () => {
  api.session.token = "token-3";
  script.set("/inspections/A", [[403, { message: "请先修改密码：POST /me/password / Change the password first" }]]);
  let asked = 0;
  api.session.onPasswordChange = () => void (asked += 1);
  await queue.enqueue(request("A", "inspection:A", "/inspections/A"));
  await queue.run();
  const [waiting] = await kept();
  assert.equal(asked, 1);
  assert.equal(waiting.blocked, null);
  assert.equal(waiting.attempts, 1);
  await queue.sendNow(false); // the password changed
  await queue.run();
  assert.deepEqual(await kept(), []);
});
