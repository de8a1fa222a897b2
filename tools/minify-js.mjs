// minify-js.mjs: minifies the site's scripts in place with Debian's terser (package node-terser):
// local names shortened and dead code dropped; top-level names and properties are kept, since the
// page's scripts, the worker and the engines' glue meet through them (Module, StenogramEngine,
// self.stenogramSources, window.stenogram). Emscripten's own -Oz pass only strips the whitespace
// of its output, and web/worker.js is copied as written (comments and all).
// Usage: node tools/minify-js.mjs FILE.js...   (tools/build runs it over dist/)
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let terser;
try {
  terser = require(process.env.TERSER || '/usr/share/nodejs/terser');
} catch (e) {
  console.error('minify-js: terser is missing (tools/setup installs Debian\'s node-terser): ' + e.message);
  process.exit(1);
}

let before = 0, after = 0;
for (const file of process.argv.slice(2)) {
  const code = fs.readFileSync(file, 'utf8');
  let out;
  try {
    out = await terser.minify(code, { compress: { passes: 2 }, mangle: true, ecma: 2017, format: { comments: false } });
  } catch (e) {
    console.error(`minify-js: ${file}: ${e.message}${e.line ? ` (line ${e.line}, column ${e.col})` : ''}`);
    process.exit(1);
  }
  fs.writeFileSync(file, out.code);
  before += code.length;
  after += out.code.length;
}
console.log(`minify-js: ${process.argv.length - 2} files, ${(before / 1000).toFixed(1)} → ${(after / 1000).toFixed(1)} KB`);
