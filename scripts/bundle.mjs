// Packaging step (`npm pack` runs it through prepack): replaces dist/ with an esbuild
// bundle of src/. Only the runtime dependencies named in package.json stay outside the
// bundle (re2: a native addon; piscina: starts its own worker file; yargs: reads its
// locale files next to itself); every other library is bundled, so a consumer installs
// a handful of packages and never a dev dependency. Code splitting keeps the CLI lazy.
//
// The command line starts from dist/bin.cjs, CommonJS: Node.js then never starts its ES
// module loader (~7 ms even for an empty module, on every commit). The pre-commit hook gets a build of its own:
// src/bin-hook.ts in one CommonJS file (dist/lib/hook.cjs), so a commit reads one file
// instead of resolving and linking ~30 ES modules, and bin.ts runs it through vm.Script
// with V8's code cache (Node 20 has no code cache for ES modules); the other commands run
// from dist/lib/cli.cjs the same way. They share no code with the chunks.
//
// Layout: the ES module entries (dist/lib/worker.js, dist/lib/action.js) and shared
// chunks go to dist/lib/, so the few modules that
// find files next to themselves (rules, dist/rules.json, worker.js, the native keyword
// matcher) resolve the same relative URLs as in the tsc build. The check at the end
// fails the build if that stops being true.
import { build } from "esbuild";
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const dist = join(root, "dist");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));

// The tsc build (npm run build) made these; the bundle keeps them.
const keep = [
  ["rules.json", "rules.json"],
  ["detect/native/keywords.node", "lib/native/keywords.node"],
];
const staging = join(root, ".bundle-tmp");
rmSync(staging, { recursive: true, force: true });
mkdirSync(staging, { recursive: true });
for (const [from, to] of keep) {
  if (existsSync(join(dist, from))) {
    mkdirSync(join(staging, to, ".."), { recursive: true });
    copyFileSync(join(dist, from), join(staging, to));
  }
}
if (!existsSync(join(staging, "rules.json"))) {
  console.error("bundle: dist/rules.json missing (run npm run build first)");
  process.exit(2);
}
rmSync(dist, { recursive: true, force: true });

// Bundled CommonJS libraries call require() for Node's own modules.
const banner = `import { createRequire as __lgCreateRequire } from "node:module";\nconst require = __lgCreateRequire(import.meta.url);`;

await build({
  entryPoints: [
    { in: join(root, "src/detect/worker.ts"), out: "lib/worker" },
    { in: join(root, "src/action/main.ts"), out: "lib/action" },
  ],
  outdir: dist,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  chunkNames: "lib/[name]-[hash]",
  external: Object.keys(pkg.dependencies ?? {}),
  banner: { js: banner },
  legalComments: "none",
  logLevel: "warning",
});

// Node's crypto, zlib and v8 modules take milliseconds to load and a commit with nothing
// to report never calls them (checksums, fingerprints and decoders run on candidates only;
// the finding store tunes V8 only for huge scans): in the hook build each of their
// functions loads the module on first call. Anything else imported from them (a
// constant, an object) fails the build ("No matching export").
const lazyBuiltins = {
  name: "lazy-builtins",
  setup(b) {
    b.onResolve({ filter: /^node:(crypto|zlib|v8)$/ }, (a) =>
      a.namespace === "lazy-builtin" ? { path: a.path, external: true } : { path: a.path, namespace: "lazy-builtin" },
    );
    b.onLoad({ filter: /.*/, namespace: "lazy-builtin" }, async (a) => {
      const mod = await import(a.path);
      const names = Object.keys(mod).filter((k) => k !== "default" && typeof mod[k] === "function");
      const load = `require(${JSON.stringify(a.path)})`;
      const wrap = (f) =>
        `export function ${f}(...args) { const m = ${load}; return new.target ? Reflect.construct(m.${f}, args, new.target) : m.${f}(...args); }`;
      return { contents: names.map(wrap).join("\n"), loader: "js" };
    });
  },
};

// Libraries the hook only needs off its usual path (a user config's schema and TOML
// parser, the GitHub client of revocation) go into a file of their own, required when a
// module using them first runs: compiling them with the hook cost every commit ~15 ms.
// Only third-party code moves, so leakguard's own classes (UsageError...) stay one copy.
const HOOK_VENDOR = ["zod", "smol-toml", "@octokit/rest"];
const hookVendor = {
  name: "hook-vendor",
  setup(b) {
    const names = new RegExp(`^(${HOOK_VENDOR.map((n) => n.replace(/[/.]/g, "\\$&")).join("|")})$`);
    b.onResolve({ filter: names }, (a) => ({ path: a.path, namespace: "hook-vendor" }));
    // The bundle runs from dist/lib/, beside the vendor file.
    b.onResolve({ filter: /^\.\/hook-vendor\.cjs$/ }, (a) => ({ path: a.path, external: true }));
    b.onLoad({ filter: /.*/, namespace: "hook-vendor" }, (a) => ({
      contents: `module.exports = require("./hook-vendor.cjs")[${JSON.stringify(a.path)}];`,
      loader: "js",
    }));
  },
};

