// The shell: the session, the hash router, the expired-session dialog, the service worker.
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { call, get, session } from "./api.js";
import * as drafts from "./drafts.js";
import * as queue from "./queue.js";
import { Done, Review } from "./screens/review.js";
import { ItemScreen } from "./screens/item.js";
import { Login } from "./screens/login.js";
import { ChangePassword } from "./screens/password.js";
import { Pick } from "./screens/pick.js";
import { hasOfficeScreens, Office } from "./roles.js";
import { Setup } from "./screens/setup.js";
import { Tasks } from "./screens/tasks.js";
import * as store from "./store.js";
import { html, newId, StorageBanner } from "./ui.js";

/** Checklists preselected for a new inspection, by the inspector's department. */
const DEPARTMENT_LISTS = /** @type {Record<string, string[]>} */ ({
  fire: ["fire"],
  market_regulation: ["food"],
  health: ["food", "service"],
  civil_affairs: ["fire", "food", "gas", "service", "facilities", "management"],
});

const route = () => (location.hash || "#/").slice(1);

/** Requests waiting for the inspector to log in again (resolved all at once). @type {(() => void)[]} */
const waiters = [];

/**
 * The checklists the inspector's department uses, kept on the phone (revalidated by their
 * ETags) so an inspection can start and be filled without a signal.
 * @param {any} user
 */
function prefetch(user) {
  if (user.role !== "inspector") return;
  for (const key of DEPARTMENT_LISTS[user.department] || DEPARTMENT_LISTS.civil_affairs) {
    drafts.checklist(key).catch(() => {
      /* offline: the kept copy, if any, stands */
    });
  }
}
/** @param {string} hash */
const go = (hash) => {
  if (location.hash !== hash) location.hash = hash;
};

