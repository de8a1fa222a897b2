// keyness: the distinctive words of a set of documents (the tag cloud's "Words" kind). Words are
// counted with the index's own tokenizer and grouped by stem, stop words (assets/stopwords, one
// list per language) and numbers and one-letter tokens left out; each stem is shown in its most
// frequent surface form. A set is scored against a reference (the whole archive) by Dunning's
// log-likelihood; without a reference (the set is the whole archive) by TF-IDF within the set.
#pragma once
#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace stenogram {

// One language's stop words as shipped: the text of assets/stopwords/<language>.txt (words
// separated by white space; '#' to the end of a line is a comment). Generated into the build.
struct StopWordList {
  const char* language;
  const char* text;
};
const std::vector<StopWordList>& StopWordLists();

// The folded forms (as Tokenize gives them: lower case, diacritics folded) of every shipped stop
// word, all languages together (a word is dropped whatever the document's language). Built once.
const std::unordered_set<std::string>& StopWords();

// Word counts of a set of documents, by stem.
struct StemCount {
  int64_t tf = 0;                                   // occurrences
  int64_t df = 0;                                   // documents containing it
  int64_t last_doc = -1;                            // the document counted last (for df)
  // Surface forms as written with their occurrences, each form once (a stem has a few: a small
  // vector, not a map per stem — thousands of stems are counted per request).
  std::vector<std::pair<std::string, int64_t>> forms;
};

struct WordCounts {
  int64_t docs = 0;     // documents counted
  int64_t tokens = 0;   // words counted (stop words, numbers and one-letter tokens excluded)
  std::unordered_map<std::string, StemCount> stems;
};

// Whether a token is counted: not a stop word, no digit in it, longer than one letter.
bool CountedWord(const std::string& folded);

// Adds documents to counts. texts[k] is one document's text; all are tokenized in one pass.
void CountWords(const std::vector<std::string>& texts, WordCounts* counts);

// Dunning's log-likelihood G² of a word seen a times in a target of c words and b times in a
// reference of d words (Rayson & Garside 2000). 0 when a word is equally frequent in both; the
// larger, the less likely the difference is chance. Never negative, never NaN.
double LogLikelihood(double a, double b, double c, double d);

struct KeyWord {
  std::string word;     // the stem's most frequent surface form (ties: the first in byte order)
  std::string stem;
  int64_t docs = 0;     // documents of the target containing it
  int64_t count = 0;    // occurrences in the target
  double score = 0;     // G² against the reference, or TF-IDF without one
};

// The limit most distinctive words of target, highest score first (ties by word). With a
// reference: words more frequent in target than in reference (relative to their sizes), by G²;
// without: tf × ln(docs / df) within target. Words in fewer than min_docs target documents are
// left out (a single document's name is not a trend), and so are the stems in skip (the search's
// own words, which every result contains). Deterministic.
std::vector<KeyWord> KeyWords(const WordCounts& target, const WordCounts* reference, size_t limit, int64_t min_docs,
                              const std::unordered_set<std::string>& skip = {});

// The evenly spread sample of at most n ids of ids (ascending, every k-th): the same set for the
// same input. All of them when there are at most n.
std::vector<int64_t> SampleIds(std::vector<int64_t> ids, size_t n);

}  // namespace stenogram
