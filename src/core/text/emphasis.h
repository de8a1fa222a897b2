// emphasis: Markdown emphasis markers in stored text (**bold**, __bold__), which archives built from
// Markdown sources carry in their texts and summaries. The viewer does not show the markers: the
// reader draws the marked words in bold and hides the markers, copies and the text layer leave
// them out. The archive and every export keep the text exactly as stored.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace stenogram {

// One emphasised run: the opening marker is [open, inner), the text [inner, inner_end), the
// closing marker [inner_end, close_end) (byte offsets into the text).
struct EmphasisSpan {
  int open = 0, inner = 0, inner_end = 0, close_end = 0;
  bool operator==(const EmphasisSpan&) const = default;
};

// The byte that stands for a hidden marker byte in MaskEmphasis' output (a control character:
// zero width, never drawn).
inline constexpr char kHiddenByte = '\x01';

// The emphasised runs of text, in order: "**" or "__" followed by a non-space, up to the next same
// marker preceded by a non-space, within one paragraph (no blank line between) and one line of at
// most 2,000 bytes; "__" only at word boundaries (snake_case stays as it is), "**" anywhere.
// Unpaired markers are not emphasis and stay text.
std::vector<EmphasisSpan> FindEmphasis(std::string_view text);

// text with the marker bytes of spans replaced by kHiddenByte: the same length, so every byte
// offset (hits, selections, lines) stays valid.
std::string MaskEmphasis(std::string_view text, const std::vector<EmphasisSpan>& spans);

// text without the markers of its emphasised runs (and without kHiddenByte): what a copy holds.
std::string StripEmphasis(std::string_view text);

}  // namespace stenogram
