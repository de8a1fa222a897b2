// Tests of tokenizer: the "stenogram" FTS5 tokenizer through real MATCH queries on an in-memory
// FTS5 table, and Tokenize()/Matches() against what the index holds.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/archive/tokenizer.h"

using namespace stenogram;

namespace {

// An in-memory database with the tokenizer registered and table t(x) using it.
class FtsFixture {
 public:
  explicit FtsFixture(const char* tokenize = "stenogram") {
    REQUIRE(sqlite3_open(":memory:", &db_) == SQLITE_OK);
    std::string error;
    REQUIRE_MESSAGE(RegisterTokenizer(db_, &error), error);
    const std::string sql = std::string("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='") + tokenize + "')";
    REQUIRE_MESSAGE(Exec(sql) == SQLITE_OK, sqlite3_errmsg(db_));
  }
  ~FtsFixture() { sqlite3_close(db_); }
  FtsFixture(const FtsFixture&) = delete;
  FtsFixture& operator=(const FtsFixture&) = delete;

  int Exec(const std::string& sql) { return sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr); }

  // Inserts text as row id.
  void Add(int64_t id, const std::string& text) {
    sqlite3_stmt* stmt = nullptr;
    REQUIRE(sqlite3_prepare_v2(db_, "INSERT INTO t(rowid, x) VALUES (?1, ?2)", -1, &stmt, nullptr) == SQLITE_OK);
    sqlite3_bind_int64(stmt, 1, id);
    sqlite3_bind_text(stmt, 2, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    CHECK(sqlite3_step(stmt) == SQLITE_DONE);
    sqlite3_finalize(stmt);
  }

  // Row ids matching an FTS5 query, ascending.
  std::vector<int64_t> Match(const std::string& query) {
    std::vector<int64_t> ids;
    sqlite3_stmt* stmt = nullptr;
    REQUIRE(sqlite3_prepare_v2(db_, "SELECT rowid FROM t WHERE t MATCH ?1 ORDER BY rowid", -1, &stmt, nullptr) ==
            SQLITE_OK);
    sqlite3_bind_text(stmt, 1, query.data(), static_cast<int>(query.size()), SQLITE_TRANSIENT);
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) ids.push_back(sqlite3_column_int64(stmt, 0));
    CHECK_MESSAGE(rc == SQLITE_DONE, sqlite3_errmsg(db_));
    sqlite3_finalize(stmt);
    return ids;
  }

  // One text column of the first row of sql.
  std::string Text(const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    REQUIRE(sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK);
    std::string out;
    if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0)) {
      out = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    }
    sqlite3_finalize(stmt);
    return out;
  }

  sqlite3* Db() { return db_; }

 private:
  sqlite3* db_ = nullptr;
};

using Ids = std::vector<int64_t>;

// The substring of text a token covers.
std::string Cover(const std::string& text, const Token& token) {
  REQUIRE(token.start >= 0);
  REQUIRE(token.end <= static_cast<int>(text.size()));
  REQUIRE(token.start < token.end);
  return text.substr(static_cast<size_t>(token.start), static_cast<size_t>(token.end - token.start));
}

}  // namespace

TEST_CASE("tokenizer: registration is needed, and each connection gets its own") {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(":memory:", &db) == SQLITE_OK);
  CHECK(sqlite3_exec(db, "CREATE VIRTUAL TABLE t USING fts5(x, tokenize='stenogram')", nullptr, nullptr, nullptr) !=
        SQLITE_OK);
  std::string error;
  CHECK(RegisterTokenizer(db, &error));
  CHECK(RegisterTokenizer(db, &error));  // registering twice is harmless
  CHECK(sqlite3_exec(db, "CREATE VIRTUAL TABLE t USING fts5(x, tokenize='stenogram');"
                         "CREATE VIRTUAL TABLE u USING fts5(y, tokenize='stenogram');"
                         "INSERT INTO t VALUES ('переговоры'); INSERT INTO u VALUES ('negotiations');",
                     nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);

  FtsFixture other;  // a second connection, unaffected by the first one closing
  other.Add(1, "переговорах");
  CHECK(other.Match("переговоры") == Ids{1});
}

