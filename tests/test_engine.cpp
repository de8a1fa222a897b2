// Tests of the engine protocol: wire encoding (round trips, hostile counts and truncation), every
// request served by an Engine over an imported archive and answered through a Client with an
// in-process transport, superseded requests, resets, and answers to requests that fail.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <string>
#include <vector>

#include "core/archive/archive.h"
#include "core/engine/client.h"
#include "core/engine/engine.h"
#include "core/archive/readplan.h"
#include "core/import/import.h"
#include "core/engine/protocol.h"
#include "core/archive/tokenizer.h"

using namespace stenogram;

namespace {

std::unique_ptr<Archive> EngineFixture() {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(":memory:", &db) == SQLITE_OK);
  std::string error;
  REQUIRE(RegisterTokenizer(db, &error));
  InputFile in;
  in.name = "engine.jsonl";
  in.bytes =
      R"({"id":"a","title":"Talks with the Foreign Minister of Serbia","date":"2014-12-05","kind":"talks","tags":["Europe"],"text":"Question: How were the talks?\n\nSergey Lavrov: Useful. We are negotiating a new framework for European security."})"
      "\n"
      R"({"id":"b","title":"Interview on Minsk","date":"2015-02-12","kind":"interview","tags":["Ukraine","Europe"],"text":"Question: Are the negotiations in Minsk useful?\n\nSergey Lavrov: The negotiations continue. Peace needs patience."})"
      "\n"
      R"({"id":"c","title":"Statement","date":"2016-03-01","kind":"statement","text":"A short statement without speakers about security."})"
      "\n";
  ImportOptions options;
  ImportReport report;
  REQUIRE_MESSAGE(ImportInputs(db, {in}, options, &report, &error), error);
  auto archive = Archive::Adopt(db, "engine.sqlite", &error);
  REQUIRE_MESSAGE(archive, error);
  return archive;
}

// A client wired straight to an engine, as doctest and native tools use it.
struct Wired {
  Engine engine;
  Client client;
  int sent = 0;
  Wired() {
    engine.SetArchive(EngineFixture());
    client.SetTransport([this](uint64_t seq, const char*, const std::string& bytes) {
      ++sent;
      client.Deliver(seq, engine.Handle(bytes));
    });
  }
};

}  // namespace

TEST_CASE("wire: values round-trip, and a truncated or hostile message is refused without reading past it") {
  wire::Writer w;
  w.U(0);
  w.U(300);
  w.I(-5);
  w.I(INT64_MIN);
  w.D(3.25);
  w.S("négociations");
  w.B(true);
  wire::Reader r(w.Bytes());
  CHECK(r.U() == 0);
  CHECK(r.U() == 300);
  CHECK(r.I() == -5);
  CHECK(r.I() == INT64_MIN);
  CHECK(r.D() == 3.25);
  CHECK(r.S() == "négociations");
  CHECK(r.B());
  CHECK(r.ok());
  CHECK(r.AtEnd());

  const std::string bytes = w.Bytes();
  for (size_t cut = 0; cut < bytes.size(); ++cut) {
    wire::Reader t(std::string_view(bytes).substr(0, cut));
    t.U(), t.U(), t.I(), t.I(), t.D(), (void)t.S(), t.B();
    CHECK_FALSE(t.ok());
  }
  wire::Writer hostile;
  hostile.U(1ull << 40);  // a count no message could hold
  wire::Reader h(hostile.Bytes());
  CHECK(h.Count() == 0);
  CHECK_FALSE(h.ok());
}

TEST_CASE("protocol: a query and the answers round-trip") {
  Query q;
  q.text = "\"peace talks\" OR Minsk*";
  q.speaker = "sergey lavrov";
  q.filters = {{"kind", "talks", false}, {"tag", "Europe", true}};
  q.day_from = -3;
  q.day_to = 20000;
  q.sort = SortOrder::DateDescending;
  wire::Writer w;
  Put(w, q);
  wire::Reader r(w.Bytes());
  Query back;
  REQUIRE(Get(r, &back));
  CHECK(back == q);

  QueryResult res;
  res.total = 3;
  res.ids = {7, 1, 99999999999};
  res.scores = {-1.5, -0.25, 0};
  std::string error;
  QueryResult res_back;
  REQUIRE(DecodeAnswer(EncodeAnswer(res), &res_back, &error));
  CHECK(res_back.ids == res.ids);
  CHECK(res_back.scores == res.scores);
  CHECK(res_back.total == 3);

  CHECK_FALSE(DecodeAnswer(EncodeFailure("no archive is open"), &res_back, &error));
  CHECK(error == "no archive is open");
  CHECK_FALSE(DecodeAnswer(std::string("\x00\x05", 2), &res_back, &error));
  CHECK(error == "malformed answer from the archive engine");
}

