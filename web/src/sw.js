// The service worker caches the shell (Workbox precaching, revisions from the build);
// API calls always go to the network. The send queue, the drafts, the photos and the
// checklists (with their ETags) live in IndexedDB, which an update never touches; only
// caches of an older precache are cleaned. A version whose install fails (one file
// answering 404) never activates: the old one keeps serving.
import { cleanupOutdatedCaches, precacheAndRoute } from "workbox-precaching";

precacheAndRoute(self.__WB_MANIFEST, { directoryIndex: "index.html", ignoreURLParametersMatching: [/.*/] });
cleanupOutdatedCaches();
self.addEventListener("install", () => self.skipWaiting());
// The first visit's page is controlled at once, so it works offline without a reload.
self.addEventListener("activate", (event) =>
  /** @type {any} */ (event).waitUntil(/** @type {any} */ (self).clients.claim()),
);
