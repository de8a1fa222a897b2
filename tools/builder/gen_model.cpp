// gen_model: learns stenogram-gen's per-language models from real corpora and writes/reads them
// (see gen_model.h). The learner is deliberately simple and documented in the README's
// "Performance" section: surface-form word bigrams (so phrases and the Zipf tail come out as in
// the real text), each real document kept as a template (length, turns, title length, own words).
#include "gen_model.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <unordered_map>

#include "core/text/utf8_fold.h"

namespace stenogram_gen {

size_t Weighted::Sample(Rng& rng) const {
  const uint64_t x = rng.Next() % cumulative.back();
  return static_cast<size_t>(std::upper_bound(cumulative.begin(), cumulative.end(), x) - cumulative.begin());
}

namespace {

namespace fs = std::filesystem;

// 0 word, 1 comma, 2 sentence end, 3 paragraph.
int Kind(const std::string& w) {
  if (w == "<p>") return 3;
  if (w == "," ) return 1;
  if (w == "." || w == "?" || w == "!") return 2;
  return 0;
}


// ---- text ---------------------------------------------------------------------------------------

// One UTF-8 code point at s[i] (advancing i): the core's decoder; invalid bytes come out as U+FFFD.
uint32_t Decode(const std::string& s, size_t* i) { return stenogram::Utf8Decode(s, i); }

bool IsLetter(uint32_t cp) {
  if (cp < 0x80) return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
  if (cp == 0xD7 || cp == 0xF7 || cp == 0xFFFD) return false;
  if (cp < 0xC0) return false;                      // Latin-1 punctuation, «», NBSP
  if (cp >= 0x2000 && cp <= 0x2BFF) return false;   // general punctuation, arrows, symbols
  if (cp >= 0x3000 && cp <= 0x303F) return false;
  if (cp >= 0xFE00 && cp <= 0xFE0F) return false;   // variation selectors
  if (cp >= 0x1F000) return false;                  // emoji
  return true;
}

bool IsApostrophe(uint32_t cp) { return cp == '\'' || cp == 0x2019 || cp == 0x02BC; }

// Splits text into word tokens, punctuation tokens (". , ? !") and paragraph breaks ("<p>").
// Markdown emphasis and link targets are dropped; so are URLs.
void Tokenize(const std::string& text, std::vector<std::string>* out) {
  size_t i = 0;
  std::string word;
  int newlines = 0;
  auto flush = [&]() {
    if (word.empty()) return;
    if (word.rfind("http", 0) != 0 && word.rfind("www", 0) != 0) out->push_back(word);
    word.clear();
  };
  auto punct = [&](const char* p) {
    flush();
    if (!out->empty() && Kind(out->back()) == 0)
      out->push_back(p);
  };
  while (i < text.size()) {
    const size_t start = i;
    const uint32_t cp = Decode(text, &i);
    if (cp == '\n') {
      flush();
      ++newlines;
      continue;
    }
    if (newlines && !out->empty() && out->back() != "<p>" && cp != ' ' && cp != '\t' && cp != '\r') out->push_back("<p>");
    if (cp != ' ' && cp != '\t' && cp != '\r') newlines = 0;
    if (IsLetter(cp)) {
      word.append(text, start, i - start);
    } else if ((IsApostrophe(cp) || cp == '-') && !word.empty() && i < text.size()) {
      size_t j = i;
      if (IsLetter(Decode(text, &j))) word.append(text, start, i - start);
      else flush();
    } else if (cp == '(' && text.compare(i, 4, "http") == 0) {
      flush();
      const size_t close = text.find(')', i);
      i = close == std::string::npos ? text.size() : close + 1;
    } else if (cp == '.' || cp == 0x2026) {
      punct(".");
    } else if (cp == '?') {
      punct("?");
    } else if (cp == '!') {
      punct("!");
    } else if (cp == ',' || cp == ';') {
      punct(",");
    } else {
      flush();
    }
  }
  flush();
  while (!out->empty() && out->back() == "<p>") out->pop_back();
}

// en / ru / uk by script: Latin letters vs Cyrillic, Ukrainian-only letters vs Russian-only ones.
std::string DetectLanguage(const std::string& text) {
  size_t latin = 0, cyrillic = 0, uk = 0, ru = 0, i = 0;
  while (i < text.size() && latin + cyrillic < 4000) {
    const uint32_t cp = Decode(text, &i);
    if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z')) ++latin;
    else if (cp >= 0x400 && cp <= 0x4FF) {
      ++cyrillic;
      if (cp == 0x456 || cp == 0x457 || cp == 0x454 || cp == 0x491 || cp == 0x406 || cp == 0x407 || cp == 0x404 || cp == 0x490) ++uk;
      if (cp == 0x44B || cp == 0x44D || cp == 0x44A || cp == 0x451 || cp == 0x42B || cp == 0x42D) ++ru;
    }
  }
  if (latin + cyrillic == 0) return "";
  if (latin >= cyrillic) return "en";
  return uk > ru ? "uk" : "ru";
}

// Upper-cases the first letter (ASCII and Russian/Ukrainian Cyrillic).
void CapitaliseFirst(std::string* s, size_t at) {
  if (at >= s->size()) return;
  unsigned char& a = reinterpret_cast<unsigned char&>((*s)[at]);
  if (a >= 'a' && a <= 'z') {
    a = static_cast<unsigned char>(a - 'a' + 'A');
    return;
  }
  if (at + 1 >= s->size()) return;
  unsigned char& b = reinterpret_cast<unsigned char&>((*s)[at + 1]);
  if (a == 0xD0 && b >= 0xB0 && b <= 0xBF) b = static_cast<unsigned char>(b - 0x20);                   // а-п
  else if (a == 0xD1 && b >= 0x80 && b <= 0x8F) { a = 0xD0; b = static_cast<unsigned char>(b + 0x20); }  // р-я
  else if (a == 0xD1 && b >= 0x90 && b <= 0x9F) { a = 0xD0; b = static_cast<unsigned char>(b - 0x10); }  // ѐ-џ (ё є і ї)
  else if (a == 0xD2 && b == 0x91) b = 0x90;                                                               // ґ
}

// ---- learning -----------------------------------------------------------------------------------

struct Turn {
  int role = 0;  // 0 untagged, 1 interviewer, 2 named speaker
  std::string speaker;
  std::string text;
};

struct RawDoc {
  std::string title;
  std::vector<Turn> turns;
  std::vector<std::string> tags, places, speakers;
};

struct Learner {
  std::string language;
  std::unordered_map<std::string, uint32_t> ids;
  std::vector<std::string> words;
  std::vector<uint64_t> counts;
  std::unordered_map<uint64_t, uint32_t> bigrams;
  std::vector<DocShape> docs;
  std::map<std::string, uint64_t> speakers, answerers, interviewers, places, tags;
  uint64_t tokens = 0;

