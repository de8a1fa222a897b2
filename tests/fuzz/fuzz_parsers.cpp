// fuzz_parsers: libFuzzer target for the small parsers, one binary per STENOGRAM_FUZZ_PARSER:
// dates (ParseDate, FindDateInText), turns (ParseTurns, SpeakerKey), title (ParseTitle,
// FindKnownEntities, EntityKey), tokenizer (Tokenize, Matches), mapper (FieldMapper over a JSON
// object; the first line is a map spec such as "text=a+b").
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/text/dates.h"
#include "core/text/entities.h"
#include "core/import/import.h"
#include "core/import/records.h"
#include "core/archive/tokenizer.h"
#include "core/text/turns.h"

#ifndef STENOGRAM_FUZZ_PARSER
#error "define STENOGRAM_FUZZ_PARSER"
#endif

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace stenogram;
  const std::string_view which = STENOGRAM_FUZZ_PARSER;
  std::string text(reinterpret_cast<const char*>(data), size);
  if (which == "dates") {
    if (auto d = ParseDate(text)) {
      int y = 0, m = 0, day = 0;
      CivilFromDays(d->day, &y, &m, &day);
    }
    FindDateInText(text);
  } else if (which == "turns") {
    for (const ParsedTurn& t : ParseTurns(text)) SpeakerKey(t.speaker);
  } else if (which == "title") {
    ParseTitle(text);
    for (const FoundEntity& e : FindKnownEntities(text)) EntityKey(e.name);
  } else if (which == "tokenizer") {
    const auto tokens = Tokenize(text);
    for (size_t i = 1; i < tokens.size() && i < 64; ++i) Matches(tokens[i - 1], tokens[i], i % 2 == 0);
  } else if (which == "mapper") {
    const size_t nl = text.find('\n');
    if (nl == std::string::npos) return 0;
    std::vector<std::pair<std::string, std::string>> map;
    std::string error;
    ParseMapSpec(text.substr(0, nl), &map, &error);
    Json rec = Json::parse(text.begin() + static_cast<std::ptrdiff_t>(nl) + 1, text.end(), nullptr, false);
    if (rec.is_discarded() || !rec.is_object()) return 0;
    FieldMapper mapper(map);
    DocRecord doc;
    std::vector<MapIssue> issues;
    mapper.Map(rec, &doc, &issues);
    FieldMapper::FindGroupKey(rec);
  }
  return 0;
}
