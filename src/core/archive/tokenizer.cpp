// tokenizer: the "stenogram" FTS5 tokenizer (see tokenizer.h). It wraps SQLite's built-in
// unicode61 tokenizer (word splitting, case folding, diacritics removal) and stems each token with
// Snowball: Russian for Cyrillic tokens, English for Latin ones, others (numbers) unchanged.
//
// [SECTION] Index
//   Registration: fts5_api lookup, the module object handed to xCreateTokenizer.
//   Instance:     xCreate / xDelete, one unicode61 instance and one Snowball env per language.
//   Tokenizing:   xTokenize and the per-token callback (stemming, prefix queries, long tokens).
//   Tokenize():   the same pipeline outside SQL, for highlighting.
//   Replay:       TermWriter (terms prepared ahead) and ReplayTerms (indexing them).
//
// The index holds stems only (format 3; format 2 also held each unstemmed form at the same
// position, which cost 0.19 x the text on real corpora). Queries bridge what stems alone miss:
// - A plain query word is its stem, OR'ed (FTS5_TOKEN_COLOCATED) with the folded word itself and
//   the stem of its stem. Snowball over-stems some base forms: "Лавров" -> "лавр" but "Лаврова" ->
//   "лавров"; so "Лавров" also asks for "лавров" (the stem of its oblique cases) and "Лаврова"
//   for "лавр" (the stem of the stem "лавров").
// - A prefix (the last token of word*) that runs into a word's ending is cut back to the stem of
//   the words it starts: "negotiat*" is "negoti*" (negotiate, negotiating, negotiations),
//   "горбачё*" is "горбач*" (Горбачёв -> "горбач"), "переговора*" is "переговор*". PrefixStems
//   finds the cut by stemming the prefix completed with each ending of its language. So a prefix
//   finds a word's whole stem family: "negotiati*" also finds "negotiated" (format 2 told the
//   forms apart; that was the 0.19). A prefix within the stem ("negot*", "n*") is used as is.
// Matches(), below, states the resulting rule for one word.
#include "core/archive/tokenizer.h"

#include <sqlite3.h>

#include <cassert>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <new>
#include <string>
#include <string_view>
#include <vector>

#include "core/archive/textcodec.h"

extern "C" {
#include "api.h"
#include "stem_UTF_8_english.h"
#include "stem_UTF_8_russian.h"
}

namespace stenogram {
namespace {

constexpr const char* kName = "stenogram";
constexpr int kMaxStemBytes = 64;  // longer tokens (URLs, hashes, glued words) pass through unstemmed
constexpr size_t kStemCacheSize = 200000;  // words per tokenizer instance (about 15 MB)

// =================================================================================================
// [SECTION] Registration
// =================================================================================================

// The user data of the registered tokenizer: how to reach unicode61 on this connection. Owned by
// FTS5 once registered (freed through DestroyModule when the connection closes).
struct Module {
  fts5_tokenizer unicode61{};
  void* unicode61_data = nullptr;
};

void DestroyModule(void* module) { delete static_cast<Module*>(module); }


// =================================================================================================
// [SECTION] Instance
// =================================================================================================

// A 64-bit hash of a short byte string (eight bytes at a time, multiply-xorshift mixing).
uint64_t HashWord(const char* p, size_t n) {
  uint64_t h = 0x9E3779B97F4A7C15ull ^ (n * 0xC2B2AE3D27D4EB4Full);
  for (; n >= 8; p += 8, n -= 8) {
    uint64_t v;
    std::memcpy(&v, p, 8);
    h = (h ^ v) * 0xBF58476D1CE4E5B9ull;
    h ^= h >> 31;
  }
  if (n > 0) {
    uint64_t v = 0;
    std::memcpy(&v, p, n);
    h = (h ^ v) * 0x94D049BB133111EBull;
    h ^= h >> 29;
  }
  h *= 0xFF51AFD7ED558CCDull;
  return h ^ (h >> 32);
}

// The stems of words already seen: an open-addressing table (linear probing, kept at most half
// full, grown by doubling from 1024 slots) over one arena holding each word followed by its stem.
// One probe usually costs one slot and one arena read, where std::unordered_map<std::string,
// std::string> cost a bucket, a node and the key's heap copy (a fifth of the writing thread on the
// 20k corpus). Words of at most kMaxStemBytes only (longer ones are their own stem).
class StemCache {
 public:
  // The cached stem of word (hash = HashWord(word)), or false.
  bool Find(std::string_view word, uint64_t hash, std::string_view* stem) const {
    if (slots_.empty()) return false;
    const size_t mask = slots_.size() - 1;
    for (size_t i = static_cast<size_t>(hash) & mask;; i = (i + 1) & mask) {
      const Slot& s = slots_[i];
      if (s.word_len == kEmpty) return false;
      if (s.hash == hash && s.word_len == word.size() &&
          std::memcmp(arena_.data() + s.at, word.data(), word.size()) == 0) {
        *stem = std::string_view(arena_.data() + s.at + s.word_len, s.stem_len);
        return true;
      }
    }
  }
  // Adds word → stem (word not yet in the table; both at most 0xFFFE bytes). May throw std::bad_alloc.
  void Insert(std::string_view word, uint64_t hash, std::string_view stem) {
    if ((count_ + 1) * 2 > slots_.size()) Grow();
    const size_t mask = slots_.size() - 1;
    size_t i = static_cast<size_t>(hash) & mask;
    while (slots_[i].word_len != kEmpty) i = (i + 1) & mask;
    slots_[i] = Slot{hash, static_cast<uint32_t>(arena_.size()), static_cast<uint16_t>(word.size()),
                     static_cast<uint16_t>(stem.size())};
    arena_.append(word);
    arena_.append(stem);
    ++count_;
  }
  size_t size() const { return count_; }
  void clear() {
    slots_.clear();
    arena_.clear();
    count_ = 0;
  }

