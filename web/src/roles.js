// The screens of the roles other than the inspector's, each loaded only when that role
// logs in (a chunk of its own: the inspector's phone never downloads them).
import { useEffect, useState } from "preact/hooks";
import { ErrorBox, html } from "./ui.js";

/** @type {Record<string, () => Promise<any>>} */
const LOADERS = {
  manager: () => import("./office/manager.js"),
  bureau: () => import("./office/bureau.js"),
  auditor: () => import("./office/auditor.js"),
  review: () => import("./office/review.js"), // an inspector's 复查 of a hazard (#/h/<id>)
  street: () => import("./office/street.js"), // a street officer's board (#/board)
};
/** Parts loaded inside another role's screens, never a role's whole screens. */
const PARTS = new Set(["review", "street"]);

/** Whether a role has screens here (the inspector's are the shell's own). */
export const hasOfficeScreens = (/** @type {string} */ role) => !PARTS.has(role) && role in LOADERS;

/**
 * The role's screens, once their chunk has loaded.
 * ``part`` names screens other than the role's own (``review``, ``street``).
 * @param {{user: any, path: string, go: (hash: string) => void, onLogout: () => void, part?: string}} props
 */
export function Office(props) {
  const part = props.part || props.user.role;
  const [loaded, setLoaded] = useState(/** @type {any} */ (null));
  const [error, setError] = useState(/** @type {unknown} */ (null));
  useEffect(() => {
    setLoaded(null);
    LOADERS[part]()
      .then((module) => setLoaded(() => module.Screens))
      .catch(setError);
  }, [part]);
  if (error) return html`<main id="main" tabindex="-1" class="screen"><${ErrorBox} error=${error} /></main>`;
  if (!loaded) return html`<main id="main" tabindex="-1" class="screen"><p class="empty">正在加载…</p></main>`;
  const Screens = loaded;
  return html`<${Screens} ...${props} />`;
}