await build({
  stdin: {
    contents: HOOK_VENDOR.map((n, i) => `import * as m${i} from ${JSON.stringify(n)};`).join("\n") + `\nexport default { ${HOOK_VENDOR.map((n, i) => `${JSON.stringify(n)}: m${i}`).join(", ")} };`,
    resolveDir: root,
    loader: "js",
  },
  outfile: join(dist, "lib/hook-vendor.cjs"),
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  footer: { js: "module.exports = module.exports.default;" },
  legalComments: "none",
  logLevel: "warning",
});

/**
 * What a bundle run by src/bundle-loader.ts needs: CommonJS read as latin1 (so ASCII
 * only), no import() (a script whose functions come from the code cache has no dynamic
 * import callback: the packages loaded on demand are required), and bin.ts passes the
 * file's URL in, so relative lookups resolve from dist/lib/ as in the chunks.
 */
const loadedScript = {
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  charset: "ascii",
  supported: { "dynamic-import": false },
  define: { "import.meta.url": "__lgImportMetaUrl" },
  legalComments: "none",
  logLevel: "warning",
};

await build({
  ...loadedScript,
  entryPoints: [join(root, "src/bin-hook.ts")],
  plugins: [lazyBuiltins, hookVendor],
  outfile: join(dist, "lib/hook.cjs"),
  external: Object.keys(pkg.dependencies ?? {}),
  // performance.now() (durations only) loads Node's perf_hooks, ~2 ms: hrtime is built in.
  define: { ...loadedScript.define, "performance.now": "__lgNow" },
  banner: { js: `"use strict";\nconst __lgNow = () => Number(process.hrtime.bigint()) / 1e6;` },
});

// The CLI gets the same treatment (dist/lib/cli.cjs, run by src/bundle-loader.ts): commands
// load lazily inside it, node:crypto and node:zlib on first call, and yargs is bundled
// too, so nothing is resolved or compiled at start-up that the code cache holds.
// yargs' ES build finds its locale files from its own URL, three folders below them
// (lib/platform-shims/esm.mjs); in the bundle that URL is a name three folders below
// dist/locales/, where they are copied.
const yargsLocales = {
  name: "yargs-locales",
  setup(b) {
    b.onLoad({ filter: /[\\/]yargs[\\/]lib[\\/]platform-shims[\\/]esm\.mjs$/ }, (a) => {
      const text = readFileSync(a.path, "utf8");
      const from = "fileURLToPath(import.meta.url)";
      if (!text.includes(from)) throw new Error(`bundle: ${a.path} no longer finds its locales from ${from}`);
      return { contents: text.replace(from, 'fileURLToPath(new URL("./yargs/esm.mjs", import.meta.url))'), loader: "js" };
    });
  },
};
await build({
  ...loadedScript,
  entryPoints: [join(root, "src/cli.ts")],
  plugins: [lazyBuiltins, yargsLocales],
  outfile: join(dist, "lib/cli.cjs"),
  external: Object.keys(pkg.dependencies ?? {}).filter((d) => d !== "yargs"),
});
const yargsDir = join(root, "node_modules/yargs/locales");
mkdirSync(join(dist, "locales"), { recursive: true });
for (const f of readdirSync(yargsDir)) copyFileSync(join(yargsDir, f), join(dist, "locales", f));

// The entry: bin.ts and the loader it runs the bundles with, nothing else.
await build({
  ...loadedScript,
  entryPoints: [join(root, "src/bin.ts")],
  outfile: join(dist, "bin.cjs"),
  banner: { js: `"use strict";\nconst __lgImportMetaUrl = require("node:url").pathToFileURL(__filename).href;` },
});
// Hooks installed by earlier versions name dist/bin.js: it runs the same entry.
writeFileSync(join(dist, "bin.js"), `#!/usr/bin/env node\n// Hooks installed by earlier versions run this path; the entry is bin.cjs.\nimport "./bin.cjs";\n`);

for (const [, to] of keep) {
  const from = join(staging, to);
  if (!existsSync(from)) continue;
  mkdirSync(join(dist, to, ".."), { recursive: true });
  copyFileSync(from, join(dist, to));
}
rmSync(staging, { recursive: true, force: true });
// The keyword set's WebAssembly (src/detect/keyword-set.ts reads it beside itself).
copyFileSync(join(root, "src/detect/keyword-set.wasm"), join(dist, "lib/keyword-set.wasm"));
chmodSync(join(dist, "bin.cjs"), 0o755);
chmodSync(join(dist, "bin.js"), 0o755);

// Relative file lookups (new URL("...", import.meta.url)) are only right from dist/lib/
// (chunks, worker) where the tsc build had them at the same depth.
const misplaced = [];
for (const file of walk(dist)) {
  if (!file.endsWith(".js")) continue;
  const rel = relative(dist, file);
  const text = readFileSync(file, "utf8").replace(banner, "");
  if (/new URL\([^)]*import\.meta\.url/.test(text) && !rel.startsWith("lib/")) misplaced.push(rel);
}
if (misplaced.length) {
  console.error(`bundle: file lookups relative to ${misplaced.join(", ")} would miss (move them into a shared module)`);
  process.exit(2);
}

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* walk(p);
    else yield p;
  }
}
