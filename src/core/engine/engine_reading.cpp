// engine_reading: the engine's side of the researcher's requests (reading_protocol.h): distinctive
// words of the results against the archive, keyword-in-context lines of a search, translations.
// Word counts read a spread sample of documents (kWordsSample) so a result set of any size costs
// the same; the archive's reference counts are kept per archive, the context lines per query.
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <unordered_map>

#include "core/engine/engine.h"
#include "core/engine/reading_protocol.h"
#include "core/archive/tokenizer.h"
#include "core/text/json.h"

namespace stenogram {

namespace {
constexpr size_t kWordsSample = 200;       // documents whose words are counted, per side
constexpr size_t kWordsBytes = 8192;       // of each document's text at most (cut at a space)
constexpr size_t kMaxContextDocs = 500;    // matching documents read for contexts (in result order)
constexpr size_t kMaxContextLines = 100000;
constexpr size_t kContextWidth = 60;       // characters of context each side
constexpr int64_t kMaxPage = 1000;         // lines per page at most
}  // namespace

struct Engine::ReadingCache {
  bool reference_ready = false;
  WordCounts reference;                    // a sample of the whole archive
  Query contexts_query;                    // the query contexts were collected for
  bool contexts_ready = false;
  std::vector<ContextLine> contexts;       // in document order
  int64_t contexts_docs = 0;
  std::string sorted_by;                   // the order of `sorted` ("" none)
  std::vector<ContextLine> sorted;
  // Translations: documents by source id and URL, read once (only when the archive has more than
  // one language: a one-language archive has no translations to find).
  bool ids_read = false;
  bool multilingual = false;
  std::unordered_map<std::string, std::vector<int64_t>> by_external_id, by_url;
};

namespace {

// At most kWordsBytes of text, cut at a space.
std::string Cut(std::string text) {
  if (text.size() <= kWordsBytes) return text;
  size_t at = text.rfind(' ', kWordsBytes);
  text.resize(at == std::string::npos || at < kWordsBytes / 2 ? kWordsBytes : at);
  while (!text.empty() && (static_cast<unsigned char>(text.back()) & 0xC0) == 0x80) text.pop_back();  // whole characters
  if (!text.empty() && static_cast<unsigned char>(text.back()) >= 0xC0) text.pop_back();
  return text;
}

// The words of the documents a query is about: the speaker's turns when the query is limited to
// one, else the title and the text (read without the turns and entities the reader needs).
void CountSample(const Archive& archive, const std::vector<int64_t>& ids, const std::string& speaker,
                 WordCounts* counts) {
  std::vector<std::string> texts;
  texts.reserve(ids.size());
  sqlite3_stmt* s = nullptr;
  if (speaker.empty() &&
      sqlite3_prepare_v2(archive.Db(), "SELECT title, text FROM documents WHERE id = ?1", -1, &s, nullptr) == SQLITE_OK) {
    for (int64_t id : ids) {
      sqlite3_reset(s);
      sqlite3_bind_int64(s, 1, id);
      if (sqlite3_step(s) != SQLITE_ROW) continue;
      const auto* title = sqlite3_column_text(s, 0);
      const auto* text = sqlite3_column_text(s, 1);
      texts.push_back(Cut(std::string(title ? reinterpret_cast<const char*>(title) : "") + "\n\n" +
                          (text ? reinterpret_cast<const char*>(text) : "")));
    }
    sqlite3_finalize(s);
  } else {
    sqlite3_finalize(s);
    for (int64_t id : ids) {
      auto d = archive.ReadDocument(id);
      if (!d) continue;
      std::string out;
      for (const Turn& t : d->turns)
        if (speaker.empty() || t.speaker_key == speaker) out += t.text + "\n\n";
      texts.push_back(Cut(speaker.empty() ? d->title + "\n\n" + d->text : out));
    }
  }
  CountWords(texts, counts);
}

std::unordered_set<std::string> QueryStems(const std::string& text) {
  std::unordered_set<std::string> out;
  for (const Token& t : Tokenize(text)) {
    out.insert(t.term);
    out.insert(t.folded);
  }
  return out;
}

std::vector<ContextLine> CollectContexts(const Archive& archive, const Query& q, const std::vector<int64_t>& ids,
                                         int64_t* docs_read) {
  std::vector<ContextLine> lines;
  *docs_read = 0;
  for (size_t k = 0; k < ids.size() && k < kMaxContextDocs && lines.size() < kMaxContextLines; ++k) {
    auto d = archive.ReadDocument(ids[k]);
    ++*docs_read;
    if (!d) continue;
    ContextLine proto;
    proto.doc = d->id;
    proto.order = static_cast<int64_t>(k);
    proto.date = d->date;
    proto.title = d->title;
    int hit = 0;
    // The reader's parts: the turns (a speaker-limited search hits only that speaker's), else the text.
    if (d->turns.empty()) {
      const auto hits = HitRanges(d->text, q.text);
      AppendContexts(d->text, hits, kContextWidth, proto, hit, &lines);
      continue;
    }
    for (size_t t = 0; t < d->turns.size(); ++t) {
      const Turn& turn = d->turns[t];
      if (!q.speaker.empty() && turn.speaker_key != q.speaker) continue;
      const auto hits = HitRanges(turn.text, q.text);
      if (hits.empty()) continue;
      proto.turn = static_cast<int>(t);
      proto.speaker = turn.speaker;
      AppendContexts(turn.text, hits, kContextWidth, proto, hit, &lines);
      hit += static_cast<int>(hits.size());
    }
  }
  return lines;
}

// Ids named by a translations field: a string (one, or several split on , ; | and spaces), a
// number, or an array of those; URLs count too.
void TranslationNames(const JsonValue& v, std::vector<std::string>* out) {
  if (v.IsArray()) {
    for (const JsonValue& x : v.Items()) TranslationNames(x, out);
  } else if (v.IsInt()) {
    out->push_back(std::to_string(v.Int()));
  } else if (v.IsString()) {
    std::string cur;
    for (char c : v.Str() + " ") {
      if (c == ',' || c == ';' || c == '|' || c == ' ' || c == '\n' || c == '\t') {
        if (!cur.empty()) out->push_back(cur);
        cur.clear();
      } else {
        cur += c;
      }
    }
  }
}

// Whether the archive's documents are in more than one language (stats 'languages', no scan).
bool Multilingual(sqlite3* db) {
  sqlite3_stmt* s = nullptr;
  bool many = false;
  if (sqlite3_prepare_v2(db, "SELECT value FROM stats WHERE key = 'languages'", -1, &s, nullptr) == SQLITE_OK &&
      sqlite3_step(s) == SQLITE_ROW) {
    const auto* v = sqlite3_column_text(s, 0);
    const JsonValue langs = JsonValue::Parse(v ? reinterpret_cast<const char*>(v) : "");
    many = langs.IsObject() && langs.Size() > 1;
  }
  sqlite3_finalize(s);
  return many;
}

void ReadIds(sqlite3* db, std::unordered_map<std::string, std::vector<int64_t>>* by_external_id,
             std::unordered_map<std::string, std::vector<int64_t>>* by_url) {
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT id, external_id, url FROM documents WHERE external_id IS NOT NULL OR url IS NOT NULL",
                         -1, &s, nullptr) == SQLITE_OK) {
    while (sqlite3_step(s) == SQLITE_ROW) {
      const int64_t id = sqlite3_column_int64(s, 0);
      if (const auto* e = sqlite3_column_text(s, 1)) (*by_external_id)[reinterpret_cast<const char*>(e)].push_back(id);
      if (const auto* u = sqlite3_column_text(s, 2)) (*by_url)[reinterpret_cast<const char*>(u)].push_back(id);
    }
  }
  sqlite3_finalize(s);
}

