// tokenizer: the "stenogram" FTS5 tokenizer (see tokenizer.h). It wraps SQLite's built-in
// unicode61 tokenizer (word splitting, case folding, diacritics removal) and stems each token with
// Snowball: Russian for Cyrillic tokens, English for Latin ones, others (numbers) unchanged.
//
// [SECTION] Index
//   Registration: fts5_api lookup, the module object handed to xCreateTokenizer.
//   Instance:     xCreate / xDelete, one unicode61 instance and one Snowball env per language.
//   Tokenizing:   xTokenize and the per-token callback (stemming, prefix queries, long tokens).
//   Tokenize():   the same pipeline outside SQL, for highlighting.
//
// Prefix queries. The index holds stems ("negotiations" -> "negoti"), but a prefix the user
// types is usually not a stem and stemming it does not make it one ("negotiat" stays
// "negotiat", which is not a prefix of "negoti"). So the tokenizer also emits the folded,
// unstemmed word at the same position (FTS5_TOKEN_COLOCATED) when it differs from the stem, and
// leaves the last token of a prefix query unstemmed: "negotiat*" then matches "negotiations" and
// "negotiating" by their whole forms. Colocated tokens do not count towards document length, so
// bm25 is unaffected; the index grows by the extra terms. In queries the unstemmed word is an
// alternative to the stem, which rescues over-stemmed base forms (surnames: "Лавров" -> "лавр",
// but "Лаврова" -> "лавров"). Matches(), below, states the resulting rule for one word.
#include "core/tokenizer.h"

#include <sqlite3.h>

#include <cassert>
#include <new>
#include <string>
#include <vector>

extern "C" {
#include "api.h"
#include "stem_UTF_8_english.h"
#include "stem_UTF_8_russian.h"
}

namespace stenogram {
namespace {

constexpr const char* kName = "stenogram";
constexpr int kMaxStemBytes = 64;  // longer tokens (URLs, hashes, glued words) pass through unstemmed

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

// The connection's fts5_api, or nullptr if FTS5 is not compiled in. The pointer stays valid for
// the lifetime of db.
fts5_api* GetFts5Api(sqlite3* db) {
  fts5_api* api = nullptr;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, nullptr) != SQLITE_OK) return nullptr;
  sqlite3_bind_pointer(stmt, 1, &api, "fts5_api_ptr", nullptr);
  sqlite3_step(stmt);
  sqlite3_finalize(stmt);
  return api;
}

// =================================================================================================
// [SECTION] Instance
// =================================================================================================

// One tokenizer instance (one per FTS table, or one per Tokenize() call). Owns its unicode61
// instance and its Snowball environments; nothing is shared between instances.
struct Instance {
  fts5_tokenizer unicode61{};
  Fts5Tokenizer* inner = nullptr;
  SN_env* english = nullptr;
  SN_env* russian = nullptr;

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

// Emits one folded word as its stem and, when the word differs from its stem, the word itself at
// the same position. In a document that lets prefix queries see whole forms. In a query it is an
// alternative (FTS5 ORs colocated query tokens) that catches words the stemmer cuts too far:
// "Лавров" stems to "лавр" but "Лаврова" to "лавров", so the query also asks for "лавров".
// Auxiliary functions (snippet, highlight) only need positions and offsets: stem alone.
int EmitStemmed(Pass* pass, int tflags, const char* token, int size, int start, int end) {
  const char* stem = nullptr;
  int stem_size = 0;
  int rc = Stem(pass->instance, token, size, &stem, &stem_size);
  if (rc != SQLITE_OK) return rc;
  rc = pass->emit(pass->ctx, tflags, stem, stem_size, start, end);
  const bool differs =
      stem_size != size || std::char_traits<char>::compare(stem, token, static_cast<size_t>(size)) != 0;
  if (rc == SQLITE_OK && differs && !(pass->flags & FTS5_TOKENIZE_AUX)) {
    rc = pass->emit(pass->ctx, tflags | FTS5_TOKEN_COLOCATED, token, size, start, end);
  }
  return rc;
}

// unicode61's callback. In a prefix query only the last token is a prefix (FTS5 docs: "the last
// token returned by the tokenizer will be treated as a token prefix"), so each token is held back
// one step; the one still pending at the end is emitted unstemmed by TokenizeText.
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

// xTokenize.
int TokenizeText(Fts5Tokenizer* tokenizer, void* ctx, int flags, const char* text, int size,
                 int (*emit)(void*, int, const char*, int, int, int)) {
  Instance* instance = reinterpret_cast<Instance*>(tokenizer);
  Pass pass;
  pass.instance = instance;
  pass.ctx = ctx;
  pass.flags = flags;
  pass.emit = emit;
  int rc = instance->unicode61.xTokenize(instance->inner, &pass, flags, text, size, OnToken);
  if (rc == SQLITE_OK && pass.has_pending) {
    rc = emit(ctx, pass.pending_flags, pass.pending.data(), static_cast<int>(pass.pending.size()),
              pass.pending_start, pass.pending_end);
  }
  return rc;
}

// =================================================================================================
// [SECTION] Tokenize()
// =================================================================================================

// Collects the token stream of a document into Tokens (a colocated token is the folded form of
// the token before it).
int CollectToken(void* tokens_ptr, int tflags, const char* token, int size, int start, int end) {
  auto* tokens = static_cast<std::vector<Token>*>(tokens_ptr);
  try {
    if ((tflags & FTS5_TOKEN_COLOCATED) && !tokens->empty()) {
      tokens->back().folded.assign(token, static_cast<size_t>(size));
    } else {
      Token& added = tokens->emplace_back();
      added.term.assign(token, static_cast<size_t>(size));
      added.folded = added.term;
      added.start = start;
      added.end = end;
    }
  } catch (const std::bad_alloc&) {
    return SQLITE_NOMEM;
  }
  return SQLITE_OK;
}

}  // namespace

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
  return true;
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
    if (methods.xTokenize(instance, &tokens, FTS5_TOKENIZE_DOCUMENT, text.data(), static_cast<int>(text.size()),
                          CollectToken) != SQLITE_OK) {
      tokens.clear();
    }
    methods.xDelete(instance);
  }
  sqlite3_close(db);
  return tokens;
}

bool Matches(const Token& q, const Token& d, bool prefix) {
  if (prefix) return d.term.starts_with(q.folded) || d.folded.starts_with(q.folded);
  return q.term == d.term || q.term == d.folded || q.folded == d.term || q.folded == d.folded;
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
  return methods->xTokenize(static_cast<Fts5Tokenizer*>(instance_), starts, FTS5_TOKENIZE_DOCUMENT, text.data(),
                            static_cast<int>(text.size()), CountPosition) == SQLITE_OK;
}

}  // namespace stenogram
