#!/usr/bin/env python3
"""make-offline.py: assembles dist/stenogram-offline.html, the viewer as ONE self-contained file.

The page, index.js, the wasm, the fonts and an archive go into a single HTML file (the binaries as
base64 in window.STENOGRAM_OFFLINE, which web/stenogram.js reads instead of fetching), so it opens
by double-click from file:// and needs no network.

The archive engine's worker goes in too, as text (window.STENOGRAM_OFFLINE.workerSource: the
engine built as one file, engine-single.js, then web/worker.js): Chromium refuses a worker from
file://, so the page makes it from a Blob URL of that text:
  new Worker(URL.createObjectURL(new Blob([STENOGRAM_OFFLINE.workerSource], {type: 'text/javascript'})))

Usage: tools/make-offline.py DIST_DIR OUT.html [--archive ARCHIVE.sqlite] [--fonts DIR] [--engine-single FILE]
  DIST_DIR holds index.html, index.js, index.wasm, worker.js (and fonts/, sample.sqlite unless given).
  --engine-single: the engine's SINGLE_FILE build (default: DIST_DIR/engine-single.js when present).
"""
import argparse
import base64
import json
import os
import re
import sys

SCRIPT_TAG = '<script async type="text/javascript" src="index.js"></script>'


def b64(path):
    with open(path, 'rb') as f:
        return base64.b64encode(f.read()).decode('ascii')


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('dist')
    ap.add_argument('out')
    ap.add_argument('--archive', help='archive to bake in (default: DIST/sample.sqlite)')
    ap.add_argument('--fonts', help='folder with NotoSans-Regular.ttf, NotoSans-Bold.ttf, '
                    'NotoSansHebrew-Regular.ttf and NotoSansArabic-Regular.ttf (default: DIST/fonts)')
    ap.add_argument('--engine-single', help='the engine built as one file (default: DIST/engine-single.js)')
    a = ap.parse_args()
    archive = a.archive or os.path.join(a.dist, 'sample.sqlite')
    fonts = a.fonts or os.path.join(a.dist, 'fonts')
    with open(os.path.join(a.dist, 'index.html'), encoding='utf-8') as f:
        page = f.read()
    with open(os.path.join(a.dist, 'index.js'), encoding='utf-8') as f:
        code = f.read()
    if page.count(SCRIPT_TAG) != 1:
        sys.exit('make-offline: index.html does not load index.js the expected way')
    with open(archive, 'rb') as f:
        if f.read(16) != b'SQLite format 3\x00':
            sys.exit(f'make-offline: {archive}: not a SQLite database')
    data = {
        'wasm': b64(os.path.join(a.dist, 'index.wasm')),
        # Regular and bold first (decoded before the first frame), then Hebrew and Arabic (decoded
        # only when the archive's text needs them).
        'fonts': [b64(os.path.join(fonts, n)) for n in ('NotoSans-Regular.ttf', 'NotoSans-Bold.ttf',
                                                       'NotoSansHebrew-Regular.ttf', 'NotoSansArabic-Regular.ttf')],
        'archive': b64(archive),
        'archiveName': os.path.basename(archive),
    }
    engine = a.engine_single or os.path.join(a.dist, 'engine-single.js')
    worker = os.path.join(a.dist, 'worker.js')
    if os.path.exists(engine) and os.path.exists(worker):
        with open(engine, encoding='utf-8') as f:
            engine_code = f.read()
        with open(worker, encoding='utf-8') as f:
            worker_code = f.read()
        data['workerSource'] = engine_code + '\n' + worker_code
    elif a.engine_single:
        sys.exit(f'make-offline: {engine} or {worker} is missing')
    # Nothing inside a <script> may close it early.
    code = code.replace('</script', '<\\/script').replace('<!--', '<\\!--')
    offline = json.dumps(data).replace('</', '<\\/').replace('<!--', '<\\!--')
    inline = ('<script>window.STENOGRAM_OFFLINE = ' + offline + ';</script>\n'
              '<script>' + code + '</script>')
    page = page.replace(SCRIPT_TAG, inline)
    # The hosted page's early worker (worker.js next to it) has no place here: the offline file's
    # worker comes from a Blob URL.
    early = re.compile(r'<!-- early-worker:.*?<!-- /early-worker -->\n?', re.S)
    if len(early.findall(page)) != 1:
        sys.exit('make-offline: index.html does not start its early worker the expected way')
    page = early.sub('', page)
    tmp = a.out + '.tmp'
    with open(tmp, 'w', encoding='utf-8') as f:
        f.write(page)
    os.replace(tmp, a.out)
    print(f'make-offline: {a.out} ({os.path.getsize(a.out) / 1048576:.1f} MB, archive {os.path.basename(archive)})')


if __name__ == '__main__':
    main()
