// Copies the ApexCharts and Leaflet distribution files into the web project's wwwroot.
//
//   node build.mjs        (or: npm run build)
//
// No dependencies beyond Node itself. Exits non-zero with a clear message if
// apexcharts or leaflet is not installed, is not the pinned version, has another licence, or a file is missing.

import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

// 4.7.0 is the last MIT-licensed ApexCharts release; do not bump without a licence review.
const EXPECTED_VERSION = "4.7.0";

const here = dirname(fileURLToPath(import.meta.url));
const pkgDir = join(here, "node_modules", "apexcharts");
const distDir = join(pkgDir, "dist");
const outDir = join(here, "..", "CommandCenter", "wwwroot", "lib", "apexcharts");

// [source relative to dist, destination relative to outDir]
const FILES = [
  ["apexcharts.min.js", "apexcharts.min.js"],
  ["apexcharts.css", "apexcharts.css"],
  ["locales/zh-cn.json", "locales/zh-cn.json"],
  ["locales/en.json", "locales/en.json"],
];

function fail(message) {
  console.error(`[commandcenter-assets] ERROR: ${message}`);
  process.exit(1);
}

// 1. Installed version check.
const pkgJsonPath = join(pkgDir, "package.json");
if (!existsSync(pkgJsonPath)) {
  fail(`apexcharts is not installed (${pkgJsonPath} not found). Run "npm ci" in ${here} first.`);
}
let installed;
try {
  installed = JSON.parse(readFileSync(pkgJsonPath, "utf8")).version;
} catch (err) {
  fail(`cannot read ${pkgJsonPath}: ${err.message}`);
}
if (installed !== EXPECTED_VERSION) {
  fail(
    `installed apexcharts version is ${installed}, expected exactly ${EXPECTED_VERSION} ` +
      `(later releases are not MIT-licensed). Run "npm ci" in ${here}.`
  );
}

// 2. All sources must exist before anything is copied.
const missing = FILES.map(([src]) => join(distDir, src)).filter(
  (p) => !existsSync(p) || !statSync(p).isFile()
);
if (missing.length > 0) {
  fail(`missing source file(s) in apexcharts ${installed} dist:\n  ${missing.join("\n  ")}`);
}

// 3. Copy.
for (const [src, dest] of FILES) {
  const from = join(distDir, src);
  const to = join(outDir, dest);
  try {
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(from, to);
  } catch (err) {
    fail(`failed to copy ${from} -> ${to}: ${err.message}`);
  }
  console.log(`[commandcenter-assets] ${relative(here, from)} -> ${relative(here, to)}`);
}
console.log(`[commandcenter-assets] apexcharts ${installed}: ${FILES.length} file(s) copied to ${outDir}`);

// Leaflet 1.9.4 (BSD-2-Clause): the map of /map and the wall's 案件地图 board. Its bundled LICENSE must still say BSD 2-Clause.
const LEAFLET_VERSION = "1.9.4";
const leafletDir = join(here, "node_modules", "leaflet");
const leafletOut = join(here, "..", "CommandCenter", "wwwroot", "lib", "leaflet");
if (!existsSync(join(leafletDir, "package.json"))) {
  fail(`leaflet is not installed (${leafletDir} not found). Run "npm ci" in ${here} first.`);
}
const leafletVersion = JSON.parse(readFileSync(join(leafletDir, "package.json"), "utf8")).version;
if (leafletVersion !== LEAFLET_VERSION) {
  fail(`installed leaflet version is ${leafletVersion}, expected exactly ${LEAFLET_VERSION}. Run "npm ci" in ${here}.`);
}
const leafletLicence = readFileSync(join(leafletDir, "LICENSE"), "utf8");
if (!leafletLicence.startsWith("BSD 2-Clause License")) {
  fail(`leaflet ${leafletVersion}'s LICENSE is not the BSD 2-Clause licence; do not ship it without a licence review.`);
}
const LEAFLET_FILES = [
  ["dist/leaflet.js", "leaflet.js"],
  ["dist/leaflet.css", "leaflet.css"],
];
for (const [src, dest] of LEAFLET_FILES) {
  const from = join(leafletDir, src);
  const to = join(leafletOut, dest);
  if (!existsSync(from)) fail(`missing source file ${from} in leaflet ${leafletVersion}`);
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(from, to);
  console.log(`[commandcenter-assets] ${relative(here, from)} -> ${relative(here, to)}`);
}
console.log(`[commandcenter-assets] leaflet ${leafletVersion}: ${LEAFLET_FILES.length} file(s) copied to ${leafletOut}`);
