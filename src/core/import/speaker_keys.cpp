// speaker_keys: one speaker key per person across documents ("v.putin" joined to "vladimir putin").
#include "core/import/read_context.h"

#include <sqlite3.h>

#include <algorithm>
#include <unordered_map>

#include "core/text/turns.h"
#include "core/text/utf8_fold.h"

namespace stenogram::import_detail {

// ---- speaker keys across documents ----

// Within a document ParseTurns gives one speaker one key; across documents "V.Putin" in one and
// "Vladimir Putin" in another would be two speakers in the facet. Keys written with an initial
// ("v.putin", "в.в.путин") or as a surname alone ("lavrov") are joined to the one full key
// ("vladimir putin") that shares the surname (and initial) in the archive; left alone when there is
// none or more than one. Rewrites turns.speaker_key in the open transaction; a note lists the joins.
void JoinSpeakerKeys(sqlite3* db, ImportReport* report, size_t cap) {
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT p.key, count(*) FROM stage_turns s JOIN speakers p ON p.id = s.speaker_id WHERE p.key <> '' GROUP BY 1", -1, &st,
                         nullptr) != SQLITE_OK)
    return;
  struct Key {
    std::string key, surname, initial;
    int64_t turns = 0;
    bool full = false;  // "first last"
  };
  std::vector<Key> keys;
  while (sqlite3_step(st) == SQLITE_ROW) {
    Key k;
    k.key = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    k.turns = sqlite3_column_int64(st, 1);
    if (k.key == "question" || k.key == "answer" || k.key == "moderator" || k.key == "interviewer") continue;
    std::vector<std::string> words;
    for (size_t b = 0; b <= k.key.size();) {
      size_t e = k.key.find(' ', b);
      if (e == std::string::npos) e = k.key.size();
      if (e > b) words.push_back(k.key.substr(b, e - b));
      b = e + 1;
    }
    if (words.empty() || words.size() > 4) continue;
    std::string last = words.back();
    const size_t dot = last.find_last_of('.');
    if (dot != std::string::npos) {  // "v.putin", "с.в.лавров"
      if (words.size() != 1 || dot + 1 >= last.size()) continue;
      size_t j = 0;
      Utf8Decode(last, &j);
      k.initial = last.substr(0, j);
      k.surname = last.substr(dot + 1);
    } else if (words.size() == 1) {
      k.surname = last;
    } else {
      size_t j = 0;
      Utf8Decode(words.front(), &j);
      k.initial = words.front().substr(0, j);
      k.surname = last;
      k.full = words.front().find('.') == std::string::npos && words.size() == 2;
    }
    keys.push_back(std::move(k));
  }
  sqlite3_finalize(st);
  std::vector<std::pair<const Key*, const Key*>> joins;
  for (const Key& k : keys) {
    if (k.full) continue;
    const Key* target = nullptr;
    int matches = 0;
    for (const Key& f : keys) {
      if (!f.full || f.surname != k.surname || (!k.initial.empty() && f.initial != k.initial)) continue;
      target = &f;
      ++matches;
    }
    if (matches == 1) joins.emplace_back(&k, target);
  }
  if (joins.empty()) return;
  if (sqlite3_prepare_v2(db, "UPDATE speakers SET key = ?1 WHERE key = ?2", -1, &st, nullptr) != SQLITE_OK)
    return;
  std::string detail;
  int64_t turns = 0;
  for (const auto& [from, to] : joins) {
    sqlite3_reset(st);
    sqlite3_bind_text(st, 1, to->key.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, from->key.c_str(), -1, SQLITE_TRANSIENT);
    if (sqlite3_step(st) != SQLITE_DONE) break;
    turns += from->turns;
    if (detail.size() < 300) detail += (detail.empty() ? "" : ", ") + from->key + " → " + to->key;
  }
  sqlite3_finalize(st);
  Problem p;
  p.severity = Severity::Note;
  p.field = "speaker";
  p.reason = "speaker spellings joined";
  p.detail = std::to_string(turns) + " turns of " + std::to_string(joins.size()) +
             " speaker spelling(s) joined to the full name written elsewhere in the archive: " + detail;
  report->Add(std::move(p), cap);
}

}  // namespace stenogram::import_detail