  uint32_t Id(const std::string& w) {
    auto [it, fresh] = ids.emplace(w, static_cast<uint32_t>(words.size()));
    if (fresh) {
      words.push_back(w);
      counts.push_back(0);
    }
    return it->second;
  }
  void Add(const RawDoc& raw) {
    DocShape doc;
    std::map<uint32_t, uint32_t> bag;
    int named = 0, asked = 0;
    for (const Turn& t : raw.turns) {
      std::vector<std::string> toks;
      Tokenize(t.text, &toks);
      uint32_t prev = Id("<p>"), n = 0;
      for (const std::string& w : toks) {
        const uint32_t id = Id(w);
        ++counts[id];
        ++bigrams[(uint64_t{prev} << 32) | id];
        prev = id;
        ++tokens;
        if (Kind(w) == 0) {
          ++bag[id];
          ++n;
        }
      }
      ++bigrams[(uint64_t{prev} << 32) | Id("<p>")];
      if (n == 0) continue;
      doc.turns.emplace_back(t.role, n);
      doc.words += n;
      if (t.role == 2 && named++ == 0) ++answerers[t.speaker];  // counted once a document
      if (t.role == 1 && asked++ == 0) ++interviewers[t.speaker];
    }
    if (doc.words == 0) return;
    doc.qa = named > 0 && asked > 0;
    std::vector<std::string> toks;
    Tokenize(raw.title, &toks);
    for (const std::string& w : toks)
      if (w != "<p>" && doc.title.size() < 24) doc.title.push_back(Id(w));
    doc.bag.assign(bag.begin(), bag.end());
    docs.push_back(std::move(doc));
    if (named == 0)
      for (const auto& s : raw.speakers) ++speakers[s];
    for (const auto& p : raw.places) ++places[p];
    for (const auto& t : raw.tags) ++tags[t];
  }
  bool Write(const std::string& path) const {
    std::ofstream out(path, std::ios::binary);
    out << "stenogram-gen-model 1 " << language << "\n";
    for (size_t i = 0; i < words.size(); ++i) out << "W " << words[i] << "\t" << counts[i] << "\n";
    std::vector<std::vector<std::pair<uint32_t, uint32_t>>> next(words.size());
    for (const auto& [key, c] : bigrams) next[key >> 32].emplace_back(static_cast<uint32_t>(key & 0xFFFFFFFFu), c);
    for (size_t i = 0; i < next.size(); ++i) {
      if (next[i].empty()) continue;
      std::sort(next[i].begin(), next[i].end());
      out << "B " << i << "\t";
      for (size_t k = 0; k < next[i].size(); ++k) out << (k ? " " : "") << next[i][k].first << ":" << next[i][k].second;
      out << "\n";
    }
    for (const DocShape& d : docs) {
      out << "D " << (d.qa ? "qa" : "mono") << "\t";
      for (size_t k = 0; k < d.turns.size(); ++k) out << (k ? " " : "") << d.turns[k].first << ":" << d.turns[k].second;
      out << "\t";
      for (size_t k = 0; k < d.title.size(); ++k) out << (k ? " " : "") << d.title[k];
      out << "\t";
      for (size_t k = 0; k < d.bag.size(); ++k) out << (k ? " " : "") << d.bag[k].first << ":" << d.bag[k].second;
      out << "\n";
    }
    auto list = [&](const char* tag, const std::map<std::string, uint64_t>& m) {
      for (const auto& [name, c] : m)
        if (!name.empty() && name.find_first_of("\t\n") == std::string::npos) out << tag << " " << name << "\t" << c << "\n";
    };
    list("S", speakers);
    list("A", answerers);
    list("I", interviewers);
    list("P", places);
    list("T", tags);
    out.flush();
    return static_cast<bool>(out);
  }
};

std::vector<std::string> Strings(const nlohmann::json& v) {
  std::vector<std::string> out;
  if (v.is_string() && !v.get<std::string>().empty()) out.push_back(v.get<std::string>());
  if (v.is_array())
    for (const auto& x : v)
      if (x.is_string() && !x.get<std::string>().empty()) out.push_back(x.get<std::string>());
  return out;
}

std::string Field(const nlohmann::json& o, std::initializer_list<const char*> names) {
  for (const char* n : names)
    if (o.contains(n) && o[n].is_string()) return o[n].get<std::string>();
  return "";
}

// A document record (resistinua-style or the builder's own JSONL): text with untagged turns.
bool DocFromObject(const nlohmann::json& o, RawDoc* doc) {
  if (!o.is_object()) return false;
  const std::string text = Field(o, {"text", "body", "content"});
  if (text.empty()) return false;
  doc->title = Field(o, {"name", "title"});
  doc->turns.push_back({0, "", text});
  doc->speakers = Strings(o.value("speaker", nlohmann::json()));
  for (const auto& s : Strings(o.value("speakers", nlohmann::json()))) doc->speakers.push_back(s);
  doc->tags = Strings(o.value("topics", nlohmann::json()));
  for (const auto& s : Strings(o.value("tags", nlohmann::json()))) doc->tags.push_back(s);
  doc->places = Strings(o.value("cities", nlohmann::json()));
  for (const auto& s : Strings(o.value("place", nlohmann::json()))) doc->places.push_back(s);
  return true;
}

// A plain-text transcript: paragraphs; "Name: ..." starts a turn ("Question:" is the interviewer);
// a short paragraph ending in a comma ("Ladies and gentlemen,") starts a new document.
std::vector<RawDoc> DocsFromText(const std::string& text) {
  std::vector<RawDoc> docs;
  std::vector<std::string> paragraphs;
  std::string norm;
  for (char c : text)
    if (c != '\r') norm.push_back(c);
  for (size_t at = 0; at < norm.size();) {
    size_t end = norm.find("\n\n", at);
    if (end == std::string::npos) end = norm.size();
    std::string p = norm.substr(at, end - at);
    while (!p.empty() && (p.back() == '\n' || p.back() == ' ')) p.pop_back();
    while (!p.empty() && (p.front() == '\n' || p.front() == ' ')) p.erase(0, 1);
    if (!p.empty()) paragraphs.push_back(p);
    at = end + 2;
  }
  // A first block without sentence punctuation is site navigation.
  if (!paragraphs.empty() && paragraphs[0].find_first_of(".?!") == std::string::npos) paragraphs.erase(paragraphs.begin());
  for (const std::string& p : paragraphs) {
    const bool greeting = p.size() <= 60 && p.back() == ',';
    std::string label;
    // "Name: " (a space or a no-break space after the colon).
    const size_t colon = p.find(':');
    const size_t after = colon == std::string::npos ? 0 : p.compare(colon + 1, 2, "\xC2\xA0") == 0 ? colon + 3 : colon + 2;
    if (colon != std::string::npos && colon <= 40 && after <= p.size() && (after == colon + 3 || p[colon + 1] == ' ') && std::isupper(static_cast<unsigned char>(p[0])) &&
        p.substr(0, colon).find_first_of(".,?!") == std::string::npos &&
        std::count(p.begin(), p.begin() + static_cast<long>(colon), ' ') <= 3)
      label = p.substr(0, colon);
    const bool question = label == "Question";
    const bool new_doc = docs.empty() || greeting || (question && !docs.back().turns.empty() && docs.back().turns.back().role == 0);
    if (new_doc) docs.emplace_back();
    RawDoc& d = docs.back();
    if (d.title.empty()) d.title = p.substr(0, std::min<size_t>(p.size(), 120));
    if (!label.empty()) d.turns.push_back({question ? 1 : 2, label, p.substr(after)});
    else if (d.turns.empty()) d.turns.push_back({0, "", p});
    else d.turns.back().text += "\n\n" + p;
  }
  return docs;
}

int LearnFile(const fs::path& path, std::map<std::string, Learner>* learners, std::vector<std::string>* notes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    notes->push_back(path.string() + ": cannot read");
    return 0;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string bytes = ss.str();
  const std::string ext = path.extension().string();
  std::vector<RawDoc> docs;
  int bad = 0;
  if (ext == ".jsonl" || ext == ".ndjson") {
    std::istringstream lines(bytes);
    int n = 0;
    for (std::string line; std::getline(lines, line);) {
      ++n;
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      const auto o = nlohmann::json::parse(line, nullptr, false);
      RawDoc d;
      if (o.is_discarded()) {
        if (++bad <= 3) notes->push_back(path.string() + ":" + std::to_string(n) + ": not JSON, skipped");
      } else if (DocFromObject(o, &d)) {
        docs.push_back(std::move(d));
      }
    }
  } else if (ext == ".json") {
    const auto a = nlohmann::json::parse(bytes, nullptr, false);
    if (a.is_discarded() || !a.is_array()) {
      notes->push_back(path.string() + ": not a JSON array, skipped");
      return 0;
    }
    // Interview turns grouped by conversation, or whole documents.
    std::map<std::string, size_t> conversation;
    for (const auto& o : a) {
      if (!o.is_object()) continue;
      if (o.contains("conversationId") && o.contains("senderName")) {
        const std::string id = Field(o, {"conversationId"});
        auto [it, fresh] = conversation.emplace(id, docs.size());
        if (fresh) {
          docs.emplace_back();
          docs.back().title = Field(o, {"conversationWithName"});
        }
        const bool outgoing = o.value("outgoing", false);
        docs[it->second].turns.push_back({outgoing ? 2 : 1, Field(o, {"senderName"}), Field(o, {"text"})});
      } else {
        RawDoc d;
        if (DocFromObject(o, &d)) docs.push_back(std::move(d));
      }
    }
  } else if (ext == ".txt") {
    docs = DocsFromText(bytes);
  } else {
    return 0;
  }
  int used = 0;
  for (RawDoc& d : docs) {
    std::string all;
    for (const Turn& t : d.turns) all += t.text;
    const std::string lang = DetectLanguage(all);
    if (lang.empty()) continue;
    Learner& l = (*learners)[lang];
    l.language = lang;
    l.Add(d);
    ++used;
  }
  if (bad > 3) notes->push_back(path.string() + ": " + std::to_string(bad) + " lines were not JSON, skipped");
  if (docs.empty()) notes->push_back(path.string() + ": no documents with text");
  return used;
}

}  // namespace

int Learn(const std::string& out_dir, const std::vector<std::string>& corpora) {
  const std::vector<fs::path> inputs(corpora.begin(), corpora.end());
  std::vector<fs::path> files;
  for (const fs::path& p : inputs) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      for (const auto& e : fs::recursive_directory_iterator(p, ec))
        if (e.is_regular_file()) files.push_back(e.path());
    } else if (fs::is_regular_file(p, ec)) {
      files.push_back(p);
    } else {
      std::fprintf(stderr, "stenogram-gen learn: %s: no such file or folder\n", p.string().c_str());
      return 1;
    }
  }
  std::sort(files.begin(), files.end());
  std::map<std::string, Learner> learners;
  std::vector<std::string> notes;
  for (const fs::path& f : files) {
    const std::string ext = f.extension().string();
    if (ext == ".csv") {
      notes.push_back(f.string() + ": CSV rows (titles without text) are not learned from");
      continue;
    }
    LearnFile(f, &learners, &notes);
  }
  for (const std::string& n : notes) std::fprintf(stderr, "stenogram-gen learn: %s\n", n.c_str());
  std::error_code ec;
  fs::create_directories(out_dir, ec);
  for (const char* lang : {"en", "ru", "uk"}) {
    auto it = learners.find(lang);
    const std::string path = out_dir + "/model-" + lang + ".txt";
    if (it == learners.end() || it->second.docs.size() < 20) {
      fs::remove(path, ec);
      std::fprintf(stderr, "stenogram-gen learn: %s: %zu documents with text: too few, no model (the generator uses its built-in one)\n",
                   lang, it == learners.end() ? size_t{0} : it->second.docs.size());
      continue;
    }
    const Learner& l = it->second;
    if (!l.Write(path)) {
      std::fprintf(stderr, "stenogram-gen learn: %s: write error\n", path.c_str());
      return 1;
    }
    size_t qa = 0;
    for (const auto& d : l.docs) qa += d.qa;
    std::fprintf(stderr, "stenogram-gen learn: %s: %zu documents (%zu Q&A), %llu tokens, %zu distinct, %zu speakers, %zu places, %zu tags -> %s\n",
                 lang, l.docs.size(), qa, static_cast<unsigned long long>(l.tokens), l.words.size(), l.speakers.size(), l.places.size(),
                 l.tags.size(), path.c_str());
  }
  return 0;
}

