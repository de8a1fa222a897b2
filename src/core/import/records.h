// records: the importer's middle layer. A source record (a JSON object, a CSV row, a text file)
// becomes a DocRecord through field mapping (field_mapper.cpp). Trim and IsSentinel come with it
// (text/strings.h); UTF-8 repair, language and hashtags are in text/, junk files in import/junk.h.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/text/dates.h"
#include "core/text/entities.h"
#include "core/text/strings.h"

namespace stenogram {

using Json = nlohmann::ordered_json;  // keeps the source's field order (extra, "text=a_*" order)

struct DocTurn {
  std::string speaker;      // "" = no speaker
  std::string speaker_key;
  std::string text;
};

// An entity linked to a document, before merging: role is "tag", "mention", "counterpart", "place".
struct DocLink {
  EntityKind kind = EntityKind::Tag;
  std::string name;
  const char* role = "mention";
};

// One document as the writer takes it.
struct DocRecord {
  std::string external_id, title, kind, section, place, language, url, summary, text;
  std::optional<ParsedDate> date;
  std::string date_source;  // the field the date came from ("date", "title", ...), "" if none
  std::vector<std::string> tags, persons, countries, organisations, places, counterparts;
  std::vector<std::string> speakers;  // from speaker/sender fields: turn speakers when grouping, else persons
  int meeting = -1;                   // from a "meeting" field: 1 yes, 0 no, -1 not said
  std::vector<DocTurn> turns;  // given by the source (grouped records); empty = parse from text
  bool turns_given = false;
  Json extra = Json::object();  // source fields the mapping did not use
  // Filled by enrichment (import.cpp) before writing.
  std::vector<DocLink> links;
  bool is_meeting = false;
  // Provenance, for problems.
  std::string file;
  int64_t line = 0, record = 0;
};

// The document fields a source field can map to.
enum class Field {
  Id, Title, Date, DatePrecision, Text, Url, Place, Tags, Speaker, Persons, Countries, Organisations,
  Counterparts, Kind, Section, Language, Summary, Places, Meeting, Count
};
const char* FieldName(Field f);
std::optional<Field> FieldFromName(std::string_view name);

// Splits a list value written in one string: a JSON array text, or items separated by ';', '|' or
// (when neither occurs) ','. Items are trimmed; sentinels dropped.
std::vector<std::string> SplitList(std::string_view s);

struct MapIssue {
  std::string field;
  std::string reason;
  std::string detail;
  bool warning = true;
  bool once = false;  // a decision about the file's columns: reported for its first record only
};

// Maps source records to DocRecords by field name (case-insensitive aliases) and user overrides.
class FieldMapper {
 public:
  // overrides: {"text", "a+b+c"}, {"text", "article_*"}, {"tags", ""} (disable). Field names must be
  // valid (see FieldFromName); unknown names are ignored.
  explicit FieldMapper(const std::vector<std::pair<std::string, std::string>>& overrides);

  // Fills *out (which carries provenance already) from rec, a JSON object. Unused fields go to
  // out->extra. Issues are appended to *issues.
  void Map(const Json& rec, DocRecord* out, std::vector<MapIssue>* issues) const;

  // The source field that the automatic aliases would use as a group key ("conversationId", ...)
  // in rec, or "" if none.
  static std::string FindGroupKey(const Json& rec);

 private:
  struct Override {
    bool set = false;
    std::vector<std::string> sources;  // lower-case names or patterns with '*'
  };
  Override overrides_[static_cast<int>(Field::Count)];
};

// Text of a scalar JSON value ("" for null/sentinels; numbers as written; arrays joined by "; ").
std::string ValueText(const Json& v);

}  // namespace stenogram