TEST_CASE("tokenizer: Russian inflections share a stem") {
  FtsFixture f;
  f.Add(1, "Мы говорили о переговорах.");
  f.Add(2, "Он занимался переговорами.");
  f.Add(3, "Переговоры продолжатся.");
  f.Add(4, "Перевод заявления.");
  CHECK(f.Match("переговоры") == Ids{1, 2, 3});
  CHECK(f.Match("переговорах") == Ids{1, 2, 3});
  CHECK(f.Match("перевод") == Ids{4});
}

TEST_CASE("tokenizer: English inflections share a stem") {
  FtsFixture f;
  f.Add(1, "We are negotiating.");
  f.Add(2, "They negotiated a deal.");
  f.Add(3, "The negotiations went on.");
  f.Add(4, "Navigation on the Danube.");
  CHECK(f.Match("negotiations") == Ids{1, 2, 3});
  CHECK(f.Match("negotiate") == Ids{1, 2, 3});
  CHECK(f.Match("navigating") == Ids{4});
}

TEST_CASE("tokenizer: surnames in oblique cases") {
  // Snowball cuts "Лавров" to "лавр" ("-ов" looks like a genitive plural) but "Лаврова" only to
  // "лавров"; the query's alternatives bridge it: the word itself ("лавров") and the stem of its
  // stem ("лавров" -> "лавр").
  FtsFixture f;
  f.Add(1, "Сергей Лавров заявил");
  f.Add(2, "встреча Лаврова и Вучича");
  f.Add(3, "вопрос Лаврову");
  f.Add(4, "беседа с Лавровым");
  f.Add(5, "Дмитрий Медведев");
  f.Add(6, "с Медведевым");
  CHECK(f.Match("Лавров") == Ids{1, 2, 3, 4});
  CHECK(f.Match("Лаврова") == Ids{1, 2, 3, 4});
  CHECK(f.Match("Лаврову") == Ids{1, 2, 3, 4});
  CHECK(f.Match("Медведев") == Ids{5, 6});
  CHECK(f.Match("Медведевым") == Ids{5, 6});
}

TEST_CASE("tokenizer: case folding, Cyrillic and Latin") {
  FtsFixture f;
  f.Add(1, "МОСКВА");
  f.Add(2, "москва");
  f.Add(3, "в Москве");
  f.Add(4, "NATO summit");
  f.Add(5, "nato");
  CHECK(f.Match("москва") == Ids{1, 2, 3});
  CHECK(f.Match("МОСКВА") == Ids{1, 2, 3});
  CHECK(f.Match("Nato") == Ids{4, 5});
}

TEST_CASE("tokenizer: ё is е") {
  // unicode61 with remove_diacritics 2 only strips a separate combining diaeresis (е + U+0308); a
  // precomposed ё is folded by the tokenizer itself, so stems and whole forms (prefixes) agree.
  FtsFixture f;
  f.Add(1, "ёлка");
  f.Add(2, "елка");
  f.Add(3, "Ёлки");
  f.Add(4, "е\xCC\x88лками");  // е + combining diaeresis
  f.Add(5, "Михаил Горбачёв");
  f.Add(6, "Михаил Горбачев");
  CHECK(f.Match("ёлка") == Ids{1, 2, 3, 4});
  CHECK(f.Match("елка") == Ids{1, 2, 3, 4});
  CHECK(f.Match("ёлк*") == Ids{1, 2, 3, 4});
  CHECK(f.Match("Горбачёв") == Ids{5, 6});
  CHECK(f.Match("Горбачев") == Ids{5, 6});
  CHECK(f.Match("горбачё*") == Ids{5, 6});
  CHECK(Tokenize("Ёлка")[0].folded == "елка");
}