 private:
  static constexpr uint16_t kEmpty = 0xFFFF;
  struct Slot {
    uint64_t hash = 0;
    uint32_t at = 0;  // the word's offset in arena_ (its stem follows it)
    uint16_t word_len = kEmpty, stem_len = 0;
  };
  void Grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 1024 : old.size() * 2, Slot{});
    const size_t mask = slots_.size() - 1;
    for (const Slot& s : old) {
      if (s.word_len == kEmpty) continue;
      size_t i = static_cast<size_t>(s.hash) & mask;
      while (slots_[i].word_len != kEmpty) i = (i + 1) & mask;
      slots_[i] = s;
    }
  }
  std::vector<Slot> slots_;
  std::string arena_;
  size_t count_ = 0;
};

// One tokenizer instance (one per FTS table, or one per Tokenize() call). Owns its unicode61
// instance and its Snowball environments; nothing is shared between instances.
struct Instance {
  fts5_tokenizer unicode61{};
  Fts5Tokenizer* inner = nullptr;
  SN_env* english = nullptr;
  SN_env* russian = nullptr;
  // Stems of words already seen in documents (a text repeats its vocabulary: stemming each
  // distinct word once saves most of Snowball's time). Cleared when it grows past kStemCacheSize.
  StemCache stems;

  ~Instance() {
    if (inner) unicode61.xDelete(inner);
    if (english) english_UTF_8_close_env(english);
    if (russian) russian_UTF_8_close_env(russian);
  }
};

// xDelete: frees an instance made by Create.
void Delete(Fts5Tokenizer* tokenizer) { delete reinterpret_cast<Instance*>(tokenizer); }

// xCreate: a new instance. unicode61 gets "remove_diacritics 2" (é -> e, ü -> u, and combining
// marks stripped; precomposed ё is left to FoldYo) followed by the arguments of the table's
// tokenize= option, so a table may add tokenchars/separators or override the default.
int Create(void* user_data, const char** args, int arg_count, Fts5Tokenizer** out) {
  *out = nullptr;
  const Module* module = static_cast<const Module*>(user_data);
  Instance* instance = new (std::nothrow) Instance;
  if (!instance) return SQLITE_NOMEM;
  instance->unicode61 = module->unicode61;

  const char* inner_args[32] = {"remove_diacritics", "2"};
  int inner_count = 2;
  if (arg_count < 0 || arg_count > 30) {
    delete instance;
    return SQLITE_ERROR;
  }
  for (int i = 0; i < arg_count; ++i) inner_args[inner_count++] = args[i];

  int rc = module->unicode61.xCreate(module->unicode61_data, inner_args, inner_count, &instance->inner);
  if (rc == SQLITE_OK) {
    instance->english = english_UTF_8_create_env();
    instance->russian = russian_UTF_8_create_env();
    if (!instance->english || !instance->russian) rc = SQLITE_NOMEM;
  }
  if (rc != SQLITE_OK) {
    delete instance;  // unicode61 leaves inner null when its xCreate fails
    return rc;
  }
  *out = reinterpret_cast<Fts5Tokenizer*>(instance);
  return SQLITE_OK;
}

