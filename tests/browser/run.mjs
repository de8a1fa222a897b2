// run.mjs: runs every browser test file (tests/browser/*.test.mjs) and prints "N passed, N failed".
import fs from 'node:fs';
import path from 'node:path';
import { run, ROOT } from './harness.mjs';

const dir = path.join(ROOT, 'tests', 'browser');
// ONLY=timeline,search runs just those files (while working on one panel); CI runs all.
const only = process.env.ONLY ? process.env.ONLY.split(',') : null;
for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.test.mjs')).sort()) {
  if (only && !only.some((o) => f.startsWith(o))) continue;
  await import(path.join(dir, f));
}
const { failed } = await run();
process.exit(failed ? 1 : 0);
