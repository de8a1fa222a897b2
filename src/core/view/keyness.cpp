// keyness: distinctive words of a set of documents (see keyness.h).
#include "core/view/keyness.h"

#include <algorithm>
#include <cmath>
#include <string_view>

#include "core/archive/tokenizer.h"
#include "core/text/stable_order.h"
#include "core/text/utf8_fold.h"

namespace stenogram {

const std::unordered_set<std::string>& StopWords() {
  static const std::unordered_set<std::string> kWords = [] {
    std::unordered_set<std::string> words;
    for (const StopWordList& list : StopWordLists()) {
      std::string all;  // the list without its comments ('#' to the end of its line)
      const std::string_view text(list.text);
      for (size_t start = 0; start < text.size();) {
        size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view line = text.substr(start, end - start);
        all += line.substr(0, line.find('#'));
        all += '\n';
        start = end + 1;
      }
      // The index's tokenizer folds them as it folds a document's words ("мой" → "мои", "don't"
      // → "don", "t"): a stop word matches exactly the tokens it would be in a text.
      for (const Token& t : Tokenize(all)) words.insert(t.folded);
    }
    return words;
  }();
  return kWords;
}

bool CountedWord(const std::string& folded) {
  if (folded.empty()) return false;
  size_t i = 0, letters = 0;
  while (i < folded.size()) {
    const char32_t cp = Utf8Decode(folded, &i);
    if (cp >= U'0' && cp <= U'9') return false;
    ++letters;
  }
  if (letters < 2) return false;
  return !StopWords().count(folded);
}

namespace {

// A word character as unicode61 sees one: letters, digits and combining marks.
bool WordChar(char32_t cp) {
  return IsLetterCodepoint(cp) || (cp >= U'0' && cp <= U'9') || (cp >= 0x300 && cp <= 0x36F) ||
         (cp >= 0x483 && cp <= 0x489);
}

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

// The index's view of a lower-case word: its stem and folded form ("" when the tokenizer does not
// see it as one word). Kept between calls: stemming is the costly part, and words repeat.
struct Stemmed {
  std::string term, folded;
};
std::unordered_map<std::string, Stemmed, StringHash, std::equal_to<>>& StemCache() {
  static std::unordered_map<std::string, Stemmed, StringHash, std::equal_to<>> cache;
  return cache;
}

// Stems the words not yet in the cache with one pass of the index's tokenizer over all of them.
void StemWords(const std::vector<std::string>& lower) {
  auto& cache = StemCache();
  if (cache.size() > 500000) cache.clear();  // bounded: a very large vocabulary starts afresh
  std::string joined;
  std::vector<std::pair<size_t, size_t>> spans;
  std::vector<const std::string*> todo;
  for (const std::string& w : lower) {
    if (cache.count(w)) continue;
    spans.push_back({joined.size(), joined.size() + w.size()});
    todo.push_back(&w);
    joined += w;
    joined += '\n';
  }
  if (todo.empty()) return;
  const std::vector<Token> tokens = Tokenize(joined);
  size_t t = 0;
  for (size_t k = 0; k < todo.size(); ++k) {
    Stemmed st;
    size_t n = 0;
    while (t < tokens.size() && static_cast<size_t>(tokens[t].start) < spans[k].second) {
      if (static_cast<size_t>(tokens[t].start) >= spans[k].first) {
        if (n++ == 0) st = {tokens[t].term, tokens[t].folded};
      }
      ++t;
    }
    if (n != 1) st = {};  // split into several tokens by the index: not one word
    cache.emplace(*todo[k], std::move(st));
  }
}

}  // namespace

void CountWords(const std::vector<std::string>& texts, WordCounts* counts) {
  if (texts.empty()) return;
  // Pass 1: the words as written, with their occurrences and the documents holding them (views into
  // texts: no copy per word).
  std::unordered_map<std::string_view, uint32_t> index;
  index.reserve(16384);
  std::vector<std::string_view> forms;
  std::vector<int64_t> tf;
  std::vector<int64_t> last_doc;
  std::vector<std::vector<uint32_t>> doc_forms(texts.size());
  for (size_t d = 0; d < texts.size(); ++d) {
    const std::string_view t = texts[d];
    size_t i = 0, start = std::string::npos, chars = 0;
    bool digit = false;
    auto flush = [&](size_t end) {
      if (start == std::string::npos) return;
      if (!digit && chars >= 2) {
        const std::string_view w = t.substr(start, end - start);
        auto it = index.find(w);
        uint32_t id;
        if (it == index.end()) {
          id = static_cast<uint32_t>(forms.size());
          index.emplace(w, id);
          forms.push_back(w);
          tf.push_back(0);
          last_doc.push_back(-1);
        } else {
          id = it->second;
        }
        ++tf[id];
        if (last_doc[id] != static_cast<int64_t>(d)) {
          last_doc[id] = static_cast<int64_t>(d);
          doc_forms[d].push_back(id);
        }
      }
      start = std::string::npos;
    };
    while (i < t.size()) {
      const size_t at = i;
      const char32_t cp = Utf8Decode(t, &i);
      if (WordChar(cp)) {
        if (start == std::string::npos) {
          start = at;
          chars = 0;
          digit = false;
        }
        ++chars;
        if (cp >= U'0' && cp <= U'9') digit = true;
      } else {
        flush(at);
      }
    }
    flush(t.size());
  }
  // Pass 2: each distinct word's stem through the index's tokenizer; stop words and numbers out.
  std::vector<std::string> lower(forms.size());
  for (size_t k = 0; k < forms.size(); ++k) lower[k] = Utf8Lower(forms[k]);
  StemWords(lower);
  const auto& cache = StemCache();
  std::vector<StemCount*> stem_of(forms.size(), nullptr);
  for (size_t k = 0; k < forms.size(); ++k) {
    const Stemmed& st = cache.find(lower[k])->second;
    if (st.term.empty() || !CountedWord(st.folded) || !CountedWord(st.term)) continue;
    StemCount& sc = counts->stems[st.term];
    sc.tf += tf[k];
    auto form = std::find_if(sc.forms.begin(), sc.forms.end(), [&](const auto& f) { return f.first == forms[k]; });
    if (form == sc.forms.end())
      sc.forms.emplace_back(std::string(forms[k]), tf[k]);
    else
      form->second += tf[k];
    counts->tokens += tf[k];
    stem_of[k] = &sc;
  }
  for (size_t d = 0; d < texts.size(); ++d) {
    const int64_t doc = counts->docs + static_cast<int64_t>(d);
    for (uint32_t id : doc_forms[d]) {
      StemCount* sc = stem_of[id];
      if (!sc || sc->last_doc == doc) continue;
      sc->last_doc = doc;
      ++sc->df;
    }
  }
  counts->docs += static_cast<int64_t>(texts.size());
}

double LogLikelihood(double a, double b, double c, double d) {
  if (c <= 0 || d <= 0 || a + b <= 0) return 0;
  const double e1 = c * (a + b) / (c + d);
  const double e2 = d * (a + b) / (c + d);
  double g = 0;
  if (a > 0) g += a * std::log(a / e1);
  if (b > 0) g += b * std::log(b / e2);
  g *= 2;
  return std::isfinite(g) && g > 0 ? g : 0;
}

namespace {

// The form to show for a stem: its most frequent spelling ignoring case, written in lower case when
// it occurs so (a capital at a sentence start does not make "Negotiations"), else as most often
// written ("Ukraine", "OSCE").
std::string MostFrequentForm(const StemCount& s) {
  struct Group {
    int64_t total = 0;
    const std::string* best = nullptr;
    int64_t best_n = -1;
    bool lower = false;
  };
  std::unordered_map<std::string, Group> groups;
  for (const auto& [form, count] : s.forms) {
    const std::string lower = Utf8Lower(form);
    Group& g = groups[lower];
    g.total += count;
    if (form == lower) g.lower = true;
    if (count > g.best_n || (count == g.best_n && form < *g.best)) {
      g.best = &form;
      g.best_n = count;
    }
  }
  const std::string* key = nullptr;
  const Group* pick = nullptr;
  for (const auto& [lower, g] : groups) {
    if (!pick || g.total > pick->total || (g.total == pick->total && lower < *key)) {
      pick = &g;
      key = &lower;
    }
  }
  if (!pick) return std::string();
  return pick->lower ? *key : *pick->best;
}

}  // namespace

std::vector<KeyWord> KeyWords(const WordCounts& target, const WordCounts* reference, size_t limit, int64_t min_docs,
                              const std::unordered_set<std::string>& skip) {
  std::vector<KeyWord> out;
  const double c = static_cast<double>(target.tokens);
  const double d = reference ? static_cast<double>(reference->tokens) : 0;
  const double n = static_cast<double>(target.docs);
  for (const auto& [stem, s] : target.stems) {
    if (s.df < min_docs || skip.count(stem)) continue;
    double score = 0;
    if (reference && d > 0) {
      const auto it = reference->stems.find(stem);
      const double b = it == reference->stems.end() ? 0 : static_cast<double>(it->second.tf);
      const double a = static_cast<double>(s.tf);
      if (a / c <= b / d) continue;  // not more frequent here than in the archive
      score = LogLikelihood(a, b, c, d);
    } else {
      score = static_cast<double>(s.tf) * std::log(n / static_cast<double>(s.df));
    }
    if (!(score > 0)) continue;
    out.push_back({"", stem, s.df, s.tf, score});
  }
  std::sort(out.begin(), out.end(), [](const KeyWord& x, const KeyWord& y) {
    return x.score != y.score ? x.score > y.score : x.stem < y.stem;
  });
  if (limit && out.size() > limit) out.resize(limit);
  for (KeyWord& k : out) k.word = MostFrequentForm(target.stems.at(k.stem));
  StableSortBy(&out, [](const KeyWord& x, const KeyWord& y) {
    return x.score != y.score ? x.score > y.score : x.word < y.word;
  });
  return out;
}

std::vector<int64_t> SampleIds(std::vector<int64_t> ids, size_t n) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  if (ids.size() <= n) return ids;
  std::vector<int64_t> out;
  out.reserve(n);
  for (size_t k = 0; k < n; ++k) out.push_back(ids[k * ids.size() / n]);
  return out;
}

}  // namespace stenogram
