// gen_model: stenogram-gen's language models learned from real text (word bigrams with their Zipf
// tail, documents' lengths, turn structure and topic words, speakers, interviewers, places, tags).
// `stenogram-gen learn` writes one model-LANG.txt per language found; `--model DIR` reads them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace stenogram_gen {

// splitmix64; deterministic on every platform.
struct Rng {
  uint64_t state;
  uint64_t Next() {
    uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  uint32_t Below(uint32_t n) { return n == 0 ? 0 : static_cast<uint32_t>((Next() >> 32) * n >> 32); }
  uint32_t Range(uint32_t lo, uint32_t hi) { return lo + Below(hi - lo + 1); }  // inclusive
  bool Chance(uint32_t percent) { return Below(100) < percent; }
};

// Draws indices in proportion to integer weights (cumulative sums + binary search).
struct Weighted {
  std::vector<uint64_t> cumulative;
  void Add(uint64_t weight) { cumulative.push_back((cumulative.empty() ? 0 : cumulative.back()) + weight); }
  bool Empty() const { return cumulative.empty() || cumulative.back() == 0; }
  size_t Sample(Rng& rng) const;  // requires !Empty()
};

// A named thing with how often the real corpora mention it.
struct Counted {
  std::string name;
  uint64_t count = 0;
};

// One real document's shape: its length and turns, the words of its title, its topic words.
struct DocShape {
  bool qa = false;                      // alternating question / answer turns
  std::vector<std::pair<int, uint32_t>> turns;  // (role: 0 untagged text, 1 interviewer, 2 named speaker; words)
  std::vector<uint32_t> title;          // word ids
  std::vector<std::pair<uint32_t, uint32_t>> bag;  // (word id, count): the document's own words
  Weighted bag_pick;
  uint32_t words = 0;
};

struct Model {
  std::string language;  // en, ru, uk
  std::vector<std::string> words;  // id -> surface form; "<p>" is a paragraph break, ". , ? !" punctuation
  std::vector<uint64_t> word_count;
  std::vector<std::vector<std::pair<uint32_t, uint32_t>>> next;  // bigram successors (id, count)
  std::vector<Weighted> next_pick;
  Weighted unigram;
  std::vector<DocShape> docs;
  std::vector<Counted> speakers, answerers, interviewers, places, tags;  // answerers: named speakers of Q&A
  Weighted speaker_pick, answerer_pick, interviewer_pick, place_pick, tag_pick;
  uint32_t paragraph = 0;  // id of "<p>"

  // Text of about `words` words (stops at a sentence end past it, or at `max_bytes` when > 0),
  // following the bigrams and, with probability topic_percent per word, the topic words of `doc`.
  void AppendText(Rng& rng, const DocShape& doc, uint32_t words, uint32_t topic_percent, size_t max_bytes,
                  std::string* out) const;
  // A title of about the template's title length from the same chain (no paragraph breaks).
  std::string Title(Rng& rng, const DocShape& doc) const;
};

// Reads DIR/model-LANG.txt; false (with *error) when absent or malformed (naming file and line).
bool LoadModel(const std::string& dir, const std::string& language, Model* model, std::string* error);

// A stand-in for a language the corpora have no text in (Russian: mid.ru's Russian rows here are
// titles only): the English model with each word's surface form replaced — aligned Russian words for
// the function words and the benchmark's query words (so "переговоры" is as common, and as
// clustered in documents, as "negotiations"; "Security Council" comes out as "Совета
// безопасности"), a Cyrillic transliteration for every other Latin word — and the Latin letters of
// its names, places and tags transliterated. Frequencies, bigrams, lengths, turns and topic words
// stay the real English ones. Only "ru" has an aligned table; another language gets the
// transliteration alone.
Model StandInModel(const Model& english, const std::string& language);

// `stenogram-gen learn -o DIR INPUT...`: reads the corpora (files or folders: resistinua-style
// JSONL, interview-turn JSON arrays, plain-text transcripts with "Name:" turns), prints what it
// learned per language and writes DIR/model-LANG.txt. Returns a process exit code.
int Learn(const std::string& out_dir, const std::vector<std::string>& corpora);

}  // namespace stenogram_gen