function App() {
  const [auth, setAuth] = useState(/** @type {any} */ (undefined));
  const [path, setPath] = useState(route());
  const [expired, setExpired] = useState(/** @type {any} */ (null));
  const [, setTick] = useState(0);

  useEffect(() => {
    const onHash = () => setPath(route());
    addEventListener("hashchange", onHash);
    const unsubscribe = drafts.subscribe(() => setTick((t) => t + 1));
    const unwatch = store.watchHealth(() => setTick((t) => t + 1));
    store.getValue("session").then((s) => {
      if (s && new Date(s.expires_at) > new Date()) {
        session.token = s.token;
        setAuth(s);
        queue.setOwner(s.user.id); // the queue runs at start-up
        prefetch(s.user);
        // The account may have changed since (a password reset by the bureau): ask.
        get("/me")
          .then((me) => updateUser(me))
          .catch(() => {
            /* offline: the kept user stands */
          });
      } else setAuth(s ? { ...s, token: null } : null);
    }, () => setAuth(null));
    return () => {
      removeEventListener("hashchange", onHash);
      unsubscribe();
      unwatch();
    };
  }, []);

  useEffect(() => {
    // A 401 keeps the screen and its state, and asks to log in again over it; every
    // request that met it (a screen's, the send queue's) goes on once logged in.
    session.onExpired = () =>
      new Promise((resolve) => {
        waiters.push(resolve);
        setExpired(true);
      });
    session.onPasswordChange = () => updateUser({ password_change_required: true });
  }, []);

  // Open the draft the route names (from IndexedDB, or adopted from the server).
  const match = path.match(/^\/(?:i|open)\/([0-9a-f-]{36})/);
  const id = match ? match[1] : null;
  const [opened, setOpened] = useState(/** @type {string|null} */ (null));
  useEffect(() => {
    if (!id || !auth?.token || opened === id) return;
    (async () => {
      if (path.startsWith("/open/")) {
        await drafts.adopt(id, auth.user.id);
        go(`#/i/${id}/setup`);
      }
      // Not on this phone (a link from another): take it from the server, if it is there.
      if (!(await drafts.open(id))) {
        await drafts.adopt(id, auth.user.id);
        await drafts.open(id);
      }
      setOpened(id);
    })().catch(() => go("#/"));
  }, [id, auth?.token]);

  useEffect(() => {
    const titles = [
      [/^\/new/, "选择检查对象"],
      [/\/setup$/, "检查准备"],
      [/\/item\//, "逐项检查"],
      [/\/review$/, "检查并提交"],
      [/\/done$/, "已提交"],
      [/^\/password$/, "修改密码"],
      [/^\/h\//, "复查隐患"],
      [/^\/board$/, "本街镇动态清零"],
    ];
    // The other roles' screens name themselves (office/common.js, Page).
    if (auth?.token && hasOfficeScreens(auth.user.role) && !auth.user.password_change_required && path !== "/password") {
      window.scrollTo(0, 0);
      return;
    }
    const found = auth?.user?.password_change_required
      ? [null, "修改密码"]
      : titles.find(([re]) => /** @type {RegExp} */ (re).test(path));
    document.title = `${auth?.token ? (found ? found[1] : "今日任务") : "登录"} · 养老机构安全检查`;
    // A new screen starts at its top, with the focus on it for screen readers.
    window.scrollTo(0, 0);
    document.getElementById("main")?.focus();
  }, [path, auth?.token, auth?.user?.password_change_required]);

  /** @param {any} s */
  async function loggedIn(s) {
    const kept = { token: s.token, expires_at: s.expires_at, user: s.user };
    await store.setValue("session", kept).catch(() => {
      /* no storage (said by the banner): the session lives in this page only */
    });
    session.token = s.token;
    setAuth(kept);
    setExpired(null);
    for (const resume of waiters.splice(0)) resume();
    queue.setOwner(kept.user.id);
    prefetch(kept.user);
  }
  /**
   * Fields of the logged-in user changed (``GET /me``, a 403, a password changed): kept.
   * @param {any} patch
   */
  function updateUser(patch) {
    setAuth((/** @type {any} */ current) => {
      if (!current?.token) return current;
      const kept = { ...current, user: { ...current.user, ...patch } };
      store.setValue("session", kept);
      return kept;
    });
  }
  function passwordChanged() {
    updateUser({ password_change_required: false });
    void queue.sendNow(false).catch(() => {}); // what waited for the change goes now
    go("#/");
  }
  async function logout() {
    const unsent = await queue.unsentOf(auth.user.id).catch(() => 0);
    if (
      unsent &&
      !confirm(
        `还有 ${unsent} 项内容未发送到服务器。\n退出后这些内容仍保存在本手机上，您再次登录后才会发送；` +
          "请尽量联网发送完再退出。\n确定要退出吗？",
      )
    )
      return;
    queue.setOwner(null);
    try {
      await call("POST", "/auth/logout");
    } catch {
      /* the token may be gone already */
    }
    session.token = null;
    await store.deleteValue("session");
    setAuth(null);
  }
  /** @param {any} institution */
  async function startInspection(institution) {
    const draftId = newId();
    await drafts.create({
      id: draftId,
      owner: auth.user.id,
      institution: { id: institution.id, name: institution.name, street: institution.street, features: institution.features },
      checklists: DEPARTMENT_LISTS[auth.user.department] || DEPARTMENT_LISTS.civil_affairs,
      kind: "routine",
      started_at: new Date().toISOString(),
      features_confirmed: null,
      assignees: [],
      answers: {},
      dirty: [],
      created: false,
      status: "draft",
    });
    go(`#/i/${draftId}/setup`);
  }

  const banner = html`<${StorageBanner} onRetry=${() => void drafts.saveAgain()} />`;
  if (auth === undefined) return html`<main id="main" tabindex="-1" class="screen"><p class="empty">正在加载…</p></main>`;
  if (!auth || !auth.token) {
    return html`${banner}<${Login} onLoggedIn=${loggedIn} username=${auth?.user?.username} />`;
  }
  const user = auth.user;
  const dialog = expired ? html`<${Login} expired onLoggedIn=${loggedIn} username=${user.username} />` : null;
  // After a bureau reset nothing else is allowed until the password is changed.
  if (user.password_change_required || path === "/password") {
    return html`<${ChangePassword} required=${!!user.password_change_required} username=${user.display_name || user.username}
      onChanged=${passwordChanged} onLogout=${logout} />${dialog}`;
  }
  // The manager's, the bureau's and the auditor's screens: loaded when needed (roles.js).
  if (hasOfficeScreens(user.role)) {
    return html`<${Office} user=${user} path=${path} go=${go} onLogout=${logout} />${dialog}`;
  }

  let screen;
  const ready = id && opened === id && drafts.currentDraft()?.draft.id === id;
  if (path === "/new") screen = html`<${Pick} onPick=${startInspection} />`;
  else if (path.startsWith("/h/")) screen = html`<${Office} part="review" user=${user} path=${path} go=${go} onLogout=${logout} />`;
  else if (path === "/board" && user.street) screen = html`<${Office} part="street" user=${user} path=${path} go=${go} onLogout=${logout} />`;
  else if (id && !ready) screen = html`<main id="main" tabindex="-1" class="screen"><p class="empty">正在打开…</p></main>`;
  else if (id && path.endsWith("/setup")) screen = html`<${Setup} me=${user} id=${id} />`;
  else if (id && path.includes("/item/")) screen = html`<${ItemScreen} id=${id} index=${Number(path.split("/item/")[1]) || 0} />`;
  else if (id && path.endsWith("/review")) screen = html`<${Review} id=${id} me=${user} go=${go} />`;
  else if (id && path.endsWith("/done")) screen = html`<${Done} id=${id} />`;
  else screen = html`<${Tasks} user=${user} onLogout=${logout} />`;
  return html`${banner}${screen}${dialog}`;
}

render(html`<${App} />`, /** @type {HTMLElement} */ (document.getElementById("app")));

if ("serviceWorker" in navigator && location.protocol !== "file:") {
  navigator.serviceWorker.register("sw.js", { scope: "./" }).catch(() => {
    /* no service worker (plain http on a LAN): the app works, only without the cache */
  });
}