TEST_CASE("protocol: a timeline answer whose indices point outside its tables is refused") {
  TimelineData data;
  data.Add(1, 100, "talks", {"Serbia"}, {});
  data.Add(2, 50, "", {}, {"Ivica Dacic"});
  data.Finish();
  std::string error;
  TimelineData back;
  REQUIRE(DecodeAnswer(EncodeAnswer(data), &back, &error));
  REQUIRE(back.records.size() == 2);
  CHECK(back.days == data.days);
  CHECK(back.IndexOf(1) == data.IndexOf(1));
  CHECK(back.names == data.names);

  data.links.push_back(999);  // a link to no name
  data.records[0].countries = static_cast<uint32_t>(data.links.size() - 1);
  data.records[0].n_countries = 1;
  CHECK_FALSE(DecodeAnswer(EncodeAnswer(data), &back, &error));
}

TEST_CASE("engine + client: every request the viewer makes is answered from the archive") {
  Wired w;
  const InfoAnswer* info = w.client.Ask(InfoRequest{});
  REQUIRE(info);
  CHECK(info->info.doc_count == 3);
  CHECK(info->name == "engine.sqlite");

  SearchRequest search;
  search.query.text = "negotiations";
  const QueryResult* res = w.client.Ask(search);
  REQUIRE(res);
  CHECK(res->error.empty());
  CHECK(res->total == 2);
  REQUIRE(res->ids.size() == 2);

  RowsRequest rows;
  rows.query = search.query;
  rows.offset = 0;
  rows.limit = 20;
  const auto* page = w.client.Ask(rows);
  REQUIRE(page);
  REQUIRE(page->size() == 2);
  CHECK(page->front().id == res->ids.front());
  CHECK_FALSE(page->front().snippet.empty());
  CHECK_FALSE(page->front().snippet_hits.empty());

  FacetsRequest facets;
  facets.query = search.query;
  facets.facet = "kind";
  facets.limit = 10;
  const auto* kinds = w.client.Ask(facets);
  REQUIRE(kinds);
  CHECK(kinds->size() == 2);

  MonthsRequest months;
  const auto* per_month = w.client.Ask(months);
  REQUIRE(per_month);
  CHECK(per_month->size() == 3);

  DocumentRequest doc;
  doc.id = res->ids.front();
  const DocumentAnswer* d = w.client.Ask(doc);
  REQUIRE(d);
  REQUIRE(d->document);
  CHECK(d->document->turns.size() >= 2);

  HitsRequest hits;
  hits.id = doc.id;
  hits.text = "negotiations";
  const HitsAnswer* h = w.client.Ask(hits);
  REQUIRE(h);
  CHECK(h->parts.size() == d->document->turns.size());
  size_t n = 0;
  for (const auto& part : h->parts) n += part.size();
  CHECK(n >= 1);
  hits.speaker = "question";  // only the questions' turns may hold hits now
  const HitsAnswer* hq = w.client.Ask(hits);
  REQUIRE(hq);
  for (size_t k = 0; k < hq->parts.size(); ++k)
    if (d->document->turns[k].speaker != "Question") CHECK(hq->parts[k].empty());

  TimelineRequest tl;
  const TimelineData* data = w.client.Ask(tl);
  REQUIRE(data);
  CHECK(data->records.size() == 3);
  CHECK_FALSE(data->kinds_loaded);
  tl.with_kinds = true;
  const TimelineData* with_kinds = w.client.Ask(tl);
  REQUIRE(with_kinds);
  CHECK(with_kinds->kinds_loaded);

  CardsRequest cards;
  cards.ids = {res->ids.front()};
  const auto* c = w.client.Ask(cards);
  REQUIRE(c);
  REQUIRE(c->size() == 1);
  CHECK(c->front().id == res->ids.front());

  ExportRequest exp;
  exp.query = search.query;
  exp.format = "csv";
  const ExportAnswer* csv = w.client.Ask(exp);
  REQUIRE(csv);
  CHECK(csv->bytes.find("Minsk") != std::string::npos);

  BenchRequest bench;
  bench.query = search.query;
  const BenchAnswer* b = w.client.Ask(bench);
  REQUIRE(b);
  CHECK(b->total == 2);
  CHECK(b->rows == 2);

  // The same ask again is served from the client's cache: nothing is sent.
  const int sent = w.sent;
  CHECK(w.client.Ask(search) == res);
  CHECK(w.sent == sent);
  CHECK_FALSE(w.client.Busy());
}