// =================================================================================================
// [SECTION] Tokenizing
// =================================================================================================

enum class Script { Other, Latin, Cyrillic };

// Which stemmer a folded UTF-8 token needs: Cyrillic if it has any Cyrillic letter (U+0400..U+04FF,
// lead bytes D0..D3), else Latin if it has an ASCII letter or a Latin letter unicode61 does not
// decompose (U+00C0..U+024F: ø, ß, ł...), else none (digits, other scripts).
Script ScriptOf(const char* token, int size) {
  bool latin = false;
  for (int i = 0; i < size; ++i) {
    const unsigned char c = static_cast<unsigned char>(token[i]);
    if (c >= 0xD0 && c <= 0xD3) return Script::Cyrillic;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= 0xC3 && c <= 0xC9)) latin = true;
  }
  return latin ? Script::Latin : Script::Other;
}

// State of one xTokenize call, passed through unicode61 to OnToken.
struct Pass {
  Instance* instance = nullptr;
  void* ctx = nullptr;
  int flags = 0;
  int (*emit)(void*, int, const char*, int, int, int) = nullptr;
  std::string folded;  // scratch for FoldYo
  std::vector<Token>* collect = nullptr;  // Tokenize(): fill Tokens instead of emitting
  // Prefix queries only: the token held back until we know whether it is the last one.
  bool has_pending = false;
  std::string pending;
  int pending_flags = 0, pending_start = 0, pending_end = 0;
};

// unicode61 folds case but leaves a precomposed ё (U+0451, D1 91) alone: it only strips a
// separate combining diaeresis. Russian text writes ё and е interchangeably ("Горбачёв",
// "Горбачев"), so ё becomes е (U+0435, D0 B5; same length) here. May throw std::bad_alloc.
void FoldYo(const char** token, int size, std::string* scratch) {
  const char* text = *token;
  bool has_yo = false;
  for (int i = 0; i + 1 < size && !has_yo; ++i) {
    has_yo = static_cast<unsigned char>(text[i]) == 0xD1 && static_cast<unsigned char>(text[i + 1]) == 0x91;
  }
  if (!has_yo) return;
  scratch->assign(text, static_cast<size_t>(size));
  for (size_t i = 0; i + 1 < scratch->size(); ++i) {
    if (static_cast<unsigned char>((*scratch)[i]) == 0xD1 && static_cast<unsigned char>((*scratch)[i + 1]) == 0x91) {
      (*scratch)[i] = static_cast<char>(0xD0);
      (*scratch)[i + 1] = static_cast<char>(0xB5);
    }
  }
  *token = scratch->data();
}

// Stems token with the stemmer for its script. On success *stem/*stem_size point at the stem
// (inside the Snowball env, valid until the next call) or at token itself. Returns an SQLite code.
int Stem(Instance* instance, const char* token, int size, const char** stem, int* stem_size) {
  *stem = token;
  *stem_size = size;
  if (size > kMaxStemBytes) return SQLITE_OK;
  const Script script = ScriptOf(token, size);
  if (script == Script::Other) return SQLITE_OK;
  SN_env* env = script == Script::Cyrillic ? instance->russian : instance->english;
  if (SN_set_current(env, size, reinterpret_cast<const symbol*>(token)) < 0) return SQLITE_NOMEM;
  const int rc = script == Script::Cyrillic ? russian_UTF_8_stem(env) : english_UTF_8_stem(env);
  if (rc < 0) return SQLITE_NOMEM;
  *stem = reinterpret_cast<const char*>(env->p);
  *stem_size = env->l;
  return SQLITE_OK;
}