std::vector<TranslationRef> FindTranslations(const Archive& archive, int64_t id,
                                             const std::unordered_map<std::string, std::vector<int64_t>>& by_external_id,
                                             const std::unordered_map<std::string, std::vector<int64_t>>& by_url) {
  std::vector<TranslationRef> out;
  auto d = archive.ReadDocument(id);
  if (!d) return out;
  std::vector<int64_t> candidates;
  auto take = [&](const std::unordered_map<std::string, std::vector<int64_t>>& map, const std::string& key) {
    const auto it = map.find(key);
    if (it != map.end()) candidates.insert(candidates.end(), it->second.begin(), it->second.end());
  };
  if (!d->external_id.empty()) take(by_external_id, d->external_id);
  if (!d->extra.empty()) {
    const JsonValue extra = JsonValue::Parse(d->extra);
    std::vector<std::string> names;
    for (const char* key : {"translations", "translation", "translation_id", "translation_url"})
      if (const JsonValue* v = extra.Find(key)) TranslationNames(*v, &names);
    for (const std::string& n : names) {
      take(by_external_id, n);
      take(by_url, n);
    }
  }
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(archive.Db(), "SELECT coalesce(language,''), title FROM documents WHERE id = ?1", -1, &s,
                         nullptr) != SQLITE_OK) {
    sqlite3_finalize(s);
    return out;
  }
  for (int64_t c : candidates) {
    if (c == id) continue;
    sqlite3_reset(s);
    sqlite3_bind_int64(s, 1, c);
    if (sqlite3_step(s) != SQLITE_ROW) continue;
    TranslationRef t;
    t.id = c;
    t.language = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
    const auto* title = sqlite3_column_text(s, 1);
    t.title = title ? reinterpret_cast<const char*>(title) : "";
    if (!d->language.empty() && t.language == d->language) continue;  // a duplicate, not a translation
    out.push_back(std::move(t));
  }
  sqlite3_finalize(s);
  return out;
}

}  // namespace

