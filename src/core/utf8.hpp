// UTF-8 text: length in characters, well-formedness, and folding for comparison and sorting.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace relais {

// Characters (code points), not bytes, for length limits.
std::size_t utf8_length(std::string_view text);

// The byte offset of the first malformed sequence, or npos when the text is valid UTF-8
// (no overlong forms, no surrogates, nothing above U+10FFFF).
std::size_t first_invalid_utf8(std::string_view text);

// The text with every malformed sequence replaced by U+FFFD, so that it can go into JSON.
std::string repair_utf8(std::string_view text);

// Lower-cases ASCII and folds the accented Latin letters of French (é, È, ç, œ, æ...) to
// ASCII, so that "Évry" sorts beside "evry" and "Capacité" matches "capacite". Other
// characters are kept as they are.
std::string fold_case_and_accents(std::string_view text);

// The text without the ASCII spaces, tabs and line breaks around it.
std::string_view trim_spaces(std::string_view text);

// Whether the text holds an ASCII control character (DEL included); `multiline`: line breaks
// and tabs are allowed (a free text).
bool has_control_characters(std::string_view text, bool multiline = false);

}  // namespace relais