bool LoadModel(const std::string& dir, const std::string& language, Model* m, std::string* error) {
  const std::string path = dir + "/model-" + language + ".txt";
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = path + ": absent";
    return false;
  }
  std::string line;
  if (!std::getline(in, line) || line != "stenogram-gen-model 1 " + language) {
    *error = path + ":1: not a stenogram-gen model for '" + language + "' (run stenogram-gen learn)";
    return false;
  }
  m->language = language;
  auto pairs = [](const std::string& s, std::vector<std::pair<uint32_t, uint32_t>>* out) {
    const char* p = s.c_str();
    while (*p) {
      char* e = nullptr;
      const unsigned long a = std::strtoul(p, &e, 10);
      if (e == p || *e != ':') return false;
      p = e + 1;
      const unsigned long b = std::strtoul(p, &e, 10);
      if (e == p) return false;
      out->emplace_back(static_cast<uint32_t>(a), static_cast<uint32_t>(b));
      p = e;
      while (*p == ' ') ++p;
    }
    return true;
  };
  auto named = [](const std::string& rest, std::vector<Counted>* list, Weighted* pick) {
    const size_t tab = rest.rfind('\t');
    if (tab == std::string::npos) return false;
    list->push_back({rest.substr(0, tab), std::strtoull(rest.c_str() + tab + 1, nullptr, 10)});
    pick->Add(list->back().count);
    return true;
  };
  size_t n = 1;
  while (std::getline(in, line)) {
    ++n;
    if (line.size() < 2 || line[1] != ' ') continue;
    const std::string rest = line.substr(2);
    bool ok = true;
    switch (line[0]) {
      case 'W': {
        const size_t tab = rest.rfind('\t');
        ok = tab != std::string::npos;
        if (ok) {
          m->words.push_back(rest.substr(0, tab));
          m->word_count.push_back(std::strtoull(rest.c_str() + tab + 1, nullptr, 10));
        }
        break;
      }
      case 'B': {
        const size_t tab = rest.find('\t');
        const unsigned long id = std::strtoul(rest.c_str(), nullptr, 10);
        ok = tab != std::string::npos && id < m->words.size();
        if (ok) {
          if (m->next.size() < m->words.size()) m->next.resize(m->words.size());
          ok = pairs(rest.substr(tab + 1), &m->next[id]);
          for (const auto& [w, c] : m->next[id]) ok = ok && w < m->words.size();
        }
        break;
      }
      case 'D': {
        std::vector<std::string> f;
        std::stringstream ss(rest);
        for (std::string x; std::getline(ss, x, '\t');) f.push_back(x);
        while (f.size() < 4) f.emplace_back();
        DocShape d;
        d.qa = f[0] == "qa";
        std::vector<std::pair<uint32_t, uint32_t>> turns;
        ok = pairs(f[1], &turns) && pairs(f[3], &d.bag);
        for (const auto& [role, words] : turns) {
          d.turns.emplace_back(static_cast<int>(std::min<uint32_t>(role, 2)), words);
          d.words += words;
        }
        std::stringstream ts(f[2]);
        for (uint32_t id; ts >> id;)
          if (id < m->words.size()) d.title.push_back(id);
        for (const auto& [w, c] : d.bag) {
          ok = ok && w < m->words.size();
          d.bag_pick.Add(c);
        }
        if (ok && d.words > 0 && !d.bag_pick.Empty()) m->docs.push_back(std::move(d));
        break;
      }
      case 'S': ok = named(rest, &m->speakers, &m->speaker_pick); break;
      case 'A': ok = named(rest, &m->answerers, &m->answerer_pick); break;
      case 'I': ok = named(rest, &m->interviewers, &m->interviewer_pick); break;
      case 'P': ok = named(rest, &m->places, &m->place_pick); break;
      case 'T': ok = named(rest, &m->tags, &m->tag_pick); break;
      default: break;
    }
    if (!ok) {
      *error = path + ":" + std::to_string(n) + ": malformed line (run stenogram-gen learn again)";
      return false;
    }
  }
  m->next.resize(m->words.size());
  m->paragraph = static_cast<uint32_t>(std::find(m->words.begin(), m->words.end(), "<p>") - m->words.begin());
  if (m->words.empty() || m->docs.empty() || m->paragraph >= m->words.size()) {
    *error = path + ": no words or documents";
    return false;
  }
  m->next_pick.resize(m->words.size());
  for (size_t i = 0; i < m->words.size(); ++i) {
    for (const auto& [w, c] : m->next[i]) m->next_pick[i].Add(c);
    m->unigram.Add(i == m->paragraph ? 0 : m->word_count[i]);
  }
  return true;
}