std::string Engine::ServeReading(RequestKind kind, wire::Reader& r) {
  const std::string malformed = "malformed request";
  if (!reading_) reading_ = std::make_shared<ReadingCache>();
  ReadingCache& cache = *reading_;
  switch (kind) {
    case RequestKind::Words: {
      WordsRequest x;
      if (!Get(r, &x)) return EncodeFailure(malformed);
      const auto start = std::chrono::steady_clock::now();
      WordsAnswer a;
      const QueryResult res = Result(x.query);  // a copy: Result() below may drop it from the cache
      a.error = res.error;
      a.matched = res.total;
      if (a.error.empty() && !res.ids.empty()) {
        const std::vector<int64_t> sample = SampleIds(res.ids, kWordsSample);
        WordCounts target;
        CountSample(*archive_, sample, x.query.speaker, &target);
        a.sampled = target.docs;
        const bool whole = res.total >= archive_->Info().doc_count && x.query.speaker.empty();
        if (!whole && !cache.reference_ready) {
          CountSample(*archive_, SampleIds(Result(Query{}).ids, kWordsSample), "", &cache.reference);
          cache.reference_ready = true;
        }
        a.against_archive = !whole;
        const int64_t min_docs = target.docs >= 20 ? 2 : 1;
        a.words = KeyWords(target, whole ? nullptr : &cache.reference, static_cast<size_t>(std::max<int64_t>(x.limit, 0)),
                           min_docs, QueryStems(x.query.text));
      }
      a.ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
      return EncodeAnswer(a);
    }
    case RequestKind::Contexts: {
      ContextsRequest x;
      if (!Get(r, &x)) return EncodeFailure(malformed);
      ContextSort sort = ContextSort::Document;
      if (!ParseContextSort(x.sort, &sort)) return EncodeFailure("unknown contexts order '" + x.sort + "'");
      ContextsAnswer a;
      if (MatchExpression(x.query.text).empty()) {
        a.error = "Type a search to see each of its occurrences in context.";
        return EncodeAnswer(a);
      }
      const QueryResult& res = Result(x.query);
      a.error = res.error;
      a.docs_total = res.total;
      if (!a.error.empty()) return EncodeAnswer(a);
      if (!cache.contexts_ready || !(cache.contexts_query == x.query)) {
        cache.contexts = CollectContexts(*archive_, x.query, res.ids, &cache.contexts_docs);
        cache.contexts_query = x.query;
        cache.contexts_ready = true;
        cache.sorted_by.clear();
      }
      if (cache.sorted_by != x.sort) {
        cache.sorted = cache.contexts;
        SortContexts(&cache.sorted, sort);
        cache.sorted_by = x.sort;
      }
      a.total = static_cast<int64_t>(cache.sorted.size());
      a.docs_scanned = cache.contexts_docs;
      a.offset = std::clamp<int64_t>(x.offset, 0, a.total);
      const int64_t end = std::min<int64_t>(a.total, a.offset + std::clamp<int64_t>(x.limit, 0, kMaxPage));
      a.lines.assign(cache.sorted.begin() + a.offset, cache.sorted.begin() + end);
      if (x.csv) a.csv = ContextsCsv(cache.sorted);
      return EncodeAnswer(a);
    }
    case RequestKind::Translations: {
      TranslationsRequest x;
      if (!Get(r, &x)) return EncodeFailure(malformed);
      TranslationsAnswer a;
      if (!cache.ids_read) {
        cache.multilingual = Multilingual(archive_->Db());
        if (cache.multilingual) ReadIds(archive_->Db(), &cache.by_external_id, &cache.by_url);
        cache.ids_read = true;
      }
      if (cache.multilingual) a.translations = FindTranslations(*archive_, x.id, cache.by_external_id, cache.by_url);
      return EncodeAnswer(a);
    }
    default: break;
  }
  return EncodeFailure("unknown request kind " + std::to_string(static_cast<int>(kind)));
}

}  // namespace stenogram
