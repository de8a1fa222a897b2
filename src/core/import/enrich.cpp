// enrich: placeholder dates dropped, documents enriched before writing (dates, titles, entities,
// meetings, turns, language), and --map suggestions for columns left in extra.
#include "core/import/read_context.h"

#include <algorithm>

#include "core/text/dates.h"
#include "core/text/entities.h"
#include "core/text/turns.h"
#include "core/text/utf8_fold.h"
#include "core/text/language.h"

namespace stenogram::import_detail {

// ---- [SECTION] placeholder dates and enrichment ----

// When five or more documents of a file all carry the very same timestamp from a field, it is a
// placeholder (the interviews corpus: every timestamp is 2020-01-01T01:00): drop it, keep it in extra.
void DropPlaceholderDates(FileContext& c) {
  if (c.dates_differ || c.dated_records < 5 || c.dated_records < c.records) return;
  std::string field;
  for (DocRecord& d : c.docs) {
    if (!d.date || d.date_source.empty() || d.date_source == "title" || d.date_source == "path") continue;
    if (field.empty()) field = d.date_source;
    d.extra[d.date_source] = d.date->iso;
    d.date.reset();
    d.date_source.clear();
  }
  c.Report(Severity::Note, 0, 0, field, "placeholder date",
           "all " + std::to_string(c.dated_records) + " records share " + c.first_date +
               "; treated as a placeholder, dates left empty (kept in extra)");
}

// Fills title, kind, place, date, language, entities, meetings and turns from what the record
// says and what its title and text reveal.
void Enrich(FileContext& c, DocRecord* doc) {
  if (doc->title.empty()) {
    doc->title = TitleFromText(doc->text.empty() ? doc->summary : doc->text);
    doc->extra["title_source"] = "first sentence";
  }
  if (doc->title.size() > 1000) {
    doc->extra["title_full"] = doc->title;
    doc->title = std::string(Utf8Prefix(doc->title, 1000)) + "…";
    c.Report(Severity::Warning, doc->line, doc->record, "title", "title too long",
             "cut to 1000 bytes; the full title is kept in extra.title_full");
  }
  const std::string title_head(Utf8Prefix(doc->title, 600));
  const MeetingInfo mi = ParseTitle(title_head);
  if (doc->kind.empty() && !mi.kind.empty()) doc->kind = mi.kind;
  if (doc->place.empty() && !mi.place.empty()) doc->place = mi.place;
  if (!doc->date && mi.date) {
    doc->date = mi.date;
    doc->date_source = "title";
  }
  if (!doc->date) {
    if (auto d = FindDateInText(title_head)) {
      doc->date = d->date;
      doc->date_source = "title";
    }
  }
  if (doc->language.empty()) {
    std::string sample = doc->title;
    sample += '\n';
    sample += Utf8Prefix(doc->text, 4000);
    doc->language = DetectLanguage(sample);
  }
  // Entities: structured fields first, then what the title and the start of the text name.
  auto link = [&](EntityKind kind, const std::string& name, const char* role) {
    if (!name.empty()) doc->links.push_back({kind, name, role});
  };
  for (const auto& s : doc->tags) link(EntityKind::Tag, s, "tag");
  for (const auto& s : doc->persons) link(EntityKind::Person, s, "mention");
  if (!doc->turns_given)
    for (const auto& s : doc->speakers) link(EntityKind::Person, s, "mention");
  for (const auto& s : doc->countries) link(EntityKind::Country, s, "mention");
  for (const auto& s : doc->organisations) link(EntityKind::Organisation, s, "mention");
  for (const auto& s : doc->places) link(EntityKind::Place, s, "place");
  if (!doc->place.empty() && std::find(doc->places.begin(), doc->places.end(), doc->place) == doc->places.end())
    link(EntityKind::Place, doc->place, "place");
  for (const auto& s : doc->counterparts) {
    // A structured counterpart is a country or organisation when we know its name, else a person.
    const auto known = FindKnownEntities(s);
    EntityKind kind = EntityKind::Person;
    if (known.size() == 1 && EntityKey(known.front().name) == EntityKey(s)) kind = known.front().kind;
    link(kind, s, "counterpart");
  }
  for (const auto& e : mi.counterparts) link(e.kind, e.name, "counterpart");
  std::string scan = title_head;
  scan += '\n';
  scan += Utf8Prefix(doc->text, 4000);
  for (const auto& e : FindKnownEntities(scan)) link(e.kind, e.name, "mention");
  doc->is_meeting = doc->meeting >= 0 ? doc->meeting == 1 : (mi.is_meeting || !doc->counterparts.empty());
  if (!doc->turns_given) {
    std::vector<std::string> known = doc->speakers;
    known.insert(known.end(), doc->persons.begin(), doc->persons.end());
    for (ParsedTurn& t : ParseTurns(doc->text, known)) {
      DocTurn turn;
      turn.speaker = std::move(t.speaker);
      turn.speaker_key = std::move(t.speaker_key);
      turn.text = std::move(t.text);
      doc->turns.push_back(std::move(turn));
    }
  }
}

// "; candidates by text held: summary (12,340 chars), notes (800 chars); try --map text=summary"
// for a field the file's documents lack, naming the columns left in extra (dates: by values that
// read as dates; title: short texts). "" when no column is a candidate.
std::string SuggestMap(const FileContext& c, const std::string& field) {
  std::vector<std::pair<std::string, FileContext::ColumnStat>> cands;
  for (const auto& col : c.columns) {
    if (col.first == "title_source" || col.first == "source_path") continue;
    if (field == "date" && col.second.dates * 2 < col.second.values) continue;
    if (field != "date" && col.second.dates * 2 >= col.second.values) continue;
    if (field != "date" && col.second.prose * 2 < col.second.values) continue;  // ids, codes, links
    if (field == "title" && (col.second.values == 0 || col.second.chars / col.second.values > 300)) continue;
    if (col.second.chars == 0) continue;
    cands.push_back(col);
  }
  if (cands.empty()) return field == "text" ? "; no other column holds running text" : "";
  std::stable_sort(cands.begin(), cands.end(), [&](const auto& a, const auto& b) {
    return field == "date" ? a.second.dates > b.second.dates : a.second.chars > b.second.chars;
  });
  if (cands.size() > 4) cands.resize(4);
  std::string out = field == "date" ? "; candidates by values that read as dates: " : "; candidates by text held: ";
  for (size_t k = 0; k < cands.size(); ++k) {
    if (k) out += ", ";
    out += cands[k].first + " (" +
           (field == "date" ? std::to_string(cands[k].second.dates) + " dates"
                            : std::to_string(cands[k].second.chars) + " chars") +
           ")";
  }
  std::string spec = cands[0].first;
  if (field == "text") {
    // A numbered family left in extra: suggest the pattern.
    std::string stem = spec;
    while (!stem.empty() && stem.back() >= '0' && stem.back() <= '9') stem.pop_back();
    if (stem.size() < spec.size() && !stem.empty()) {
      int members = 0;
      for (const auto& col : c.columns) members += col.first.rfind(stem, 0) == 0 ? 1 : 0;
      if (members >= 2) spec = stem + "*";
    }
  }
  return out + "; try --map " + field + "=" + spec;
}

}  // namespace stenogram::import_detail