// The endings a prefix may run into, per script: each is appended (after the part of it the prefix
// already ends with) and the result stemmed, see PrefixStems. Not every Snowball suffix, but the
// inflections and derivations a typed prefix cuts into; stacked ones are listed whole.
constexpr const char* kLatinEndings[] = {
    "s", "es", "ies", "ied", "ed", "ing", "ly", "ingly", "edly", "ment", "ments", "ness", "nesses", "ation",
    "ations", "ational", "ate", "ated", "ates", "ating", "ator", "ators", "ative", "al", "ally", "alism", "ality",
    "alities", "ance", "ances", "ence", "ences", "ant", "ants", "ent", "ents", "ement", "ements", "er", "ers", "est",
    "ful", "fully", "fulness", "ic", "ical", "ically", "ism", "isms", "ist", "ists", "ity", "ities", "ive", "ively",
    "iveness", "ivity", "ize", "ized", "izes", "izing", "ization", "izations", "ise", "ised", "ises", "ising",
    "isation", "ous", "ously", "ousness", "able", "ably", "ability", "ible", "ibly", "ion", "ions", "ional", "e",
    "y", "ier", "iest", "ily", "iness"};
constexpr const char* kCyrillicEndings[] = {
    "а", "я", "о", "е", "ы", "и", "й", "у", "ю", "ь", "ом", "ем", "ой", "ей", "ам", "ям", "ах", "ях", "ами", "ями",
    "ов", "ев", "ий", "ый", "ая", "яя", "ое", "ее", "ую", "юю", "ого", "его", "ому", "ему", "ым", "им", "ых", "их",
    "ыми", "ими", "ия", "ие", "ию", "ья", "ье", "ью", "ией", "иям", "иях", "иями", "ием", "ость", "ости", "остью",
    "остей", "ться", "тся", "ет", "ют", "ит", "ат", "ят", "ут", "ешь", "ишь", "ете", "ите", "ть", "ла", "ли", "ло",
    "л", "ала", "ало", "али", "ила", "ило", "или", "ил", "ыла", "ыли", "ыл", "ена", "ено", "ены", "ен", "енный",
    "енная", "енное", "енные", "енного", "ованный", "ования", "ование", "ованием", "вший", "вшая", "вшие", "вшего",
    "ющий", "ющая", "ющие", "ющего", "ющих", "ущий", "ащий", "ящий", "ся", "сь", "ейший", "ейшая", "ейшие", "ів",
    "ій", "ії", "ість", "ості", "ення", "енням", "ння", "нням", "ням", "ові", "еві", "ою", "ею"};

