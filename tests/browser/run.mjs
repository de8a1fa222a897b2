// run.mjs: runs every browser test file (tests/browser/*.test.mjs) and prints "N passed, N failed".
import fs from 'node:fs';
import path from 'node:path';
import { run, ROOT } from './harness.mjs';

const dir = path.join(ROOT, 'tests', 'browser');
for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.test.mjs')).sort()) await import(path.join(dir, f));
const { failed } = await run();
process.exit(failed ? 1 : 0);
