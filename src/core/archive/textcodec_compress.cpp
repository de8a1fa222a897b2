// textcodec_compress: the builder's side of the stored texts (see textcodec.h); native builds only.
#include <zstd.h>

#include <new>

#include "core/archive/textcodec.h"

namespace stenogram {

namespace {
// One compression context per thread (the builder compresses on its writing thread; tests on
// theirs): contexts are reused, so a document costs no allocation.
struct Context {
  ZSTD_CCtx* cctx = ZSTD_createCCtx();
  ~Context() { ZSTD_freeCCtx(cctx); }
};
}  // namespace

bool CompressStoredText(std::string_view text, int level, std::string* frame) {
  if (text.empty() || text.size() > kMaxCompressedTextBytes) return false;
  thread_local Context context;
  if (!context.cctx) return false;
  try {
    frame->resize(ZSTD_compressBound(text.size()));
  } catch (const std::bad_alloc&) {
    return false;  // stored plain
  }
  // ZSTD_compressCCtx writes the content size into the frame header (the reader checks it).
  const size_t n = ZSTD_compressCCtx(context.cctx, frame->data(), frame->size(), text.data(), text.size(), level);
  if (ZSTD_isError(n) || n >= text.size()) return false;
  frame->resize(n);
  return true;
}

}  // namespace stenogram
