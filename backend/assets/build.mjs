// Builds the front end into ../static/dist/: Tailwind CSS (minified) and the
// JavaScript the pages load (our app.js, htmx, Alpine's CSP build), copied
// from the locked npm packages. Nothing is fetched at run time.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "static", "dist");
mkdirSync(out, { recursive: true });

const vendor = [
  ["node_modules/htmx.org/dist/htmx.min.js", "htmx.min.js"],
  ["node_modules/@alpinejs/csp/dist/cdn.min.js", "alpine-csp.min.js"],
];
for (const [from, to] of vendor) copyFileSync(join(here, from), join(out, to));
copyFileSync(join(here, "src", "app.js"), join(out, "app.js"));
// The admin portal's content pages (sortable gallery, formset rows, upload progress).
copyFileSync(join(here, "src", "admin.js"), join(out, "admin.js"));
// The icon sprite is served as a file so <use href> stays same-origin.
copyFileSync(join(here, "src", "icons.svg"), join(out, "icons.svg"));

const watch = process.argv.includes("--watch");
const args = [
  join(here, "node_modules", "@tailwindcss", "cli", "dist", "index.mjs"),
  "-i", join(here, "src", "app.css"),
  "-o", join(out, "app.css"),
  "--minify",
];
if (watch) args.push("--watch");
const result = spawnSync(process.execPath, args, { stdio: "inherit", cwd: here });
if (result.status !== 0) process.exit(result.status ?? 1);

// A stamp the page-weight test and `make` read to know the build is there.
const pkg = JSON.parse(readFileSync(join(here, "package-lock.json"), "utf8"));
writeFileSync(join(out, "BUILD"), `lock ${pkg.lockfileVersion}\n`);