size_t CharCount(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// The terms a prefix query token p (folded) stands for, each itself a prefix: p, cut back to the
// shortest stem that p completed with an ending of its script stems to (at least 3 characters,
// a proper prefix of p), and the stem of p itself when that is no prefix of the first (English
// "happy" -> "happi"). Returns an SQLite code.
int PrefixStems(Instance* instance, const std::string& p, std::vector<std::string>* out) {
  out->clear();
  std::string cut = p;
  const Script script = ScriptOf(p.data(), static_cast<int>(p.size()));
  if (script != Script::Other && p.size() <= kMaxStemBytes) {
    const char* const* endings = script == Script::Latin ? kLatinEndings : kCyrillicEndings;
    const size_t count = script == Script::Latin ? std::size(kLatinEndings) : std::size(kCyrillicEndings);
    std::string word;
    auto consider = [&](const std::string& w) -> int {
      const char* stem = nullptr;
      int size = 0;
      const int rc = Stem(instance, w.data(), static_cast<int>(w.size()), &stem, &size);
      if (rc != SQLITE_OK) return rc;
      const std::string_view st(stem, static_cast<size_t>(size));
      if (st.size() < cut.size() && std::string_view(p).starts_with(st) && CharCount(st) >= 3) cut.assign(st);
      return SQLITE_OK;
    };
    int rc = consider(p);
    for (size_t e = 0; rc == SQLITE_OK && e < count; ++e) {
      const std::string_view ending(endings[e]);
      for (size_t j = 0; rc == SQLITE_OK && j < ending.size(); ++j) {  // p already ends with ending[0, j)
        if ((static_cast<unsigned char>(ending[j]) & 0xC0) == 0x80) continue;
        if (!std::string_view(p).ends_with(ending.substr(0, j))) continue;
        word.assign(p).append(ending.substr(j));
        rc = consider(word);
      }
    }
    if (rc != SQLITE_OK) return rc;
  }
  out->push_back(cut);
  if (cut == p && script != Script::Other && p.size() <= kMaxStemBytes) {
    const char* stem = nullptr;
    int size = 0;
    const int rc = Stem(instance, p.data(), static_cast<int>(p.size()), &stem, &size);
    if (rc != SQLITE_OK) return rc;
    const std::string_view st(stem, static_cast<size_t>(size));
    if (!st.empty() && !st.starts_with(cut)) out->emplace_back(st);
  }
  return SQLITE_OK;
}

// The alternatives a plain query word (folded) stands for: its stem, the word itself and the stem
// of its stem, without repeats (see the top of the file). Returns an SQLite code.
int QueryTerms(Instance* instance, const char* token, int size, std::string* stem, std::string* base) {
  const char* st = nullptr;
  int st_size = 0;
  int rc = Stem(instance, token, size, &st, &st_size);
  if (rc != SQLITE_OK) return rc;
  stem->assign(st, static_cast<size_t>(st_size));
  rc = Stem(instance, stem->data(), static_cast<int>(stem->size()), &st, &st_size);
  if (rc != SQLITE_OK) return rc;
  base->assign(st, static_cast<size_t>(st_size));
  return SQLITE_OK;
}

// Emits one folded word: in a document its stem alone; in a query its stem OR'ed with the word
// and the stem of its stem; for Tokenize() a Token. Auxiliary functions (snippet, highlight) and
// PositionCounter::Starts only need positions and offsets: one token per word as in a document (so
// the same positions), the folded word unstemmed (stemming was a third of a snippet's cost).
int EmitStemmed(Pass* pass, int tflags, const char* token, int size, int start, int end) {
  if (pass->collect) {
    Token& t = pass->collect->emplace_back();
    t.folded.assign(token, static_cast<size_t>(size));
    t.start = start;
    t.end = end;
    return QueryTerms(pass->instance, token, size, &t.term, &t.base);
  }
  if (pass->flags & FTS5_TOKENIZE_AUX) return pass->emit(pass->ctx, tflags, token, size, start, end);
  if (!(pass->flags & FTS5_TOKENIZE_QUERY)) {
    Instance* instance = pass->instance;
    if (size > kMaxStemBytes) return pass->emit(pass->ctx, tflags, token, size, start, end);  // its own stem
    const std::string_view word(token, static_cast<size_t>(size));
    const uint64_t hash = HashWord(token, word.size());
    std::string_view cached;
    if (!instance->stems.Find(word, hash, &cached)) {
      const char* stem = nullptr;
      int stem_size = 0;
      const int rc = Stem(instance, token, size, &stem, &stem_size);
      if (rc != SQLITE_OK) return rc;
      if (stem_size >= 0xFFFF) return pass->emit(pass->ctx, tflags, stem, stem_size, start, end);
      if (instance->stems.size() >= kStemCacheSize) instance->stems.clear();
      instance->stems.Insert(word, hash, std::string_view(stem, static_cast<size_t>(stem_size)));
      return pass->emit(pass->ctx, tflags, stem, stem_size, start, end);
    }
    return pass->emit(pass->ctx, tflags, cached.data(), static_cast<int>(cached.size()), start, end);
  }
  std::string stem, base;
  int rc = QueryTerms(pass->instance, token, size, &stem, &base);
  if (rc == SQLITE_OK) rc = pass->emit(pass->ctx, tflags, stem.data(), static_cast<int>(stem.size()), start, end);
  const std::string_view word(token, static_cast<size_t>(size));
  if (rc == SQLITE_OK && word != stem) rc = pass->emit(pass->ctx, tflags | FTS5_TOKEN_COLOCATED, token, size, start, end);
  if (rc == SQLITE_OK && base != stem && base != word)
    rc = pass->emit(pass->ctx, tflags | FTS5_TOKEN_COLOCATED, base.data(), static_cast<int>(base.size()), start, end);
  return rc;
}

// Emits the last token of a prefix query: the terms of PrefixStems, OR'ed (FTS5 makes each a prefix).
int EmitPrefix(Pass* pass, int tflags, const std::string& token, int start, int end) {
  std::vector<std::string> terms;
  int rc = PrefixStems(pass->instance, token, &terms);
  for (size_t i = 0; rc == SQLITE_OK && i < terms.size(); ++i)
    rc = pass->emit(pass->ctx, i == 0 ? tflags : tflags | FTS5_TOKEN_COLOCATED, terms[i].data(),
                    static_cast<int>(terms[i].size()), start, end);
  return rc;
}

// unicode61's callback. In a prefix query only the last token is a prefix (FTS5 docs: "the last
// token returned by the tokenizer will be treated as a token prefix"), so each token is held back
// one step; the one still pending at the end is emitted by TokenizeText through EmitPrefix.
int OnToken(void* pass_ptr, int tflags, const char* token, int size, int start, int end) {
  Pass* pass = static_cast<Pass*>(pass_ptr);
  try {
    FoldYo(&token, size, &pass->folded);
    if (!(pass->flags & FTS5_TOKENIZE_PREFIX)) return EmitStemmed(pass, tflags, token, size, start, end);
    if (pass->has_pending) {
      const int rc = EmitStemmed(pass, pass->pending_flags, pass->pending.data(),
                                 static_cast<int>(pass->pending.size()), pass->pending_start, pass->pending_end);
      if (rc != SQLITE_OK) return rc;
    }
    pass->pending.assign(token, static_cast<size_t>(size));
  } catch (const std::bad_alloc&) {
    return SQLITE_NOMEM;
  }
  pass->has_pending = true;
  pass->pending_flags = tflags;
  pass->pending_start = start;
  pass->pending_end = end;
  return SQLITE_OK;
}

// The replay scope of this thread (see ReplayTerms), or null.
thread_local ReplayTerms* g_replay = nullptr;

bool ReadVarint(std::string_view* in, uint64_t* value) {
  *value = 0;
  for (int shift = 0; shift < 64 && !in->empty(); shift += 7) {
    const unsigned char c = static_cast<unsigned char>(in->front());
    in->remove_prefix(1);
    *value |= static_cast<uint64_t>(c & 0x7F) << shift;
    if (!(c & 0x80)) return true;
  }
  return false;
}

void WriteVarint(std::string* out, uint64_t value) {
  while (value >= 0x80) {
    out->push_back(static_cast<char>((value & 0x7F) | 0x80));
    value >>= 7;
  }
  out->push_back(static_cast<char>(value));
}

// Emits the next prepared column of the replay scope (one position per term, as in a document).
int Replay(ReplayTerms* replay, void* ctx, int (*emit)(void*, int, const char*, int, int, int)) {
  uint64_t count = 0;
  std::string_view terms;
  if (!replay->NextColumn(&count, &terms)) return SQLITE_ERROR;
  for (uint64_t i = 0; i < count; ++i) {
    uint64_t size = 0;
    if (!ReadVarint(&terms, &size) || size > terms.size()) return SQLITE_ERROR;
    const int rc = emit(ctx, 0, terms.data(), static_cast<int>(size), 0, 0);
    if (rc != SQLITE_OK) return rc;
    terms.remove_prefix(size);
  }
  return terms.empty() ? SQLITE_OK : SQLITE_ERROR;
}

// xTokenize.
int TokenizeText(Fts5Tokenizer* tokenizer, void* ctx, int flags, const char* text, int size,
                 int (*emit)(void*, int, const char*, int, int, int)) {
  Instance* instance = reinterpret_cast<Instance*>(tokenizer);
  if (g_replay && (flags & FTS5_TOKENIZE_DOCUMENT) && text &&
      std::string_view(text, static_cast<size_t>(size)) == kReplayMarker)
    return Replay(g_replay, ctx, emit);
  Pass pass;
  pass.instance = instance;
  pass.ctx = ctx;
  pass.flags = flags;
  pass.emit = emit;
  int rc = instance->unicode61.xTokenize(instance->inner, &pass, flags, text, size, OnToken);
  if (rc == SQLITE_OK && pass.has_pending) {
    try {
      rc = EmitPrefix(&pass, pass.pending_flags, pass.pending, pass.pending_start, pass.pending_end);
    } catch (const std::bad_alloc&) {
      rc = SQLITE_NOMEM;
    }
  }
  return rc;
}

// =================================================================================================
// [SECTION] Tokenize()
// =================================================================================================

}  // namespace

