// reading_protocol: encoding of the researcher's requests and answers (see reading_protocol.h).
#include "core/engine/reading_protocol.h"

namespace stenogram {

using wire::Reader;
using wire::Writer;

void Put(Writer& w, const WordsRequest& x) {
  Put(w, x.query);
  w.I(x.limit);
}
bool Get(Reader& r, WordsRequest* x) {
  if (!Get(r, &x->query)) return false;
  x->limit = r.I();
  return r.ok();
}

void Put(Writer& w, const ContextsRequest& x) {
  Put(w, x.query);
  w.S(x.sort);
  w.I(x.offset);
  w.I(x.limit);
  w.B(x.csv);
}
bool Get(Reader& r, ContextsRequest* x) {
  if (!Get(r, &x->query)) return false;
  x->sort = r.S();
  x->offset = r.I();
  x->limit = r.I();
  x->csv = r.B();
  return r.ok();
}

void Put(Writer& w, const TranslationsRequest& x) { w.I(x.id); }
bool Get(Reader& r, TranslationsRequest* x) {
  x->id = r.I();
  return r.ok();
}

void Put(Writer& w, const WordsAnswer& x) {
  w.S(x.error);
  w.U(x.words.size());
  for (const KeyWord& k : x.words) {
    w.S(k.word);
    w.S(k.stem);
    w.I(k.docs);
    w.I(k.count);
    w.D(k.score);
  }
  w.I(x.matched);
  w.I(x.sampled);
  w.B(x.against_archive);
  w.D(x.ms);
}
bool Get(Reader& r, WordsAnswer* x) {
  x->error = r.S();
  const size_t n = r.Count(4);
  x->words.resize(n);
  for (KeyWord& k : x->words) {
    k.word = r.S();
    k.stem = r.S();
    k.docs = r.I();
    k.count = r.I();
    k.score = r.D();
  }
  x->matched = r.I();
  x->sampled = r.I();
  x->against_archive = r.B();
  x->ms = r.D();
  return r.ok();
}

void Put(Writer& w, const ContextsAnswer& x) {
  w.S(x.error);
  w.I(x.total);
  w.I(x.docs_scanned);
  w.I(x.docs_total);
  w.I(x.offset);
  w.U(x.lines.size());
  for (const ContextLine& l : x.lines) {
    w.I(l.doc);
    w.I(l.order);
    w.I(l.turn);
    w.I(l.hit);
    w.I(l.start);
    w.I(l.end);
    for (const std::string* s : {&l.left, &l.match, &l.right, &l.date, &l.title, &l.speaker}) w.S(*s);
  }
  w.S(x.csv);
}
bool Get(Reader& r, ContextsAnswer* x) {
  x->error = r.S();
  x->total = r.I();
  x->docs_scanned = r.I();
  x->docs_total = r.I();
  x->offset = r.I();
  const size_t n = r.Count(12);
  x->lines.resize(n);
  for (ContextLine& l : x->lines) {
    l.doc = r.I();
    l.order = r.I();
    l.turn = static_cast<int>(r.I());
    l.hit = static_cast<int>(r.I());
    l.start = static_cast<int>(r.I());
    l.end = static_cast<int>(r.I());
    for (std::string* s : {&l.left, &l.match, &l.right, &l.date, &l.title, &l.speaker}) *s = r.S();
  }
  x->csv = r.S();
  return r.ok();
}

void Put(Writer& w, const TranslationsAnswer& x) {
  w.U(x.translations.size());
  for (const TranslationRef& t : x.translations) {
    w.I(t.id);
    w.S(t.language);
    w.S(t.title);
  }
}
bool Get(Reader& r, TranslationsAnswer* x) {
  const size_t n = r.Count(3);
  x->translations.resize(n);
  for (TranslationRef& t : x->translations) {
    t.id = r.I();
    t.language = r.S();
    t.title = r.S();
  }
  return r.ok();
}

}  // namespace stenogram
