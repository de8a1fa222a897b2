// hashtags: "#tags" in a message's text (message dumps carry their topics so).
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace stenogram {

// "#hashtags" in a message's text, without the '#', in order, each once ("#Ukraine #UN" →
// Ukraine, UN). A '#' inside a word or a URL ("a#b", "page#top") or before a digit-only run
// ("#1") is no hashtag.
std::vector<std::string> FindHashtags(std::string_view text);

}  // namespace stenogram