fts5_api* GetFts5Api(sqlite3* db) {
  fts5_api* api = nullptr;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, nullptr) != SQLITE_OK) return nullptr;
  sqlite3_bind_pointer(stmt, 1, &api, "fts5_api_ptr", nullptr);
  sqlite3_step(stmt);
  sqlite3_finalize(stmt);
  return api;
}

bool RegisterTokenizer(sqlite3* db, std::string* error) {
  fts5_api* api = GetFts5Api(db);
  if (!api || api->iVersion < 2) {
    if (error) *error = "SQLite was built without FTS5";
    return false;
  }
  Module* module = new (std::nothrow) Module;
  if (!module) {
    if (error) *error = "out of memory registering the stenogram tokenizer";
    return false;
  }
  if (api->xFindTokenizer(api, "unicode61", &module->unicode61_data, &module->unicode61) != SQLITE_OK) {
    delete module;
    if (error) *error = "FTS5 has no unicode61 tokenizer";
    return false;
  }
  fts5_tokenizer methods{};
  methods.xCreate = Create;
  methods.xDelete = Delete;
  methods.xTokenize = TokenizeText;
  if (api->xCreateTokenizer(api, kName, module, &methods, DestroyModule) != SQLITE_OK) {
    delete module;  // FTS5 did not take ownership: xDestroy is only called for registered modules
    if (error) *error = "could not register the stenogram tokenizer";
    return false;
  }
  // The stored texts' function (textcodec.h): the documents view, which the index reads, needs it.
  return RegisterStoredTextFunction(db, error);
}

