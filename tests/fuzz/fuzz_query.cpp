// fuzz_query: libFuzzer target for the query parser: MatchExpression, then RunQuery, ResultRows,
// FacetCounts and HitRanges over a small archive built once from a few documents.
#include <sqlite3.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "core/archive/archive.h"
#include "core/import/import.h"
#include "core/import/import_image.h"
#include "core/view/query.h"

namespace {

std::unique_ptr<stenogram::Archive> MakeArchive() {
  using namespace stenogram;
  InputFile in;
  in.name = "fuzz.jsonl";
  in.bytes =
      R"({"id":"1","title":"Talks with Foreign Minister of Serbia, Moscow, 20 May 2013","date":"2013-05-20","text":"Sergey Lavrov: Good afternoon. Question: What about the negotiations in Minsk? Sergey Lavrov: We discussed co-operation.","tags":["Serbia","talks"]})"
      "\n"
      R"({"id":"2","title":"Интервью Сергея Лаврова","date":"2015-12-04","text":"Вопрос: Как идут переговоры? С.В.Лавров: Переговоры идут «мирно».","kind":"interview"})"
      "\n"
      R"({"id":"3","title":"Statement","date":"2020","text":"U.S. Lavrov's statement on the OSCE.","place":"Vienna"})"
      "\n";
  ImportOptions options;
  options.built_at = "2024-01-01T00:00:00Z";
  ImportReport report;
  std::string error;
  ArchiveImage image = ImportToImage({in}, options, &report, &error);
  if (!image.data) return nullptr;
  return Archive::OpenOwnedImage(image.data, image.size, "fuzz.sqlite", &error);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace stenogram;
  static std::unique_ptr<Archive> archive = MakeArchive();
  if (!archive) __builtin_trap();
  std::string text(reinterpret_cast<const char*>(data), size);
  MatchExpression(text);
  Query q;
  q.text = text;
  if (!text.empty() && text[0] == '@') q.speaker = "question";
  QueryResult r = RunQuery(*archive, q);
  if (r.error.empty()) {
    ResultRows(*archive, q, r.ids, 0, 10, &r.scores);
    FacetCounts(*archive, q, "kind", 10);
    FacetCounts(*archive, q, "tag", 10);
    MonthHistogram(*archive, q);
  }
  HitRanges("Sergey Lavrov: We discussed co-operation in Minsk. Переговоры идут.", MatchExpression(text));
  return 0;
}