// ---- a stand-in model -----------------------------------------------------------------------------

namespace {

// English word (lower case) -> a Russian word form. The query words of tools/benchmark/queries.tsv
// first (each English form to a form of the same Russian stem, so a Russian query word matches the
// documents its English counterpart would), then frequent function and content words.
constexpr const char* kRussianFor[][2] = {
    {"negotiations", "переговоры"}, {"negotiation", "переговоров"}, {"negotiating", "переговорах"},
    {"negotiate", "переговорам"}, {"negotiated", "переговорами"}, {"negotiators", "переговорщики"},
    {"security", "безопасности"}, {"secure", "безопасной"}, {"cooperation", "сотрудничество"},
    {"cooperate", "сотрудничества"}, {"cooperating", "сотрудничеству"}, {"sovereignty", "суверенитета"},
    {"sovereign", "суверенного"}, {"settlement", "урегулирования"}, {"settle", "урегулировать"},
    {"resolution", "резолюции"}, {"resolutions", "резолюций"}, {"serbia", "Сербии"}, {"kazakhstan", "Казахстана"},
    {"pressure", "давления"}, {"lavrov", "Лавров"}, {"sanctions", "санкции"}, {"sanction", "санкций"},
    {"consultations", "консультации"}, {"consultation", "консультаций"}, {"international", "международного"},
    {"law", "права"}, {"mutual", "взаимного"}, {"respect", "уважения"}, {"political", "политического"},
    {"unilateral", "односторонних"}, {"collective", "коллективной"}, {"dialogue", "диалог"},
    {"humanitarian", "гуманитарной"}, {"terrorism", "терроризма"}, {"military", "военной"},
    {"the", "в"}, {"of", "и"}, {"and", "и"}, {"to", "на"}, {"a", "с"}, {"in", "в"}, {"is", "это"},
    {"that", "что"}, {"we", "мы"}, {"our", "наши"}, {"for", "для"}, {"on", "по"}, {"with", "с"},
    {"this", "этот"}, {"are", "являются"}, {"it", "это"}, {"be", "быть"}, {"not", "не"}, {"i", "я"},
    {"you", "вы"}, {"have", "имеем"}, {"has", "имеет"}, {"will", "будет"}, {"as", "как"}, {"by", "по"},
    {"at", "на"}, {"from", "из"}, {"they", "они"}, {"all", "все"}, {"which", "который"}, {"was", "был"},
    {"were", "были"}, {"an", "один"}, {"but", "но"}, {"or", "или"}, {"their", "их"}, {"he", "он"},
    {"his", "его"}, {"she", "она"}, {"her", "её"}, {"there", "там"}, {"about", "о"}, {"also", "также"},
    {"can", "можем"}, {"would", "бы"}, {"should", "должны"}, {"more", "более"}, {"been", "был"}, {"so", "так"},
    {"what", "что"}, {"if", "если"}, {"do", "делаем"}, {"us", "нам"}, {"no", "нет"}, {"very", "очень"},
    {"these", "эти"}, {"those", "те"}, {"who", "кто"}, {"my", "мой"}, {"me", "мне"}, {"one", "один"},
    {"other", "другие"}, {"only", "только"}, {"than", "чем"}, {"because", "потому"}, {"when", "когда"},
    {"how", "как"}, {"now", "сейчас"}, {"people", "люди"}, {"country", "страны"}, {"countries", "стран"},
    {"state", "государство"}, {"states", "государств"}, {"world", "мира"}, {"president", "президент"},
    {"government", "правительство"}, {"minister", "министр"}, {"foreign", "иностранных"}, {"affairs", "дел"},
    {"ukraine", "Украины"}, {"russia", "России"}, {"russian", "российской"}, {"war", "война"},
    {"today", "сегодня"}, {"time", "время"}, {"year", "года"}, {"years", "лет"}, {"new", "новый"},
    {"support", "поддержка"}, {"question", "вопрос"}, {"peace", "мира"}, {"relations", "отношения"},
};
// Case-sensitive forms first: "Security Council" keeps its order as "Совета безопасности".
constexpr const char* kRussianForExact[][2] = {{"Security", "Совета"}, {"Council", "безопасности"}};

// Latin letters to Cyrillic (digraphs first), other characters as they are.
std::string Transliterate(const std::string& w) {
  static const char* const kPairs[][2] = {{"sh", "ш"}, {"ch", "ч"}, {"th", "т"}, {"ph", "ф"}, {"kh", "х"}, {"zh", "ж"},
                                          {"ts", "ц"}, {"oo", "у"}, {"ee", "и"}, {"ya", "я"}, {"yu", "ю"}};
  static const char* const kSingle[26] = {"а", "б", "к", "д", "е", "ф", "г", "х", "и", "дж", "к", "л", "м",
                                          "н", "о", "п", "к", "р", "с", "т", "у", "в", "в", "кс", "й", "з"};
  std::string out;
  for (size_t i = 0; i < w.size();) {
    const unsigned char c = static_cast<unsigned char>(w[i]);
    if (!std::isalpha(c) || c >= 0x80) {
      out += w[i++];
      continue;
    }
    const bool upper = std::isupper(c) != 0;
    std::string piece;
    for (const auto& [latin, cyr] : kPairs) {
      if (i + 1 < w.size() && std::tolower(c) == latin[0] && std::tolower(static_cast<unsigned char>(w[i + 1])) == latin[1]) {
        piece = cyr;
        i += 2;
        break;
      }
    }
    if (piece.empty()) piece = kSingle[std::tolower(c) - 'a'], ++i;
    if (upper) CapitaliseFirst(&piece, 0);
    out += piece;
  }
  return out;
}

}  // namespace

