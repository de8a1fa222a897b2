// protocol: encoding of the engine's requests and answers (see protocol.h).
#include "core/engine/protocol.h"

namespace stenogram {

using wire::Reader;
using wire::Writer;

namespace {

void PutIds(Writer& w, const std::vector<int64_t>& ids) {
  w.U(ids.size());
  for (int64_t id : ids) w.I(id);
}
bool GetIds(Reader& r, std::vector<int64_t>* ids) {
  const size_t n = r.Count();
  ids->resize(n);
  for (size_t i = 0; i < n; ++i) (*ids)[i] = r.I();
  return r.ok();
}

void PutHits(Writer& w, const std::vector<HitRange>& hits) {
  w.U(hits.size());
  for (const HitRange& h : hits) {
    w.I(h.start);
    w.I(h.end);
  }
}
bool GetHits(Reader& r, std::vector<HitRange>* hits) {
  const size_t n = r.Count(2);
  hits->resize(n);
  for (size_t i = 0; i < n; ++i) {
    (*hits)[i].start = static_cast<int>(r.I());
    (*hits)[i].end = static_cast<int>(r.I());
  }
  return r.ok();
}

void PutStrings(Writer& w, const std::vector<std::string>& v) {
  w.U(v.size());
  for (const std::string& s : v) w.S(s);
}
bool GetStrings(Reader& r, std::vector<std::string>* v) {
  const size_t n = r.Count();
  v->resize(n);
  for (size_t i = 0; i < n; ++i) (*v)[i] = r.S();
  return r.ok();
}

void PutOptionalDay(Writer& w, const std::optional<int64_t>& day) {
  w.B(day.has_value());
  if (day) w.I(*day);
}
std::optional<int64_t> GetOptionalDay(Reader& r) {
  if (!r.B()) return std::nullopt;
  return r.I();
}

}  // namespace

std::string EncodeFailure(const std::string& message) {
  Writer w;
  w.U(1);
  w.S(message);
  return w.Take();
}

// ---- the query ----

void Put(Writer& w, const Query& q) {
  w.S(q.text);
  w.S(q.speaker);
  w.U(q.filters.size());
  for (const Filter& f : q.filters) {
    w.S(f.facet);
    w.S(f.value);
    w.B(f.exclude);
  }
  PutOptionalDay(w, q.day_from);
  PutOptionalDay(w, q.day_to);
  w.U(static_cast<uint64_t>(q.sort));
}

bool Get(Reader& r, Query* q) {
  q->text = r.S();
  q->speaker = r.S();
  const size_t n = r.Count(3);
  q->filters.resize(n);
  for (size_t i = 0; i < n; ++i) {
    q->filters[i].facet = r.S();
    q->filters[i].value = r.S();
    q->filters[i].exclude = r.B();
  }
  q->day_from = GetOptionalDay(r);
  q->day_to = GetOptionalDay(r);
  const uint64_t sort = r.U();
  if (sort > static_cast<uint64_t>(SortOrder::DateDescending)) return false;
  q->sort = static_cast<SortOrder>(sort);
  return r.ok();
}

// ---- requests ----

void Put(Writer&, const InfoRequest&) {}
bool Get(Reader& r, InfoRequest*) { return r.ok(); }

void Put(Writer& w, const SearchRequest& x) { Put(w, x.query); }
bool Get(Reader& r, SearchRequest* x) { return Get(r, &x->query); }

void Put(Writer& w, const RowsRequest& x) {
  Put(w, x.query);
  w.I(x.offset);
  w.I(x.limit);
}
bool Get(Reader& r, RowsRequest* x) {
  if (!Get(r, &x->query)) return false;
  x->offset = r.I();
  x->limit = r.I();
  return r.ok() && x->offset >= 0 && x->limit >= 0;
}

void Put(Writer& w, const FacetsRequest& x) {
  Put(w, x.query);
  w.S(x.facet);
  w.I(x.limit);
  w.B(x.own_filters);
}
bool Get(Reader& r, FacetsRequest* x) {
  if (!Get(r, &x->query)) return false;
  x->facet = r.S();
  x->limit = r.I();
  x->own_filters = r.B();
  return r.ok() && x->limit >= 0;
}

void Put(Writer& w, const MonthsRequest& x) { Put(w, x.query); }
bool Get(Reader& r, MonthsRequest* x) { return Get(r, &x->query); }

void Put(Writer& w, const DocumentRequest& x) { w.I(x.id); }
bool Get(Reader& r, DocumentRequest* x) {
  x->id = r.I();
  return r.ok();
}

void Put(Writer& w, const HitsRequest& x) {
  w.I(x.id);
  w.S(x.text);
  w.S(x.speaker);
}
bool Get(Reader& r, HitsRequest* x) {
  x->id = r.I();
  x->text = r.S();
  x->speaker = r.S();
  return r.ok();
}

void Put(Writer& w, const TimelineRequest& x) { w.B(x.with_kinds); }
bool Get(Reader& r, TimelineRequest* x) {
  x->with_kinds = r.B();
  return r.ok();
}

void Put(Writer& w, const CardsRequest& x) { PutIds(w, x.ids); }
bool Get(Reader& r, CardsRequest* x) { return GetIds(r, &x->ids); }

void Put(Writer& w, const ExportRequest& x) {
  Put(w, x.query);
  w.S(x.format);
}
bool Get(Reader& r, ExportRequest* x) {
  if (!Get(r, &x->query)) return false;
  x->format = r.S();
  return r.ok();
}

void Put(Writer& w, const BenchRequest& x) { Put(w, x.query); }
bool Get(Reader& r, BenchRequest* x) { return Get(r, &x->query); }

// ---- answers ----

void Put(Writer& w, const InfoAnswer& x) {
  w.S(x.info.title);
  w.S(x.info.description);
  w.I(x.info.doc_count);
  w.S(x.info.first_date);
  w.S(x.info.last_date);
  w.S(x.name);
}
bool Get(Reader& r, InfoAnswer* x) {
  x->info.title = r.S();
  x->info.description = r.S();
  x->info.doc_count = r.I();
  x->info.first_date = r.S();
  x->info.last_date = r.S();
  x->name = r.S();
  return r.ok();
}

void Put(Writer& w, const QueryResult& x) {
  w.S(x.error);
  w.I(x.total);
  PutIds(w, x.ids);
  w.U(x.scores.size());
  for (double s : x.scores) w.D(s);
}
bool Get(Reader& r, QueryResult* x) {
  x->error = r.S();
  x->total = r.I();
  if (!GetIds(r, &x->ids)) return false;
  const size_t n = r.Count(8);
  x->scores.resize(n);
  for (size_t i = 0; i < n; ++i) x->scores[i] = r.D();
  return r.ok();
}

void Put(Writer& w, const std::vector<ResultRow>& x) {
  w.U(x.size());
  for (const ResultRow& row : x) {
    w.I(row.id);
    w.S(row.title);
    w.S(row.date);
    w.S(row.date_precision);
    w.S(row.kind);
    w.S(row.place);
    w.D(row.rank);
    w.S(row.snippet);
    PutHits(w, row.snippet_hits);
  }
}
bool Get(Reader& r, std::vector<ResultRow>* x) {
  const size_t n = r.Count(16);
  x->resize(n);
  for (ResultRow& row : *x) {
    row.id = r.I();
    row.title = r.S();
    row.date = r.S();
    row.date_precision = r.S();
    row.kind = r.S();
    row.place = r.S();
    row.rank = r.D();
    row.snippet = r.S();
    if (!GetHits(r, &row.snippet_hits)) return false;
  }
  return r.ok();
}

void Put(Writer& w, const std::vector<FacetValue>& x) {
  w.U(x.size());
  for (const FacetValue& v : x) {
    w.S(v.value);
    w.S(v.label);
    w.I(v.count);
  }
}
bool Get(Reader& r, std::vector<FacetValue>* x) {
  const size_t n = r.Count(3);
  x->resize(n);
  for (FacetValue& v : *x) {
    v.value = r.S();
    v.label = r.S();
    v.count = r.I();
  }
  return r.ok();
}

void Put(Writer& w, const std::vector<MonthCount>& x) {
  w.U(x.size());
  for (const MonthCount& m : x) {
    w.S(m.month);
    w.I(m.count);
  }
}
bool Get(Reader& r, std::vector<MonthCount>* x) {
  const size_t n = r.Count(2);
  x->resize(n);
  for (MonthCount& m : *x) {
    m.month = r.S();
    m.count = r.I();
  }
  return r.ok();
}

void Put(Writer& w, const DocumentAnswer& x) {
  w.B(x.document.has_value());
  if (!x.document) return;
  const Document& d = *x.document;
  w.I(d.id);
  for (const std::string* s : {&d.external_id, &d.title, &d.date, &d.date_precision, &d.kind, &d.section, &d.place,
                               &d.language, &d.url, &d.summary, &d.text, &d.extra})
    w.S(*s);
  w.U(d.turns.size());
  for (const Turn& t : d.turns) {
    w.I(t.ord);
    w.S(t.speaker);
    w.S(t.text);
    w.S(t.speaker_key);
  }
  w.U(d.entities.size());
  for (const EntityRef& e : d.entities) {
    w.S(e.kind);
    w.S(e.name);
    w.S(e.role);
  }
}
bool Get(Reader& r, DocumentAnswer* x) {
  x->document.reset();
  if (!r.B()) return r.ok();
  Document d;
  d.id = r.I();
  for (std::string* s : {&d.external_id, &d.title, &d.date, &d.date_precision, &d.kind, &d.section, &d.place,
                         &d.language, &d.url, &d.summary, &d.text, &d.extra})
    *s = r.S();
  d.turns.resize(r.Count(3));
  for (Turn& t : d.turns) {
    t.ord = static_cast<int>(r.I());
    t.speaker = r.S();
    t.text = r.S();
    t.speaker_key = r.S();
  }
  d.entities.resize(r.Count(3));
  for (EntityRef& e : d.entities) {
    e.kind = r.S();
    e.name = r.S();
    e.role = r.S();
  }
  if (!r.ok()) return false;
  x->document = std::move(d);
  return true;
}

void Put(Writer& w, const HitsAnswer& x) {
  w.U(x.parts.size());
  for (const auto& part : x.parts) PutHits(w, part);
}
bool Get(Reader& r, HitsAnswer* x) {
  x->parts.resize(r.Count());
  for (auto& part : x->parts)
    if (!GetHits(r, &part)) return false;
  return r.ok();
}

// The records travel in their sorted order with the name tables; the receiver's Finish() rebuilds
// the day list and the id index.
void Put(Writer& w, const TimelineData& x) {
  w.U(x.records.size());
  for (const TimelineRecord& rec : x.records) {
    w.I(rec.id);
    w.I(rec.day);
    w.U(rec.kind);
    w.U(rec.countries);
    w.U(rec.persons);
    w.U(rec.n_countries);
    w.U(rec.n_persons);
  }
  w.U(x.links.size());
  for (uint32_t l : x.links) w.U(l);
  PutStrings(w, x.names);
  PutStrings(w, x.kinds);
  w.U(x.undated);
  w.B(x.kinds_loaded);
}
bool Get(Reader& r, TimelineData* x) {
  *x = TimelineData{};
  x->records.resize(r.Count(7));
  for (TimelineRecord& rec : x->records) {
    rec.id = r.I();
    rec.day = r.I();
    rec.kind = static_cast<uint32_t>(r.U());
    rec.countries = static_cast<uint32_t>(r.U());
    rec.persons = static_cast<uint32_t>(r.U());
    rec.n_countries = static_cast<uint16_t>(r.U());
    rec.n_persons = static_cast<uint16_t>(r.U());
  }
  x->links.resize(r.Count());
  for (uint32_t& l : x->links) l = static_cast<uint32_t>(r.U());
  if (!GetStrings(r, &x->names) || !GetStrings(r, &x->kinds)) return false;
  x->undated = static_cast<size_t>(r.U());
  x->kinds_loaded = r.B();
  if (!r.ok()) return false;
  // Indices must point inside the tables: the drawing code indexes with them unchecked.
  for (const TimelineRecord& rec : x->records) {
    if (!x->kinds.empty() ? rec.kind >= x->kinds.size() : rec.kind != 0) return false;
    if (static_cast<uint64_t>(rec.countries) + rec.n_countries > x->links.size()) return false;
    if (static_cast<uint64_t>(rec.persons) + rec.n_persons > x->links.size()) return false;
  }
  for (uint32_t l : x->links)
    if (l >= x->names.size()) return false;
  x->Finish();
  return true;
}

void Put(Writer& w, const std::vector<TimelineCard>& x) {
  w.U(x.size());
  for (const TimelineCard& c : x) {
    w.I(c.id);
    w.S(c.title);
    w.S(c.date);
    w.S(c.date_precision);
    w.S(c.place);
    PutStrings(w, c.counterparts);
  }
}
bool Get(Reader& r, std::vector<TimelineCard>* x) {
  x->resize(r.Count(6));
  for (TimelineCard& c : *x) {
    c.id = r.I();
    c.title = r.S();
    c.date = r.S();
    c.date_precision = r.S();
    c.place = r.S();
    if (!GetStrings(r, &c.counterparts)) return false;
  }
  return r.ok();
}

void Put(Writer& w, const ExportAnswer& x) { w.S(x.bytes); }
bool Get(Reader& r, ExportAnswer* x) {
  x->bytes = r.S();
  return r.ok();
}

void Put(Writer& w, const BenchAnswer& x) {
  w.S(x.error);
  w.D(x.ms);
  w.I(x.total);
  w.I(x.rows);
}
bool Get(Reader& r, BenchAnswer* x) {
  x->error = r.S();
  x->ms = r.D();
  x->total = r.I();
  x->rows = r.I();
  return r.ok();
}

}  // namespace stenogram