std::vector<Token> Tokenize(const std::string& text) {
  std::vector<Token> tokens;
  sqlite3* db = nullptr;
  if (sqlite3_open(":memory:", &db) != SQLITE_OK) {
    sqlite3_close(db);
    return tokens;
  }
  std::string error;
  fts5_api* api = nullptr;
  void* user_data = nullptr;
  fts5_tokenizer methods{};
  Fts5Tokenizer* instance = nullptr;
  if (RegisterTokenizer(db, &error) && (api = GetFts5Api(db)) != nullptr &&
      api->xFindTokenizer(api, kName, &user_data, &methods) == SQLITE_OK &&
      methods.xCreate(user_data, nullptr, 0, &instance) == SQLITE_OK) {
    assert(text.size() <= 0x7fffffff);
    Instance* own = reinterpret_cast<Instance*>(instance);
    Pass pass;
    pass.instance = own;
    pass.flags = FTS5_TOKENIZE_DOCUMENT;
    pass.collect = &tokens;
    if (own->unicode61.xTokenize(own->inner, &pass, FTS5_TOKENIZE_DOCUMENT, text.data(), static_cast<int>(text.size()),
                                 OnToken) != SQLITE_OK) {
      tokens.clear();
    }
    methods.xDelete(instance);
  }
  sqlite3_close(db);
  return tokens;
}

bool Matches(const Token& q, const Token& d, bool prefix) {
  if (!prefix) return d.term == q.term || d.term == q.folded || d.term == q.base;
  // PrefixStems of q.folded, remembered for the last query word (HitRanges asks for every word of
  // a document in turn).
  thread_local std::string last;
  thread_local std::vector<std::string> terms;
  thread_local bool ready = false;
  if (!ready || last != q.folded) {
    ready = false;
    Instance instance;
    instance.english = english_UTF_8_create_env();
    instance.russian = russian_UTF_8_create_env();
    if (!instance.english || !instance.russian || PrefixStems(&instance, q.folded, &terms) != SQLITE_OK)
      terms.assign(1, q.folded);
    last = q.folded;
    ready = true;
  }
  for (const std::string& t : terms)
    if (d.term.starts_with(t)) return true;
  return false;
}

// ---- PositionCounter ----

namespace {
int CountPosition(void* starts_ptr, int tflags, const char*, int, int start, int) {
  if (tflags & FTS5_TOKEN_COLOCATED) return SQLITE_OK;
  try {
    static_cast<std::vector<int>*>(starts_ptr)->push_back(start);
  } catch (const std::bad_alloc&) {
    return SQLITE_NOMEM;
  }
  return SQLITE_OK;
}
}  // namespace

PositionCounter::PositionCounter() {
  if (sqlite3_open(":memory:", &db_) != SQLITE_OK) return;
  fts5_api* api = GetFts5Api(db_);
  auto* methods = new (std::nothrow) fts5_tokenizer{};
  void* user_data = nullptr;
  if (!api || !methods || api->xFindTokenizer(api, "unicode61", &user_data, methods) != SQLITE_OK) {
    delete methods;
    return;
  }
  // The same unicode61 arguments as the stenogram tokenizer's (Create, above): the same words.
  const char* args[] = {"remove_diacritics", "2"};
  Fts5Tokenizer* instance = nullptr;
  if (methods->xCreate(user_data, args, 2, &instance) != SQLITE_OK) {
    delete methods;
    return;
  }
  methods_ = methods;
  instance_ = instance;
}