TEST_CASE("tokenizer: Latin diacritics fold; letters without a decomposition do not") {
  FtsFixture f;
  f.Add(1, "café Müller");
  f.Add(2, "cafe Muller");
  f.Add(3, "Thorbjørn Jagland");
  f.Add(4, "Thorbjorn Jagland");
  f.Add(5, "THORBJØRN");
  CHECK(f.Match("cafe") == Ids{1, 2});
  CHECK(f.Match("café") == Ids{1, 2});
  CHECK(f.Match("MÜLLER") == Ids{1, 2});
  // ø (U+00F8) is a letter of its own in Unicode, not o + a mark: unicode61 keeps it, so
  // "Thorbjørn" and "Thorbjorn" are different words. Case still folds (Ø -> ø).
  CHECK(f.Match("Thorbjørn") == Ids{3, 5});
  CHECK(f.Match("Thorbjorn") == Ids{4});
  CHECK(f.Match("Jagland") == Ids{3, 4});
}

TEST_CASE("tokenizer: phrases and NEAR still work on stems") {
  FtsFixture f;
  f.Add(1, "Мирные переговоры начались");
  f.Add(2, "о мирных переговорах");
  f.Add(3, "переговоры были мирные");
  f.Add(4, "peace negotiations resumed");
  f.Add(5, "negotiations for peace");
  CHECK(f.Match("\"мирные переговоры\"") == Ids{1, 2});
  CHECK(f.Match("\"peaceful negotiation\"") == Ids{4});  // peaceful -> peac, peace -> peac
  CHECK(f.Match("\"negotiating for peace\"") == Ids{5});
  CHECK(f.Match("NEAR(мирный переговоров, 0)") == Ids{1, 2});
  CHECK(f.Match("NEAR(мирный переговоров, 1)") == Ids{1, 2, 3});
  CHECK(f.Match("NEAR(peace negotiated, 1)") == Ids{4, 5});
}

TEST_CASE("tokenizer: prefix queries find the stems of the words they start") {
  // Stemming a prefix breaks it: "negotiat" stays "negotiat", which no stem ("negoti") starts
  // with. The index holds stems only, so a prefix that runs into an ending is cut back to the
  // stem of the words it starts ("negotiat*" -> "negoti*"): the whole stem family matches.
  FtsFixture f;
  f.Add(1, "negotiating");
  f.Add(2, "negotiated");
  f.Add(3, "negotiations");
  f.Add(4, "navigation");
  f.Add(5, "переговоры были");
  f.Add(6, "переговорами");
  CHECK(f.Match("negotiat*") == Ids{1, 2, 3});
  CHECK(f.Match("negotiati*") == Ids{1, 2, 3});  // the stem family: "negotiated" too
  CHECK(f.Match("negoti*") == Ids{1, 2, 3});
  CHECK(f.Match("n*") == Ids{1, 2, 3, 4});
  CHECK(f.Match("переговор*") == Ids{5, 6});
  CHECK(f.Match("переговора*") == Ids{5, 6});
  CHECK(f.Match("negot*") == Ids{1, 2, 3});  // within the stem: as typed
  CHECK(f.Match("navigati*") == Ids{4});
  // Only the last token of a prefix phrase is a prefix: "переговорах" before it is stemmed.
  CHECK(f.Match("\"переговорах был\"*") == Ids{5});
  CHECK(f.Match("\"переговорах быв\"*").empty());
}

TEST_CASE("tokenizer: Latin and Cyrillic in one text") {
  FtsFixture f;
  f.Add(1, "Sergey Lavrov: переговоры с NATO о «Северном потоке» (Nord Stream) в 2014 году.");
  f.Add(2, "Lavrov Sergey");
  CHECK(f.Match("Lavrov AND переговорах") == Ids{1});
  CHECK(f.Match("streams") == Ids{1});
  CHECK(f.Match("\"северный поток\"") == Ids{1});
  CHECK(f.Match("2014") == Ids{1});
  CHECK(f.Match("201").empty());  // numbers are not stemmed or cut
  CHECK(f.Match("\"Sergey Lavrov\"") == Ids{1});
}

