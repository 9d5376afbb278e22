// Builds dist/ from src/ and public/: the same inputs give the same bytes, so CI can
// rebuild and compare with the committed bundle (`make web`, then `git diff web/dist`).
import { createHash } from "node:crypto";
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { build } from "esbuild";

const root = new URL(".", import.meta.url).pathname;
const dist = join(root, "dist");

/** Every file under a folder, as sorted paths relative to it. */
function files(folder) {
  const out = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(relative(folder, path));
    }
  };
  walk(folder);
  return out;
}

const common = {
  bundle: true,
  minify: true,
  format: "esm",
  target: ["es2020"],
  legalComments: "none",
  charset: "utf8",
  logLevel: "warning",
};

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist);
cpSync(join(root, "public"), dist, { recursive: true });
// The shell is app.js; each role's screens (import() in src/roles.js) are chunks loaded
// when that role logs in, named by their content's hash (deterministic).
await build({
  ...common,
  entryPoints: { app: join(root, "src/main.js") },
  outdir: dist,
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
});

// The service worker precaches the shell, each file under a revision of its bytes.
// The page is asked for as the folder ("./", i.e. /app/), never by its file name.
const manifest = files(dist).map((url) => ({
  url: url === "index.html" ? "./" : url,
  revision: createHash("sha256").update(readFileSync(join(dist, url))).digest("hex").slice(0, 16),
}));
await build({
  ...common,
  format: "iife",
  entryPoints: [join(root, "src/sw.js")],
  outfile: join(dist, "sw.js"),
  define: { "self.__WB_MANIFEST": JSON.stringify(manifest), "process.env.NODE_ENV": '"production"' },
});
