// fuzz_import: libFuzzer target for the importer entry points. One source, several binaries: the
// format comes from STENOGRAM_FUZZ_FORMAT (json, jsonl, csv, tsv, text, dump). For "text" the
// input's first line is the path pattern and the second the file's relative path, the rest its text.
#include <sqlite3.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/import/import.h"
#include "core/archive/tokenizer.h"

#ifndef STENOGRAM_FUZZ_FORMAT
#error "define STENOGRAM_FUZZ_FORMAT"
#endif

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace stenogram;
  const std::string_view format = STENOGRAM_FUZZ_FORMAT;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  ImportOptions options;
  InputFile input;
  if (format == "text") {
    const size_t a = bytes.find('\n');
    const size_t b = a == std::string_view::npos ? a : bytes.find('\n', a + 1);
    if (b == std::string_view::npos) return 0;
    options.pattern = std::string(bytes.substr(0, a));
    input.relative_path = std::string(bytes.substr(a + 1, b - a - 1));
    bytes.remove_prefix(b + 1);
    input.name = input.relative_path.empty() ? "input.txt" : input.relative_path;
    options.format = InputFormat::Folder;
  } else {
    input.name = "input." + std::string(format == "dump" ? "txt" : format);
    ParseFormatName(std::string(format), &options.format);
  }
  input.bytes.assign(bytes.data(), bytes.size());
  options.vacuum = 0;
  options.built_at = "2024-01-01T00:00:00Z";
  sqlite3* db = nullptr;
  if (sqlite3_open(":memory:", &db) != SQLITE_OK) return 0;
  std::string error;
  RegisterTokenizer(db, &error);
  ImportReport report;
  ImportInputs(db, {input}, options, &report, &error);
  sqlite3_close(db);
  return 0;
}
