// serve.mjs: a small static file server for dist/ (correct MIME types, including application/wasm).
// Usage: node tools/serve.mjs [--dir dist] [--port 8080] [--host 127.0.0.1] [--cors] [--no-ranges]
//   --cors: Access-Control-Allow-Origin: * (for archives opened by a viewer on another origin, ?archive=URL)
//   --no-ranges: ignore Range headers (always 200 with the whole file), as some hosts do
// Byte ranges (one "bytes=a-b" range, 206 + Content-Range) are served unless turned off: the
// viewer's worker reads large archives lazily through them.
// Also used by the browser tests (startServer), which can ask for a random free port (0).
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm', '.json': 'application/json; charset=utf-8', '.jsonl': 'application/x-ndjson; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8', '.txt': 'text/plain; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.ttf': 'font/ttf', '.sqlite': 'application/vnd.sqlite3', '.png': 'image/png', '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon', '.webmanifest': 'application/manifest+json',
};

export function startServer({ dir, port = 0, host = '127.0.0.1', log = null, extraDirs = {}, cors = false, ranges = true }) {
  const roots = { '/': path.resolve(dir), ...Object.fromEntries(Object.entries(extraDirs).map(([k, v]) => [k, path.resolve(v)])) };
  const server = http.createServer((req, res) => {
    let urlPath;
    try { urlPath = decodeURIComponent(new URL(req.url, 'http://x').pathname); } catch { res.writeHead(400).end(); return; }
    let root = roots['/'], rel = urlPath;
    for (const [prefix, r] of Object.entries(roots)) {
      if (prefix !== '/' && urlPath.startsWith(prefix)) { root = r; rel = urlPath.slice(prefix.length - 1); }
    }
    if (rel.endsWith('/')) rel += 'index.html';
    const file = path.join(root, path.normalize(rel));
    if (!file.startsWith(root)) { res.writeHead(403).end(); return; }
    fs.stat(file, (err, st) => {
      if (err || !st.isFile()) {
        if (log) log(req.method + ' ' + req.url + ' 404');
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
        return;
      }
      const headers = { 'Content-Type': TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream',
        'Cache-Control': 'no-cache', 'Last-Modified': st.mtime.toUTCString(),
        ...(cors ? { 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': 'Content-Range, Content-Length, ETag, Last-Modified' } : {}) };
      const m = ranges && /^bytes=(\d*)-(\d*)$/.exec(req.headers.range || '');
      if (ranges) headers['Accept-Ranges'] = 'bytes';
      if (m && (m[1] || m[2])) {
        let start = m[1] ? Number(m[1]) : Math.max(0, st.size - Number(m[2]));
        let end = m[1] && m[2] ? Math.min(Number(m[2]), st.size - 1) : st.size - 1;
        if (start >= st.size || start > end) {
          if (log) log(req.method + ' ' + req.url + ' 416');
          res.writeHead(416, { ...headers, 'Content-Range': `bytes */${st.size}` }).end();
          return;
        }
        if (log) log(req.method + ' ' + req.url + ' 206 ' + req.headers.range);
        res.writeHead(206, { ...headers, 'Content-Range': `bytes ${start}-${end}/${st.size}`, 'Content-Length': end - start + 1 });
        if (req.method === 'HEAD') { res.end(); return; }
        fs.createReadStream(file, { start, end }).pipe(res);
        return;
      }
      if (log) log(req.method + ' ' + req.url + ' 200');
      res.writeHead(200, { ...headers, 'Content-Length': st.size });
      if (req.method === 'HEAD') { res.end(); return; }
      fs.createReadStream(file).pipe(res);
    });
  });
  return new Promise((resolve) => server.listen(port, host, () => resolve(server)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name, dflt) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : dflt; };
  const dir = arg('--dir', 'dist'), port = Number(arg('--port', 8080)), host = arg('--host', '127.0.0.1');
  startServer({ dir, port, host, cors: process.argv.includes('--cors'), ranges: !process.argv.includes('--no-ranges') }).then((s) => {
    console.log(`Stenogram is served at http://${host}:${s.address().port}/  (Ctrl-C stops)`);
  });
}
