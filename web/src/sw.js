// The service worker caches the shell (Workbox precaching, revisions from the build);
// API calls always go to the network. The send queue is the client's own (next issue).
import { cleanupOutdatedCaches, precacheAndRoute } from "workbox-precaching";

precacheAndRoute(self.__WB_MANIFEST, { directoryIndex: "index.html", ignoreURLParametersMatching: [/.*/] });
cleanupOutdatedCaches();
self.addEventListener("install", () => self.skipWaiting());
