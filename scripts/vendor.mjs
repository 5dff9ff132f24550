// Copy the front-end packages installed by `npm ci` into registry/static/vendor/.
//
// The registry must work on a closed network, so pages load these files from the
// app's own static folder, never from a CDN. Plain Node, no dependencies.

import { copyFileSync, existsSync, mkdirSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const modules = join(root, "node_modules");
const target = join(root, "registry", "static", "vendor");

// [source under node_modules, directory under vendor/, copy its .map if present]
const FILES = [
  ["bootstrap/dist/css/bootstrap.min.css", "bootstrap", true],
  ["bootstrap/dist/css/bootstrap.rtl.min.css", "bootstrap", true],
  ["bootstrap/dist/js/bootstrap.bundle.min.js", "bootstrap", true],
  ["cytoscape/dist/cytoscape.min.js", "cytoscape", false],
  ["swagger-ui-dist/swagger-ui-bundle.js", "swagger-ui", false],
  ["swagger-ui-dist/swagger-ui.css", "swagger-ui", false],
];

function fail(message) {
  console.error(`vendor: ${message}`);
  process.exit(1);
}

if (!existsSync(modules)) {
  fail("node_modules/ is missing: run npm ci first.");
}

for (const [source, directory, withMap] of FILES) {
  const from = join(modules, source);
  if (!existsSync(from)) {
    fail(`${source} is missing from node_modules/: run npm ci first.`);
  }
  const toDirectory = join(target, directory);
  mkdirSync(toDirectory, { recursive: true });
  const copies = [[from, join(toDirectory, basename(from))]];
  if (withMap && existsSync(`${from}.map`)) {
    copies.push([`${from}.map`, join(toDirectory, `${basename(from)}.map`)]);
  }
  for (const [src, dest] of copies) {
    copyFileSync(src, dest);
    console.log(`vendor: ${relative(root, dest)}`);
  }
}
