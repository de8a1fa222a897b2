// kwic: keyword in context (the "Contexts" view). Every hit of a search in a text becomes one
// line — left context | the hit | right context — cut at word boundaries and on one line; lines
// sort by the words left or right of the hit, by date or by document, and export as CSV.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/view/query.h"

namespace stenogram {

struct ContextLine {
  int64_t doc = 0;          // document id
  int64_t order = 0;        // the document's place in the result order
  int turn = -1;            // turn index of the hit (-1: the document has no turns)
  int hit = 0;              // the hit's index in its document (as the reader counts hits)
  int start = 0;            // the hit's byte range in its turn (or text)
  int end = 0;
  std::string left, match, right;  // one line each; left ends and right starts at the hit
  std::string date, title, speaker;
};

enum class ContextSort { Document, Date, Left, Right };
// "document", "date", "left", "right"; false for another name.
bool ParseContextSort(const std::string& name, ContextSort* sort);
const char* ContextSortName(ContextSort sort);

// Appends one line per hit in text to out: line's fields are copied from proto, then start/end,
// the hit text and about `width` characters (code points) of context each side, cut at a word
// boundary, white space runs collapsed to one space. hit numbers the lines from first_hit.
void AppendContexts(const std::string& text, const std::vector<HitRange>& hits, size_t width, const ContextLine& proto,
                    int first_hit, std::vector<ContextLine>* out);

// Sorts lines (stable): Document keeps the result order (then position); Date by date, then
// result order; Left by the words left of the hit, nearest first, then right; Right by the hit
// and the words after it, then left. Words compare folded (case and diacritics ignored).
void SortContexts(std::vector<ContextLine>* lines, ContextSort sort);

// The lines as CSV (RFC 4180, header row): date, speaker, title, left, hit, right, document id.
std::string ContextsCsv(const std::vector<ContextLine>& lines);

}  // namespace stenogram