TEST_CASE("engine: failures come back as messages, never as a throw or a hang") {
  Engine engine;
  std::string error;
  InfoAnswer info;
  CHECK_FALSE(DecodeAnswer(engine.Handle(EncodeRequest(InfoRequest{})), &info, &error));
  CHECK(error == "no archive is open");
  engine.SetArchive(EngineFixture());
  CHECK_FALSE(DecodeAnswer(engine.Handle(""), &info, &error));
  CHECK(error == "empty request");
  CHECK_FALSE(DecodeAnswer(engine.Handle(std::string("\x63", 1)), &info, &error));
  CHECK(error.find("unknown request kind") != std::string::npos);
  // Truncated: a search request whose query is cut off.
  SearchRequest s;
  s.query.text = "negotiations";
  std::string bytes = EncodeRequest(s);
  bytes.resize(bytes.size() / 2);
  QueryResult res;
  CHECK_FALSE(DecodeAnswer(engine.Handle(bytes), &res, &error));
  CHECK(error == "malformed request");
  // A malformed FTS query is the query's friendly error, not a failed request.
  s.query.text = "\"unterminated";
  REQUIRE(DecodeAnswer(engine.Handle(EncodeRequest(s)), &res, &error));
  CHECK_FALSE(res.error.empty());
}

TEST_CASE("client: answers arrive later, superseded requests are asked again, a reset drops what is in flight") {
  Engine engine;
  engine.SetArchive(EngineFixture());
  Client client;
  struct Sent {
    uint64_t seq;
    std::string slot, bytes;
  };
  std::vector<Sent> queue;
  client.SetTransport([&](uint64_t seq, const char* slot, const std::string& bytes) { queue.push_back({seq, slot, bytes}); });
  client.BeginFrame(1.0);
  SearchRequest a, b;
  a.query.text = "negotiations";
  b.query.text = "security";
  CHECK(client.Ask(a) == nullptr);
  CHECK(client.Ask(a) == nullptr);  // asked twice, sent once
  CHECK(client.Ask(b) == nullptr);
  REQUIRE(queue.size() == 2);
  CHECK(queue[0].slot == "search");
  CHECK(client.Busy());
  client.BeginFrame(1.5);
  CHECK(client.WaitingSeconds() == doctest::Approx(0.5));

  // The engine skipped a (superseded by b); b is answered.
  client.Dropped(queue[0].seq);
  client.Deliver(queue[1].seq, engine.Handle(queue[1].bytes));
  CHECK_FALSE(client.Busy());
  REQUIRE(client.Ask(b));
  CHECK(client.Ask(b)->total == 2);
  CHECK(client.TakeArrivals() == 2);
  CHECK(client.Ask(a) == nullptr);  // asked again after the drop: sent again
  REQUIRE(queue.size() == 3);

  // A new archive: the answer still in flight belongs to the old one and is ignored.
  client.Reset();
  client.Deliver(queue[2].seq, engine.Handle(queue[2].bytes));
  CHECK_FALSE(client.Has(a));
  CHECK_FALSE(client.Has(b));
}

TEST_CASE("client: a result's first page of rows goes in the rows slot; the pages after it in none") {
  Client client;
  std::vector<std::string> slots;
  client.SetTransport([&](uint64_t, const char* slot, const std::string&) { slots.push_back(slot); });
  client.BeginFrame(1.0);
  RowsRequest first, second, other;
  first.query.text = second.query.text = "negotiations";
  other.query.text = "security";
  first.limit = second.limit = other.limit = 16;
  second.offset = 16;
  CHECK(client.Ask(first) == nullptr);
  CHECK(client.Ask(second) == nullptr);  // the list asks both pages in one frame: neither drops the other
  CHECK(client.Ask(other) == nullptr);   // a new query's first page supersedes the old one's
  CHECK(slots == std::vector<std::string>{"rows", "", "rows"});
}

TEST_CASE("engine: the rows a request will look up, for planning their reads") {
  Engine engine;
  engine.SetArchive(EngineFixture());
  std::vector<std::string> tables;
  RowsRequest rows;
  rows.query.text = "negotiations";
  rows.limit = 20;
  const std::vector<int64_t> ids = engine.RowsToRead(EncodeRequest(rows), &tables);
  CHECK(ids.size() == 2);
  CHECK(tables == std::vector<std::string>{"docs", "texts"});  // snippets read the texts
  rows.offset = 1;
  CHECK(engine.RowsToRead(EncodeRequest(rows), &tables) == std::vector<int64_t>{ids[1]});
  rows.query = Query{};
  rows.offset = 0;
  rows.limit = 2;
  CHECK(engine.RowsToRead(EncodeRequest(rows), &tables).size() == 2);
  CHECK(tables == std::vector<std::string>{"docs"});  // the list without a text query reads no text
  rows.limit = -5;  // a hostile page: nothing, never a huge plan
  CHECK(engine.RowsToRead(EncodeRequest(rows), &tables).empty());
  DocumentRequest doc;
  doc.id = 3;
  CHECK(engine.RowsToRead(EncodeRequest(doc), &tables) == std::vector<int64_t>{3});
  CHECK(engine.RowsToRead(EncodeRequest(InfoRequest{}), &tables).empty());
  CHECK(engine.RowsToRead(std::string("\x02\xff", 2), &tables).empty());
  Engine closed;
  CHECK(closed.RowsToRead(EncodeRequest(doc), &tables).empty());
}
