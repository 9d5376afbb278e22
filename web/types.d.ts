// Globals the build defines (build.mjs) and the service worker's scope.
interface Window {
  __WB_MANIFEST: { url: string; revision: string }[];
  skipWaiting(): Promise<void>;
}