PositionCounter::~PositionCounter() {
  if (instance_) static_cast<fts5_tokenizer*>(methods_)->xDelete(static_cast<Fts5Tokenizer*>(instance_));
  delete static_cast<fts5_tokenizer*>(methods_);
  sqlite3_close(db_);
}

bool PositionCounter::Starts(const std::string& text, std::vector<int>* starts) {
  starts->clear();
  if (!instance_) return false;
  if (text.empty()) return true;
  auto* methods = static_cast<fts5_tokenizer*>(methods_);
  return methods->xTokenize(static_cast<Fts5Tokenizer*>(instance_), starts, FTS5_TOKENIZE_AUX, text.data(),
                            static_cast<int>(text.size()), CountPosition) == SQLITE_OK;
}

}  // namespace stenogram

// ---- TermWriter and ReplayTerms ----

namespace stenogram {

namespace {
struct TermSink {
  std::string terms;
  uint64_t count = 0;
  std::vector<int>* starts = nullptr;
};
int CollectTerm(void* sink_ptr, int tflags, const char* token, int size, int start, int) {
  if (tflags & FTS5_TOKEN_COLOCATED) return SQLITE_OK;  // never in a document; kept for safety
  auto* sink = static_cast<TermSink*>(sink_ptr);
  try {
    WriteVarint(&sink->terms, static_cast<uint64_t>(size));
    sink->terms.append(token, static_cast<size_t>(size));
    if (sink->starts) sink->starts->push_back(start);
  } catch (const std::bad_alloc&) {
    return SQLITE_NOMEM;
  }
  ++sink->count;
  return SQLITE_OK;
}
}  // namespace

TermWriter::TermWriter() {
  if (sqlite3_open(":memory:", &db_) != SQLITE_OK) return;
  std::string error;
  fts5_api* api = nullptr;
  void* user_data = nullptr;
  auto* methods = new (std::nothrow) fts5_tokenizer{};
  Fts5Tokenizer* instance = nullptr;
  if (!methods || !RegisterTokenizer(db_, &error) || (api = GetFts5Api(db_)) == nullptr ||
      api->xFindTokenizer(api, kName, &user_data, methods) != SQLITE_OK ||
      methods->xCreate(user_data, nullptr, 0, &instance) != SQLITE_OK) {
    delete methods;
    return;
  }
  methods_ = methods;
  instance_ = instance;
}

TermWriter::~TermWriter() {
  if (instance_) static_cast<fts5_tokenizer*>(methods_)->xDelete(static_cast<Fts5Tokenizer*>(instance_));
  delete static_cast<fts5_tokenizer*>(methods_);
  sqlite3_close(db_);
}

bool TermWriter::Append(const std::string& text, std::string* out, std::vector<int>* starts) {
  if (starts) starts->clear();
  if (!instance_ || text.size() > 0x7fffffff) return false;
  TermSink sink;
  sink.starts = starts;
  if (!text.empty()) {
    auto* methods = static_cast<fts5_tokenizer*>(methods_);
    if (methods->xTokenize(static_cast<Fts5Tokenizer*>(instance_), &sink, FTS5_TOKENIZE_DOCUMENT, text.data(),
                           static_cast<int>(text.size()), CollectTerm) != SQLITE_OK)
      return false;
  }
  WriteVarint(out, sink.count);
  out->append(sink.terms);
  return true;
}

ReplayTerms::ReplayTerms(std::string_view columns) : rest_(columns) { g_replay = this; }

ReplayTerms::~ReplayTerms() {
  if (g_replay == this) g_replay = nullptr;
}

bool ReplayTerms::NextColumn(uint64_t* count, std::string_view* terms) {
  if (!ok_ || rest_.empty() || !ReadVarint(&rest_, count)) return ok_ = false;
  // The column runs to the end of its count-th term.
  std::string_view scan = rest_;
  for (uint64_t i = 0; i < *count; ++i) {
    uint64_t size = 0;
    if (!ReadVarint(&scan, &size) || size > scan.size()) return ok_ = false;
    scan.remove_prefix(size);
  }
  *terms = rest_.substr(0, rest_.size() - scan.size());
  rest_ = scan;
  return true;
}

}  // namespace stenogram
