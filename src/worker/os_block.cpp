// sqlite3_os_init and sqlite3_os_end of engine.wasm's SQLite (sqlite3_read, built with
// SQLITE_OS_OTHER: no os_unix.c). The hosted engine opens archives only through the block cache
// (core/archive/blockvfs), so that VFS is the only one and the default; in-memory databases (the
// archive guard's reference schema, the tokenizer's) need no file at all. Measured 2026-12-03:
// engine.wasm loses os_unix.c (345.1 -> 339.7 KB brotli) and engine.js its 26 file-system syscall
// stubs (5.0 -> 4.3 KB).
#include <sqlite3.h>

#include "core/archive/blockvfs.h"

extern "C" int sqlite3_os_init(void) { return stenogram::RegisterBlockVfsAsDefault(); }
extern "C" int sqlite3_os_end(void) { return SQLITE_OK; }
