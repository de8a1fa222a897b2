// nginx.mjs: Debian's nginx as a real static host for the browser tests: a config in a temp folder,
// a loopback port, `daemon on`, stopped by its pid. Byte ranges as nginx serves them (on by
// default), optionally gzip on the fly for .sqlite, and an access log the tests read as the
// network log (method, path, status, bytes sent, Range header).
//   const ng = await startNginx({ root: DIST, aliases: { '/fixtures/': FIXTURES }, gzip: false });
//   ng.base → 'http://127.0.0.1:PORT/';  ng.log() → [{method, path, status, bytes, range}];  await ng.stop();
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const NGINX = process.env.NGINX || '/usr/sbin/nginx';

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// serverExtra: directives added to the server block (e.g. CORS headers).
// gzip: on the fly for .sqlite too (a host that must be survived); compressApp: the app's own files
// (js, wasm, fonts) compressed as any well-set-up static host does (never the archive).
function gzipConf(sqlite, app) {
  const types = [...(sqlite ? ['application/vnd.sqlite3'] : []), ...(app ? ['text/javascript', 'application/javascript', 'application/wasm', 'font/ttf'] : [])];
  if (!types.length) return 'gzip off;';
  return `gzip on; gzip_types ${types.join(' ')}; gzip_min_length ${sqlite ? 0 : 1024}; gzip_comp_level ${sqlite ? 1 : 5};`;
}

export async function startNginx({ root, aliases = {}, gzip = false, compressApp = false, serverExtra = '' } = {}) {
  if (!fs.existsSync(NGINX)) throw new Error(`${NGINX} is missing: tools/setup installs Debian's nginx`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stenogram-nginx-'));
  const port = await freePort();
  const locations = Object.entries(aliases).map(([prefix, folder]) =>
    `    location ${prefix} { alias ${path.resolve(folder)}/; }`).join('\n');
  const conf = `# written by tests/browser/nginx.mjs
daemon on;
${process.getuid && process.getuid() === 0 ? 'user root root;' : ''}
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 128; }
http {
  include /etc/nginx/mime.types;
  types { application/vnd.sqlite3 sqlite; application/wasm wasm; text/javascript js mjs; font/ttf ttf; }
  default_type application/octet-stream;
  log_format net '$request_method\\t$uri\\t$status\\t$bytes_sent\\t$http_range';
  access_log ${dir}/access.log net;
  client_body_temp_path ${dir}/client;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  sendfile on;
  ${gzipConf(gzip, compressApp)}
  server {
    listen 127.0.0.1:${port};
    root ${path.resolve(root)};
    ${serverExtra}
${locations}
  }
}
`;
  fs.writeFileSync(path.join(dir, 'nginx.conf'), conf);
  const r = spawnSync(NGINX, ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'error.log')], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`nginx did not start (${r.status}): ${r.stderr || ''}${fs.existsSync(path.join(dir, 'error.log')) ? fs.readFileSync(path.join(dir, 'error.log'), 'utf8') : ''}`);
  let pid = 0;
  for (let i = 0; i < 50 && !pid; i++) {
    try { pid = Number(fs.readFileSync(path.join(dir, 'nginx.pid'), 'utf8').trim()); } catch { await sleep(20); }
  }
  if (!pid) throw new Error('nginx started but wrote no pid file');
  const logFile = path.join(dir, 'access.log');
  let logOffset = 0;
  return {
    base: `http://127.0.0.1:${port}/`,
    port,
    dir,
    // The access log's entries since the last call (nginx writes a line as a request completes).
    log() {
      if (!fs.existsSync(logFile)) return [];
      const text = fs.readFileSync(logFile, 'utf8');
      const fresh = text.slice(logOffset);
      logOffset = text.length;
      return fresh.split('\n').filter(Boolean).map((l) => {
        const [method, p, status, bytes, range] = l.split('\t');
        return { method, path: p, status: Number(status), bytes: Number(bytes), range: range === '-' ? '' : range };
      });
    },
    async stop() {
      try { process.kill(pid, 'SIGTERM'); } catch { return; }
      for (let i = 0; i < 100; i++) {
        try { process.kill(pid, 0); } catch { break; }
        await sleep(20);
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