TEST_CASE("tokenizer: the stemmer keeps different words apart") {
  FtsFixture f;
  f.Add(1, "war");
  f.Add(2, "wars");
  f.Add(3, "ward");
  f.Add(4, "warden");
  f.Add(5, "police");
  f.Add(6, "policy");
  f.Add(7, "право");
  f.Add(8, "правда");
  f.Add(9, "мир");
  f.Add(10, "мирный");
  CHECK(f.Match("war") == Ids{1, 2});
  CHECK(f.Match("ward") == Ids{3});
  CHECK(f.Match("police") == Ids{5});
  CHECK(f.Match("policies") == Ids{6});
  CHECK(f.Match("права") == Ids{7});
  CHECK(f.Match("правды") == Ids{8});
  CHECK(f.Match("миру") == Ids{9});
  CHECK(f.Match("мирного") == Ids{10});
  // A known Snowball merge, accepted: "university" and "universe" are both "univers".
  f.Add(11, "university");
  f.Add(12, "universe");
  CHECK(f.Match("universe") == Ids{11, 12});
}

TEST_CASE("tokenizer: long tokens pass through unstemmed") {
  std::string long_word;
  for (int i = 0; i < 17; ++i) long_word += "talk";
  long_word += "ing";  // 71 bytes
  std::vector<Token> tokens = Tokenize("talktalktalking " + long_word);
  REQUIRE(tokens.size() == 2);
  CHECK(tokens[0].term == "talktalktalk");
  CHECK(tokens[0].folded == "talktalktalking");
  CHECK(tokens[1].term == long_word);
  CHECK(tokens[1].folded == long_word);

  FtsFixture f;
  f.Add(1, long_word);
  CHECK(f.Match(long_word) == Ids{1});
  CHECK(f.Match(long_word.substr(0, long_word.size() - 3)).empty());
}

TEST_CASE("tokenizer: table arguments reach unicode61") {
  FtsFixture f("stenogram tokenchars ''-''");
  f.Add(1, "COVID-19");
  f.Add(2, "covid 19");
  CHECK(f.Match("\"covid-19\"") == Ids{1});  // one token, in the index and in the query
  CHECK(f.Match("covid") == Ids{2});
  CHECK(Tokenize("COVID-19").size() == 2);  // Tokenize() uses the default options

  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(":memory:", &db) == SQLITE_OK);
  std::string error;
  REQUIRE(RegisterTokenizer(db, &error));
  CHECK(sqlite3_exec(db, "CREATE VIRTUAL TABLE t USING fts5(x, tokenize='stenogram no_such_option 1')", nullptr,
                     nullptr, nullptr) != SQLITE_OK);
  sqlite3_close(db);
}

TEST_CASE("tokenizer: Tokenize offsets cover the exact input bytes") {
  const std::string text = "«Переговоры» — Thorbjørn, café;\tёлка 2014 е\xCC\x88лка NATO's";
  std::vector<Token> tokens = Tokenize(text);
  // unicode61 splits at the apostrophe: "NATO" and "s".
  const std::vector<std::string> covers = {"Переговоры", "Thorbjørn", "café", "ёлка", "2014", "е\xCC\x88лка", "NATO", "s"};
  const std::vector<std::string> terms = {"переговор", "thorbjørn", "cafe", "елк", "2014", "елк", "nato", "s"};
  REQUIRE(tokens.size() == covers.size());
  for (size_t i = 0; i < tokens.size(); ++i) {
    CAPTURE(i);
    CHECK(Cover(text, tokens[i]) == covers[i]);
    CHECK(tokens[i].term == terms[i]);
  }
  CHECK(tokens[0].folded == "переговоры");
  CHECK(tokens[5].folded == "елка");
  CHECK(Tokenize("").empty());
  CHECK(Tokenize(" ,.— ").empty());
}

