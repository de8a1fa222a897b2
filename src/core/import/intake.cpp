// intake: records into documents for every reader: one record mapped (or rejected), turn records
// grouped into conversations, and finished documents handed to the writer.
#include "core/import/read_context.h"

#include <algorithm>

#include "core/import/input_limits.h"
#include "core/text/turns.h"
#include "core/text/utf8_fold.h"
#include "core/import/writer.h"

namespace stenogram::import_detail {

std::string JsonTypeName(const Json& j) { return j.type_name(); }

// Documents can go to the writer as they come unless the file may still turn out to carry
// placeholder dates (every record so far dated, all alike) or is being grouped.
void MaybeFlush(FileContext& c) {
  if (c.docs.size() >= 256 && c.group_key.empty() && (c.dates_differ || c.dated_records < c.records)) FlushDocs(c);
}

// Maps one record to a document and queues it (or rejects it when it has nothing to show).
void MapOne(FileContext& c, const Json& rec, int64_t line, int64_t record) {
  DocRecord doc;
  doc.file = c.input.name;
  doc.line = line + c.line_base;
  doc.record = record + c.record_base;
  std::vector<MapIssue> issues;
  c.mapper.Map(rec, &doc, &issues);
  for (MapIssue& i : issues) {
    if (i.once && !c.reported_once.insert(i.reason).second) continue;
    c.Report(i.warning ? Severity::Warning : Severity::Note, line, record, i.field, i.reason, i.detail);
  }
  c.SawDate(doc);
  c.SawColumns(doc);
  if (doc.title.empty() && doc.text.empty() && doc.summary.empty()) {
    std::string fields;
    for (const auto& [key, value] : rec.items()) fields += (fields.empty() ? "" : ", ") + key;
    c.Reject(line, record, "", "empty record",
             "no title, text or summary" + (fields.empty() ? std::string() : " among fields: " + fields));
    return;
  }
  c.docs.push_back(std::move(doc));
  MaybeFlush(c);
}

namespace {

std::string FindKeyCaseInsensitive(const Json& rec, const std::string& wanted) {
  const std::string w = Utf8Lower(wanted);
  for (const auto& [key, value] : rec.items())
    if (Utf8Lower(key) == w) return key;
  return "";
}

}  // namespace

// Takes one source record: grouped by the group key, or mapped straight away.
void TakeRecord(FileContext& c, Json&& rec, int64_t line, int64_t record) {
  ++c.report->read;
  ++c.records;
  if (!rec.is_object()) {
    c.Reject(line, record, "", "not an object",
             "a " + JsonTypeName(rec) + " where a record (JSON object) was expected");
    return;
  }
  if (const size_t bytes = RecordBytes(rec); bytes > kMaxRecordBytes) {
    c.Reject(line, record, "", "record too large",
             "over " + std::to_string(bytes >> 20) + " MB of text; at most " + std::to_string(kMaxRecordBytes >> 20) +
                 " MB per record");
    return;
  }
  if (!c.group_decided) {
    c.group_decided = true;
    const std::string& g = c.options.group_by;
    if (g == "none") {
      c.group_key.clear();
    } else if (!g.empty()) {
      c.group_key = FindKeyCaseInsensitive(rec, g);
      if (c.group_key.empty())
        c.Report(Severity::Warning, line, record, g, "group key not found",
                 "the first record has no field '" + g + "'; records are not grouped");
    } else {
      c.group_key = FieldMapper::FindGroupKey(rec);
    }
  }
  if (!c.group_key.empty()) {
    auto it = rec.find(c.group_key);
    const std::string key = it == rec.end() ? std::string() : Trim(ValueText(*it));
    if (!IsSentinel(key)) {
      auto& list = c.groups[key];
      if (list.empty()) c.group_order.push_back(key);
      list.push_back({std::move(rec), line, record});
      return;
    }
  }
  MapOne(c, rec, line, record);
}

namespace {

// ---- [SECTION] grouping turn records into documents ----

// "cnn.com", "abcnews.go.com": a host name, not a person.
bool IsWebDomain(const std::string& s) {
  const size_t dot = s.rfind('.');
  if (s.empty() || dot == std::string::npos || dot == 0 || s.size() - dot < 3 || s.size() - dot > 7) return false;
  for (char ch : s)
    if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '.' || ch == '-')) return false;
  for (size_t i = dot + 1; i < s.size(); ++i)
    if (s[i] < 'a' || s[i] > 'z') return false;
  return true;
}

}  // namespace

