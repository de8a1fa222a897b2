// engine: serving the viewer's requests from an archive (see engine.h).
#include "core/engine/engine.h"

#include <algorithm>
#include <chrono>
#include <exception>

#include "core/archive/archive_guard.h"
#include "core/archive/readplan.h"
#include "core/view/export.h"
#include "core/text/turns.h"

namespace stenogram {

namespace {
constexpr size_t kKeptResults = 8;  // queries whose ranked ids are kept (rows, exports, months and date facets)
}

Engine::Engine() = default;
Engine::~Engine() = default;

void Engine::SetArchive(std::unique_ptr<Archive> archive) {
  archive_ = std::move(archive);
  results_.clear();
  timeline_.reset();
  hits_doc_turns_.reset();
  hits_doc_ = 0;
  reading_.reset();
}

const QueryResult& Engine::Result(const Query& q) {
  for (auto it = results_.begin(); it != results_.end(); ++it) {
    if (it->first == q) {
      results_.splice(results_.begin(), results_, it);
      return results_.front().second;
    }
  }
  results_.emplace_front(q, RunQuery(*archive_, q));
  if (results_.size() > kKeptResults) results_.pop_back();
  return results_.front().second;
}

bool Engine::WarmUp() {
  if (!archive_) return false;
  Query q;
  q.text = WarmUpWord(*archive_);
  if (q.text.empty()) return false;
  Handle(EncodeRequest(SearchRequest{q}));
  RowsRequest rows;
  rows.query = q;
  rows.limit = 20;
  Handle(EncodeRequest(rows));
  for (const std::string& facet : KnownFacets()) {
    FacetsRequest f;
    f.query = q;
    f.facet = facet;
    f.limit = 60;
    Handle(EncodeRequest(f));
  }
  Handle(EncodeRequest(MonthsRequest{q}));
  results_.remove_if([&](const auto& kept) { return kept.first.text == q.text; });
  return true;
}

bool Engine::HasDayRuns() const {
  return archive_ && archive_->IdsInDateOrder() && !archive_->DayRuns().empty();
}

std::string Engine::Handle(const std::string& request) {
  try {
    wire::Reader r(request);
    const uint64_t kind = r.U();
    if (!r.ok()) return EncodeFailure("empty request");
    if (!archive_) return EncodeFailure("no archive is open");
    std::string answer = Serve(static_cast<RequestKind>(kind), r);
    // A statement that hit corruption or ran out of its time budget: the answer may be partial, so
    // the request fails with the archive's trouble in words (archive_guard.h).
    if (std::string trouble = TakeArchiveTrouble(archive_->Db()); !trouble.empty())
      return EncodeFailure(archive_->Name() + ": " + trouble);
    return answer;
  } catch (const std::exception& e) {
    return EncodeFailure(std::string("the archive engine failed: ") + e.what());
  } catch (...) {
    return EncodeFailure("the archive engine failed");
  }
}

std::vector<int64_t> Engine::RowsToRead(const std::string& request, std::vector<std::string>* tables) {
  std::vector<int64_t> out;
  *tables = ResultRowTables(true);
  if (!archive_) return out;
  try {
    wire::Reader r(request);
    const auto kind = static_cast<RequestKind>(r.U());
    if (!r.ok()) return out;
    if (kind == RequestKind::Rows) {
      RowsRequest x;
      if (!Get(r, &x)) return out;
      *tables = ResultRowTables(!MatchExpression(x.query.text).empty());  // no snippets: no text is read
      const QueryResult& res = Result(x.query);
      const size_t offset = static_cast<size_t>(x.offset), limit = static_cast<size_t>(x.limit);
      for (size_t i = offset; i < res.ids.size() && i - offset < std::min<size_t>(limit, 200); ++i) out.push_back(res.ids[i]);
    } else if (kind == RequestKind::Document) {
      DocumentRequest x;
      if (Get(r, &x)) out.push_back(x.id);
    }
  } catch (...) {
    out.clear();
  }
  return out;
}

std::vector<ByteRun> Engine::PlanReads(const BlockCache& cache, const std::string& request) {
  if (!archive_) return {};
  try {
    wire::Reader r(request);
    const auto kind = static_cast<RequestKind>(r.U());
    std::string text;
    if (kind == RequestKind::Rows) {
      RowsRequest x;
      if (Get(r, &x)) text = x.query.text;
    } else if (kind == RequestKind::Search) {
      SearchRequest x;
      if (Get(r, &x)) text = x.query.text;
    } else if (kind == RequestKind::Facets) {
      FacetsRequest x;
      if (Get(r, &x)) text = x.query.text;
      // Every packed facet at once (the facet lists are asked for together), then loaded.
      if (r.ok() && !FacetBase(x.query, x.facet, x.own_filters).Empty() && archive_->PackedFacetsPending()) {
        std::vector<int64_t> rows;
        for (size_t i = 1; i <= PackedFacets().size(); ++i) rows.push_back(static_cast<int64_t>(i));
        std::vector<ByteRun> runs = PlanRowReads(cache, archive_->Db(), {"stats_docfacets"}, rows);
        if (!runs.empty()) return runs;
        archive_->LoadPackedFacets();
      }
    } else if (kind == RequestKind::Months) {
      MonthsRequest x;
      if (Get(r, &x)) text = x.query.text;
    }
    if (r.ok() && !MatchExpression(text).empty()) {
      std::vector<ByteRun> runs = PlanRankReads(cache, *archive_, MatchExpression(text));
      if (!runs.empty()) return runs;
    }
    std::vector<std::string> tables;
    const std::vector<int64_t> rows = RowsToRead(request, &tables);
    if (rows.empty()) return {};
    return PlanRowReads(cache, archive_->Db(), tables, rows);
  } catch (...) {
    return {};
  }
}

std::string Engine::Serve(RequestKind kind, wire::Reader& r) {
  const std::string malformed = "malformed request";
  switch (kind) {
    case RequestKind::Info: {
      InfoAnswer a;
      a.info = archive_->Info();
      a.name = archive_->Name();
      return EncodeAnswer(a);
    }
    case RequestKind::Search: {
      SearchRequest x;
      if (!Get(r, &x)) return EncodeFailure(malformed);
      return EncodeAnswer(Result(x.query));
    }
    case RequestKind::Rows: {
      RowsRequest x;
      if (!Get(r, &x)) return EncodeFailure(malformed);
      const QueryResult& res = Result(x.query);
      const size_t offset = static_cast<size_t>(x.offset), limit = static_cast<size_t>(x.limit);
      return EncodeAnswer(ResultRows(*archive_, x.query, res.ids, offset, limit,
                                     res.scores.empty() ? nullptr : &res.scores));
    }
    case RequestKind::Facets: {
      FacetsRequest x;
      if (!Get(r, &x)) return EncodeFailure(malformed);
      const size_t limit = static_cast<size_t>(x.limit);
      // Years and months of a result: counted from its ids and the day runs, no row read.
      const Query base = FacetBase(x.query, x.facet, x.own_filters);
      if ((x.facet == "year" || x.facet == "month") && !base.Empty() && HasDayRuns())
        return EncodeAnswer(DateFacetOfIds(*archive_, Result(base).ids, x.facet, limit));
      // The other facets of a result: from its ids and the packed facets (core/archive/docfacets.h).
      if (!base.Empty() && archive_->IdsInDateOrder() && archive_->PackedFacet(x.facet))
        return EncodeAnswer(FacetOfIds(*archive_, Result(base).ids, x.facet, limit));
      return EncodeAnswer(FacetCounts(*archive_, x.query, x.facet, limit, x.own_filters));
    }
    case RequestKind::Months: {
      MonthsRequest x;
      if (!Get(r, &x)) return EncodeFailure(malformed);
      if (!x.query.Empty() && HasDayRuns()) return EncodeAnswer(MonthHistogramOfIds(*archive_, Result(x.query).ids));
      return EncodeAnswer(MonthHistogram(*archive_, x.query));
    }
    case RequestKind::Document: {
      DocumentRequest x;
      if (!Get(r, &x)) return EncodeFailure(malformed);
      DocumentAnswer a;
      a.document = archive_->ReadDocument(x.id);
      return EncodeAnswer(a);
    }
    case RequestKind::Hits: {
      HitsRequest x;
      if (!Get(r, &x)) return EncodeFailure(malformed);
      if (!hits_doc_turns_ || hits_doc_ != x.id) {
        auto d = archive_->ReadDocument(x.id);
        hits_doc_turns_ = d ? std::make_unique<Document>(std::move(*d)) : nullptr;
        hits_doc_ = x.id;
      }
      HitsAnswer a;
      if (hits_doc_turns_ && !MatchExpression(x.text).empty()) {
        const Document& d = *hits_doc_turns_;
        if (d.turns.empty()) {
          a.parts.push_back(HitRanges(d.text, x.text));
        } else {
          a.parts.resize(d.turns.size());
          for (size_t k = 0; k < d.turns.size(); ++k) {
            if (!x.speaker.empty() && d.turns[k].speaker_key != x.speaker) continue;
            a.parts[k] = HitRanges(d.turns[k].text, x.text);
          }
        }
      }
      return EncodeAnswer(a);
    }
    case RequestKind::Timeline: {
      TimelineRequest x;
      if (!Get(r, &x)) return EncodeFailure(malformed);
      if (!timeline_) timeline_ = std::make_unique<TimelineData>(LoadTimeline(*archive_));
      if (x.with_kinds && !timeline_->kinds_loaded) LoadTimelineKinds(*archive_, timeline_.get());
      return EncodeAnswer(*timeline_);
    }
    case RequestKind::Cards: {
      CardsRequest x;
      if (!Get(r, &x)) return EncodeFailure(malformed);
      return EncodeAnswer(TimelineCards(*archive_, x.ids));
    }
    case RequestKind::Export: {
      ExportRequest x;
      if (!Get(r, &x)) return EncodeFailure(malformed);
      const QueryResult& res = Result(x.query);
      ExportAnswer a;
      if (x.format == "csv") a.bytes = ResultsCsv(*archive_, res.ids);
      else if (x.format == "json") a.bytes = ResultsJson(*archive_, res.ids);
      else return EncodeFailure("unknown export format '" + x.format + "'");
      return EncodeAnswer(a);
    }
    case RequestKind::Bench: {
      BenchRequest x;
      if (!Get(r, &x)) return EncodeFailure(malformed);
      const auto start = std::chrono::steady_clock::now();
      const QueryResult res = RunQuery(*archive_, x.query);
      const auto rows = ResultRows(*archive_, x.query, res.ids, 0, 20, &res.scores);
      BenchAnswer a;
      a.ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
      a.error = res.error;
      a.total = res.total;
      a.rows = static_cast<int64_t>(rows.size());
      return EncodeAnswer(a);
    }
    case RequestKind::Words:
    case RequestKind::Contexts:
    case RequestKind::Translations:
      return ServeReading(kind, r);
  }
  return EncodeFailure("unknown request kind " + std::to_string(static_cast<int>(kind)));
}

}  // namespace stenogram
