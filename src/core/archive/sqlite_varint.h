// sqlite_varint: SQLite's own variable-length integer (b-tree cells, record headers, FTS5's
// docsize rows), read by the read planner and by the builder's copy of the index's sizes.
#pragma once
#include <cstddef>
#include <cstdint>

namespace stenogram {

// SQLite's varint at p (at most end): 1–9 bytes, big-endian, 7 bits a byte (the 9th: 8). Returns the
// bytes used, 0 when it runs past end.
inline size_t SqliteVarint(const unsigned char* p, const unsigned char* end, uint64_t* v) {
  uint64_t x = 0;
  for (size_t i = 0; i < 9; ++i) {
    if (p + i >= end) return 0;
    if (i == 8) {
      *v = (x << 8) | p[i];
      return 9;
    }
    x = (x << 7) | (p[i] & 0x7f);
    if (!(p[i] & 0x80)) {
      *v = x;
      return i + 1;
    }
  }
  return 0;
}

}  // namespace stenogram