void FlushGroups(FileContext& c) {
  std::set<std::string> outlets;  // speakers that are web sites
  for (const std::string& key : c.group_order) {
    std::vector<PendingRecord>& recs = c.groups[key];
    if (recs.size() == 1) {
      // A group of one is an ordinary record.
      MapOne(c, recs.front().rec, recs.front().line, recs.front().record);
      continue;
    }
    DocRecord doc;
    doc.file = c.input.name;
    doc.line = recs.front().line + c.line_base;
    doc.record = recs.front().record + c.record_base;
    doc.external_id = key;
    doc.turns_given = true;
    std::vector<std::string> speakers;
    std::vector<std::pair<std::string, std::vector<Json>>> extras;  // field → per-turn values
    for (size_t t = 0; t < recs.size(); ++t) {
      DocRecord part;
      std::vector<MapIssue> issues;
      c.mapper.Map(recs[t].rec, &part, &issues);
      for (MapIssue& i : issues) {
        if (i.once && !c.reported_once.insert(i.reason).second) continue;
        c.Report(i.warning ? Severity::Warning : Severity::Note, recs[t].line, recs[t].record, i.field, i.reason,
                 i.detail);
      }
      part.extra.erase(c.group_key);
      c.SawDate(part);
      if (t > 0) ++c.report->grouped;
      DocTurn turn;
      turn.speaker = part.speakers.empty() ? std::string() : part.speakers.front();
      turn.speaker_key = turn.speaker.empty() ? std::string() : SpeakerKey(turn.speaker);
      if (!turn.speaker.empty() && std::find(speakers.begin(), speakers.end(), turn.speaker) == speakers.end())
        speakers.push_back(turn.speaker);  // as written, for the title
      if (IsWebDomain(turn.speaker)) {
        // The interviews corpus names the interviewer by the outlet's site: "cnn.com".
        outlets.insert(turn.speaker);
        turn.speaker = "Interviewer (" + turn.speaker + ")";
        turn.speaker_key = "interviewer";
      }
      turn.text = part.text;
      doc.turns.push_back(std::move(turn));
      auto fill = [](std::string* a, const std::string& b) {
        if (a->empty()) *a = b;
      };
      fill(&doc.title, part.title);
      fill(&doc.kind, part.kind);
      fill(&doc.section, part.section);
      fill(&doc.place, part.place);
      fill(&doc.language, part.language);
      fill(&doc.url, part.url);
      fill(&doc.summary, part.summary);
      if (!doc.date && part.date) {
        doc.date = part.date;
        doc.date_source = part.date_source;
      }
      auto merge = [](std::vector<std::string>* a, const std::vector<std::string>& b) {
        for (const auto& s : b)
          if (std::find(a->begin(), a->end(), s) == a->end()) a->push_back(s);
      };
      merge(&doc.tags, part.tags);
      merge(&doc.persons, part.persons);
      merge(&doc.countries, part.countries);
      merge(&doc.organisations, part.organisations);
      merge(&doc.places, part.places);
      merge(&doc.counterparts, part.counterparts);
      if (!part.external_id.empty()) part.extra["id"] = part.external_id;
      for (const auto& item : part.extra.items()) {
        const std::string& field = item.key();
        auto it = std::find_if(extras.begin(), extras.end(), [&](const auto& e) { return e.first == field; });
        if (it == extras.end()) {
          extras.emplace_back(field, std::vector<Json>(recs.size()));
          it = extras.end() - 1;
        }
        it->second[t] = item.value();
      }
    }
    // Extra: a field with one value across the turns is kept once, others as a per-turn array.
    for (auto& [field, values] : extras) {
      bool same = true;
      for (const Json& v : values) same = same && v == values.front();
      if (same) {
        doc.extra[field] = values.front();
      } else {
        Json arr = Json::array();
        for (Json& v : values) arr.push_back(std::move(v));
        doc.extra[field] = std::move(arr);
      }
    }
    for (const DocTurn& t : doc.turns) {
      if (t.text.empty()) continue;
      if (!doc.text.empty()) doc.text += "\n\n";
      if (!t.speaker.empty()) doc.text += t.speaker + ": ";
      doc.text += t.text;
    }
    if (doc.title.empty()) {
      std::string names;
      for (const auto& s : speakers) names += (names.empty() ? "" : ", ") + s;
      doc.title = names.empty() ? "Conversation " + key : names;
      doc.extra["title_source"] = "speakers";
    }
    c.docs.push_back(std::move(doc));
  }
  if (!outlets.empty()) {
    std::string names;
    for (const auto& o : outlets) names += (names.empty() ? "" : ", ") + o;
    c.Report(Severity::Note, 0, 0, "speaker", "outlet as speaker",
             "speakers named by a web site (" + names +
                 ") are the interviewers: turns \"Interviewer (site)\", one speaker key 'interviewer'");
  }
  if (!c.group_order.empty() && c.docs.size() < static_cast<size_t>(c.records))
    c.Report(Severity::Note, 0, 0, c.group_key, "records grouped",
             std::to_string(c.records) + " records grouped by '" + c.group_key + "' into " +
                 std::to_string(c.group_order.size()) + " documents with one turn per record");
  c.groups.clear();
  c.group_order.clear();
}

void FlushDocs(FileContext& c) {
  if (c.failed) {
    c.docs.clear();
    return;
  }
  LearnBoilerplate(c);
  for (DocRecord& d : c.docs) CutBoilerplate(c, &d);
  for (DocRecord& d : c.docs) {
    Enrich(c, &d);
    if (d.text.empty()) ++c.no_text;
    ++c.made;
    if (!c.writer->Add(std::move(d), c.error)) {
      c.failed = true;
      break;
    }
  }
  c.docs.clear();
}

}  // namespace stenogram::import_detail
