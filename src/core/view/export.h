// export: what leaves the viewer: result lists as CSV or JSON, a document as plain text or
// Markdown, and a citation line. Pure formatting over the archive's data; the app downloads or
// copies the bytes.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/archive/archive.h"

namespace stenogram {

// A human date for a stored ISO date and its precision: "5 December 2014", "December 2014",
// "2014"; "" for an empty date.
std::string HumanDate(const std::string& iso, const std::string& precision);

// "Title. Place, 5 December 2014. URL" (parts that are empty are left out). The URL only when it
// is an http(s) link (IsWebUrl); controls, NULs and bidirectional controls are removed
// (CleanForCitation), so the copied line reads as it looks.
std::string Citation(const Document& d);

// True for an http:// or https:// URL without spaces, controls, quotes or angle brackets: the only
// links an export or citation writes (never javascript:, data:, file:).
bool IsWebUrl(const std::string& url);

// text without NULs and other control characters (line breaks become spaces) and without the
// bidirectional controls U+061C, U+200E/F, U+202A..E, U+2066..9.
std::string CleanForCitation(const std::string& text);

// text with Markdown's and HTML's active characters backslash-escaped (\ ` * _ [ ] < > & | ~, and
// # > + - = at the start of a line), NULs dropped: it reads as written, never as markup or HTML.
std::string MarkdownEscape(const std::string& text);

// "Copy with citation": the passage, a blank line, then "— Speaker, Title. Place, 5 December 2014.
// link" (the speaker of turn `turn` when the document has turns and it has one; link, when empty,
// falls back to the document's URL; empty parts are left out).
std::string QuoteWithCitation(const Document& d, int turn, const std::string& passage, const std::string& link);

// The documents ids (in that order) as CSV with a header row: id, date, title, kind, place,
// section, language, url. Fields are quoted when needed (RFC 4180), lines end with CRLF; a value
// starting with = + - @, tab or CR gets a leading ' so a spreadsheet never runs it as a formula.
std::string ResultsCsv(const Archive& archive, const std::vector<int64_t>& ids);

// The same as a JSON array of objects with those keys (id a number, the rest strings).
std::string ResultsJson(const Archive& archive, const std::vector<int64_t>& ids);

// The document as plain text: title, a line of facts (date, place, kind), URL, then the turns as
// "Speaker: text" paragraphs.
std::string DocumentText(const Document& d);

// The same as Markdown: "# Title", facts in italics, the source as a link (http(s) only; anything
// else as escaped text), speakers in bold; every value escaped (MarkdownEscape).
std::string DocumentMarkdown(const Document& d);

// A file name for an export: the title cut to a few words, letters and digits kept ("talks-with-
// the-foreign-minister" + extension); "document" + extension when nothing is left.
std::string ExportFileName(const std::string& title, const std::string& extension);

}  // namespace stenogram