Model StandInModel(const Model& english, const std::string& language) {
  Model m = english;
  m.language = language;
  const bool ru = language == "ru";
  for (std::string& w : m.words) {
    if (Kind(w) != 0) continue;  // paragraph breaks and punctuation
    std::string to;
    for (const auto& [from, form] : kRussianForExact)
      if (ru && w == from) to = form;
    if (to.empty() && ru) {
      std::string lower = w;
      for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      for (const auto& [from, form] : kRussianFor)
        if (lower == from) to = form;
      if (!to.empty() && std::isupper(static_cast<unsigned char>(w[0]))) CapitaliseFirst(&to, 0);
    }
    w = to.empty() ? Transliterate(w) : to;
  }
  for (std::vector<Counted>* list : {&m.speakers, &m.answerers, &m.interviewers, &m.places, &m.tags})
    for (Counted& c : *list) c.name = Transliterate(c.name);
  return m;
}

void Model::AppendText(Rng& rng, const DocShape& doc, uint32_t target, uint32_t topic_percent, size_t max_bytes,
                       std::string* out) const {
  uint32_t prev = paragraph, emitted = 0, guard = 0;
  const size_t start = out->size();
  while (true) {
    const int pk = Kind(words[prev]);
    if (emitted >= target && (pk == 2 || pk == 3)) break;
    if (emitted >= target * 2 + 40) break;
    if (max_bytes && out->size() >= max_bytes) break;
    if (++guard > target * 8 + 200) break;
    uint32_t w;
    if (!doc.bag_pick.Empty() && rng.Below(100) < topic_percent) {
      w = doc.bag[doc.bag_pick.Sample(rng)].first;
    } else if (!next_pick[prev].Empty()) {
      w = next[prev][next_pick[prev].Sample(rng)].first;
    } else {
      w = static_cast<uint32_t>(unigram.Sample(rng));
    }
    const int k = Kind(words[w]);
    if (k != 0 && (pk != 0 || out->size() == start)) continue;  // no punctuation after punctuation or at the start
    if (k == 3) {
      *out += "\n\n";
    } else if (k != 0) {
      *out += words[w];
    } else {
      if (out->size() != start && pk != 3) out->push_back(' ');
      const size_t at = out->size();
      *out += words[w];
      if (pk >= 2 || out->size() - words[w].size() == start) CapitaliseFirst(out, at);
      ++emitted;
    }
    prev = w;
  }
  while (out->size() > start && (out->back() == '\n' || out->back() == ' ' || out->back() == ',')) out->pop_back();
  if (out->size() > start && Kind(std::string(1, out->back())) != 2) out->push_back('.');
}

std::string Model::Title(Rng& rng, const DocShape& doc) const {
  const uint32_t n = std::clamp<uint32_t>(static_cast<uint32_t>(doc.title.size()), 4, 18);
  std::string t;
  uint32_t prev = doc.bag[doc.bag_pick.Sample(rng)].first, count = 0;
  t = words[prev];
  CapitaliseFirst(&t, 0);
  ++count;
  for (uint32_t guard = 0; count < n && guard < n * 6; ++guard) {
    if (next_pick[prev].Empty()) break;
    const uint32_t w = next[prev][next_pick[prev].Sample(rng)].first;
    const int k = Kind(words[w]);
    if (k >= 2) break;
    if (k == 1) {
      if (Kind(words[prev]) == 0) t += ",";
    } else {
      t += ' ';
      t += words[w];
      ++count;
    }
    prev = w;
  }
  while (!t.empty() && t.back() == ',') t.pop_back();
  return t;
}

}  // namespace stenogram_gen
