// textcodec: the archive's stored texts, plain or compressed (format 4). texts.text and
// texts.summary hold either TEXT (plain: the browser's importer, which has no compressor, and a
// value that compression would not shrink) or a BLOB that is one zstd frame of the UTF-8 text (the
// native builder). Readers never look at the column directly: the SQL function stn_text(value, id)
// gives the plain text of either (the documents and turns views use it, and so does archive.cpp),
// so turn spans, snippets and highlights count bytes of the decompressed text.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

struct sqlite3;

namespace stenogram {

// The largest text a frame may hold: the builder stores longer texts plain, and a reader refuses
// a frame that declares more (a crafted 20-byte frame must not allocate gigabytes). Equal to the
// importer's largest record (kMaxRecordBytes).
inline constexpr size_t kMaxCompressedTextBytes = size_t{64} << 20;

// The builder's compression level (zstd): measured in docs/archive-format.md ("Tables").
inline constexpr int kDefaultTextLevel = 3;

// Decompresses one zstd frame into *out (replaced). Refuses, with *error in words ("not a zstd
// frame", "truncated", "declares 3 GB, over the limit of 64 MB"), a frame without its content size,
// one whose content is over max_bytes, a damaged or truncated one, or one with trailing bytes.
// Never allocates more than max_bytes (plus zstd's own small context), never throws.
bool DecompressStoredText(std::string_view frame, size_t max_bytes, std::string* out, std::string* error);

// Registers stn_text(value, id) on db (RegisterTokenizer calls it, so every connection that reads
// or writes an archive has it): NULL → NULL, TEXT (and numbers) → itself, BLOB → its frame
// decompressed as TEXT, or the SQL error "document ID: its stored text is damaged (...)" with code
// SQLITE_CORRUPT (so the archive guard reports the archive as damaged).
// Deterministic and innocuous (the views use it with trusted_schema off).
bool RegisterStoredTextFunction(sqlite3* db, std::string* error);

// A compressor for the builder (ImportOptions::compress_text): true and *frame = one zstd frame of
// text at level when that is shorter than text itself and text is at most kMaxCompressedTextBytes;
// false (store it plain) otherwise. Defined in textcodec_compress.cpp, native builds only (the web
// builds carry no compressor).
using TextCompressor = bool (*)(std::string_view text, int level, std::string* frame);
bool CompressStoredText(std::string_view text, int level, std::string* frame);

}  // namespace stenogram
