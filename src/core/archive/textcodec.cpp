// textcodec: the archive's stored texts, plain or one zstd frame each (see textcodec.h).
#include "core/archive/textcodec.h"

#include <sqlite3.h>
#include <zstd.h>
#include <zstd_errors.h>

#include <algorithm>
#include <new>

namespace stenogram {

namespace {

std::string Megabytes(unsigned long long bytes) {
  if (bytes < (size_t{1} << 20)) return std::to_string(bytes) + " bytes";
  return std::to_string((bytes + (size_t{1} << 20) - 1) >> 20) + " MB";
}

// zstd's error in a few words (the web build strips zstd's own strings).
std::string ErrorWords(size_t code) {
  switch (ZSTD_getErrorCode(code)) {
    case ZSTD_error_prefix_unknown: return "not a zstd frame";
    case ZSTD_error_srcSize_wrong: return "truncated or with bytes after the frame";
    case ZSTD_error_dstSize_tooSmall: return "more content than its header declares";
    case ZSTD_error_checksum_wrong: return "checksum mismatch";
    case ZSTD_error_frameParameter_unsupported:
    case ZSTD_error_frameParameter_windowTooLarge: return "unsupported frame parameters";
    case ZSTD_error_memory_allocation: return "out of memory";
    default: return "damaged frame";
  }
}

// One decompression context per connection, and the connection's last decompressed BLOB: the turns
// view asks for the same document's text once per turn.
struct TextFunction {
  ZSTD_DCtx* dctx = nullptr;
  std::string frame, text;  // the cache: frame's text (empty frame: nothing cached)
  ~TextFunction() { ZSTD_freeDCtx(dctx); }
};
constexpr size_t kCachedTextBytes = size_t{4} << 20;  // larger texts are not kept between calls

void DestroyTextFunction(void* p) { delete static_cast<TextFunction*>(p); }

bool Decompress(ZSTD_DCtx* dctx, std::string_view frame, size_t max_bytes, std::string* out, std::string* error) {
  const unsigned long long declared = ZSTD_getFrameContentSize(frame.data(), frame.size());
  if (declared == ZSTD_CONTENTSIZE_ERROR) {
    static constexpr unsigned char kMagic[4] = {0x28, 0xB5, 0x2F, 0xFD};  // ZSTD_MAGICNUMBER, little-endian
    const bool magic = frame.size() >= 4 && std::equal(kMagic, kMagic + 4, reinterpret_cast<const unsigned char*>(frame.data()));
    *error = magic ? "damaged frame header" : "not a zstd frame";
    return false;
  }
  if (declared == ZSTD_CONTENTSIZE_UNKNOWN) {
    *error = "a frame without its content size";
    return false;
  }
  if (declared > max_bytes) {
    *error = "the frame declares " + Megabytes(declared) + ", over the limit of " + Megabytes(max_bytes);
    return false;
  }
  try {
    out->resize(static_cast<size_t>(declared));
  } catch (const std::bad_alloc&) {
    *error = "out of memory";
    return false;
  }
  // Bounded: zstd writes at most out->size() bytes, and a frame that holds more (or fewer, or a
  // second frame) is an error, not a larger allocation.
  const size_t n = ZSTD_decompressDCtx(dctx, out->data(), out->size(), frame.data(), frame.size());
  if (ZSTD_isError(n)) {
    *error = ErrorWords(n);
    out->clear();
    return false;
  }
  if (n != out->size()) {
    *error = "the frame holds " + std::to_string(n) + " bytes, not the " + std::to_string(out->size()) + " it declares";
    out->clear();
    return false;
  }
  return true;
}

// stn_text(value, id): see RegisterStoredTextFunction.
void StoredTextFunction(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  if (argc < 1 || sqlite3_value_type(argv[0]) != SQLITE_BLOB) {
    if (argc >= 1) sqlite3_result_value(ctx, argv[0]);  // NULL, plain TEXT (format 3, the browser's importer)
    return;
  }
  auto* f = static_cast<TextFunction*>(sqlite3_user_data(ctx));
  const void* data = sqlite3_value_blob(argv[0]);
  const std::string_view frame(static_cast<const char*>(data ? data : ""),
                               static_cast<size_t>(sqlite3_value_bytes(argv[0])));
  if (!f->frame.empty() && frame == f->frame) {
    sqlite3_result_text64(ctx, f->text.data(), f->text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    return;
  }
  if (!f->dctx) f->dctx = ZSTD_createDCtx();
  if (!f->dctx) {
    sqlite3_result_error_nomem(ctx);
    return;
  }
  // Also bounded by the connection's length limit (archive_guard: 256 MB): a longer value could not
  // be returned anyway.
  const int limit = sqlite3_limit(sqlite3_context_db_handle(ctx), SQLITE_LIMIT_LENGTH, -1);
  const size_t max_bytes = std::min(kMaxCompressedTextBytes, static_cast<size_t>(std::max(limit, 0)));
  std::string error;
  f->frame.clear();
  if (!Decompress(f->dctx, frame, max_bytes, &f->text, &error)) {
    const std::string id = argc >= 2 && sqlite3_value_type(argv[1]) != SQLITE_NULL
                               ? reinterpret_cast<const char*>(sqlite3_value_text(argv[1]))
                               : std::string("?");
    const std::string message = "document " + id + ": its stored text is damaged (" + error + ")";
    // SQLITE_CORRUPT: the archive guard turns it into "This archive is damaged (document 12: ...)".
    sqlite3_result_error(ctx, message.c_str(), -1);
    sqlite3_result_error_code(ctx, SQLITE_CORRUPT);
    std::string().swap(f->text);
    return;
  }
  sqlite3_result_text64(ctx, f->text.data(), f->text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  try {
    if (f->text.size() <= kCachedTextBytes) f->frame.assign(frame);
    else std::string().swap(f->text);
  } catch (const std::bad_alloc&) {
    f->frame.clear();
  }
}

}  // namespace

bool DecompressStoredText(std::string_view frame, size_t max_bytes, std::string* out, std::string* error) {
  ZSTD_DCtx* dctx = ZSTD_createDCtx();
  std::string why;
  const bool ok = dctx && Decompress(dctx, frame, max_bytes, out, &why);
  if (!dctx) why = "out of memory";
  ZSTD_freeDCtx(dctx);
  if (!ok && error) *error = why;
  return ok;
}

bool RegisterStoredTextFunction(sqlite3* db, std::string* error) {
  auto* f = new (std::nothrow) TextFunction;
  if (!f) {
    if (error) *error = "out of memory registering stn_text";
    return false;
  }
  // sqlite3_create_function_v2 calls the destructor itself when it fails.
  if (sqlite3_create_function_v2(db, "stn_text", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, f,
                                 StoredTextFunction, nullptr, nullptr, DestroyTextFunction) != SQLITE_OK) {
    if (error) *error = std::string("cannot register stn_text: ") + sqlite3_errmsg(db);
    return false;
  }
  return true;
}

}  // namespace stenogram