TEST_CASE("tokenizer: prefixes that run into endings, in both languages") {
  FtsFixture f;
  f.Add(1, "happy people");
  f.Add(2, "happiness");
  f.Add(3, "Михаил Горбачёв");
  f.Add(4, "у Горбачева");
  f.Add(5, "war and peace");
  f.Add(6, "the warden");
  f.Add(7, "министерство иностранных дел");
  f.Add(8, "министр");
  CHECK(f.Match("happy*") == Ids{1, 2});    // happy -> happi
  CHECK(f.Match("горбачё*") == Ids{3, 4});  // горбачёв -> горбач
  CHECK(f.Match("горбачева*") == Ids{4});
  CHECK(f.Match("war*") == Ids{5, 6});
  CHECK(f.Match("warden*") == Ids{6});      // "den" is no ending: not cut back to "war"
  CHECK(f.Match("министерств*") == Ids{7});
  CHECK(f.Match("министр*") == Ids{8});
  CHECK(f.Match("минист*") == Ids{7, 8});
  CHECK(f.Match("иностранн*") == Ids{7});
}

TEST_CASE("tokenizer: Tokenize yields what the index holds, position by position") {
  const std::string text = "Сергей Лавров провёл переговоры с Thorbjørn Jagland о negotiations, 2014.";
  FtsFixture f;
  f.Add(1, text);
  REQUIRE(f.Exec("CREATE VIRTUAL TABLE v USING fts5vocab(t, instance)") == SQLITE_OK);
  std::map<int, std::set<std::string>> indexed;  // position -> terms
  sqlite3_stmt* stmt = nullptr;
  REQUIRE(sqlite3_prepare_v2(f.Db(), "SELECT term, offset FROM v", -1, &stmt, nullptr) == SQLITE_OK);
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    indexed[sqlite3_column_int(stmt, 1)].insert(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)));
  }
  sqlite3_finalize(stmt);

  std::vector<Token> tokens = Tokenize(text);
  REQUIRE(tokens.size() == indexed.size());
  for (size_t i = 0; i < tokens.size(); ++i) {
    CAPTURE(i);
    CHECK(indexed[static_cast<int>(i)] == std::set<std::string>{tokens[i].term});  // stems only
  }
}

TEST_CASE("tokenizer: Matches agrees with MATCH") {
  const std::vector<std::string> docs = {"Лавров", "Лаврова", "переговорах", "negotiating", "navigation", "ёлки"};
  const std::vector<std::pair<std::string, bool>> queries = {
      {"Лавров", false}, {"Лаврову", false}, {"переговоры", false}, {"negotiations", false},
      {"negotiat", true}, {"переговора", true}, {"елк", true},       {"nav", true}};
  FtsFixture f;
  for (size_t i = 0; i < docs.size(); ++i) f.Add(static_cast<int64_t>(i + 1), docs[i]);
  for (const auto& query : queries) {
    const std::string& word = query.first;
    const bool prefix = query.second;
    CAPTURE(word);
    const Token q = Tokenize(word).at(0);
    Ids expected;
    for (size_t i = 0; i < docs.size(); ++i) {
      if (Matches(q, Tokenize(docs[i]).at(0), prefix)) expected.push_back(static_cast<int64_t>(i + 1));
    }
    CHECK(!expected.empty());
    CHECK(f.Match(prefix ? word + "*" : word) == expected);
  }
}

TEST_CASE("tokenizer: highlight() and snippet() mark the original words") {
  FtsFixture f;
  f.Add(1, "Мирные ПЕРЕГОВОРЫ в Москве; negotiations resumed.");
  CHECK(f.Text("SELECT highlight(t, 0, '[', ']') FROM t WHERE t MATCH 'переговорах OR negotiating'") ==
        "Мирные [ПЕРЕГОВОРЫ] в Москве; [negotiations] resumed.");
  CHECK(f.Text("SELECT highlight(t, 0, '[', ']') FROM t WHERE t MATCH 'москв* AND \"мирный переговор\"'") ==
        "[Мирные ПЕРЕГОВОРЫ] в [Москве]; negotiations resumed.");
}
