// policy.test.mjs: the link policy of web/policy.js (pure functions, run in node): ?archive= takes
// http(s) links only, never with credentials; an embedded viewer's origin comes from &origin= only.
import { createRequire } from 'node:module';
import path from 'node:path';
import { test, assert, assertEq, ROOT } from './harness.mjs';

const require = createRequire(import.meta.url);
const policy = require(path.join(ROOT, 'web', 'policy.js'));
const page = 'https://viewer.example/stenogram/index.html?embed=1';

test('policy: ?archive= opens http(s) links only, fetched without cookies', async () => {
  const ok = policy.checkArchiveUrl('archives/x.sqlite', page);
  assertEq([ok.ok, ok.url, ok.options.credentials], [true, 'https://viewer.example/stenogram/archives/x.sqlite', 'omit'], 'a relative link');
  assertEq(policy.checkArchiveUrl('http://other.example/a.json?x=1', page).url, 'http://other.example/a.json?x=1', 'an absolute http link');
  for (const bad of ['data:,{"title":"fake"}%0Ax.csv', 'blob:https://viewer.example/1234', 'javascript:alert(1)',
    'file:///etc/passwd', 'ftp://host/a.sqlite', 'https://user:secret@host/a.sqlite', 'https://user@host/a.sqlite', '', '   ',
    'x'.repeat(5000)]) {
    const r = policy.checkArchiveUrl(bad, page);
    assert(!r.ok && typeof r.error === 'string' && r.error.length < 200, 'refused: ' + bad.slice(0, 40) + ' -> ' + JSON.stringify(r));
  }
  assert(/only http and https/.test(policy.checkArchiveUrl('data:,x', page).error), 'the message says why');
});

test('policy: the embedder origin is named explicitly, never guessed', async () => {
  assertEq(policy.embedOrigin('https://host.example:8443/some/page?x'), 'https://host.example:8443', 'an origin from a URL');
  for (const bad of [null, undefined, '', 'null', '*', 'javascript:alert(1)', 'data:,x', 'file:///x', 'https://u:p@host.example'])
    assertEq(policy.embedOrigin(bad), null, 'no origin from ' + bad);
});
