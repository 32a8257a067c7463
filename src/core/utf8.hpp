// UTF-8 text checks: length in characters and well-formedness.
#pragma once

#include <cstddef>
#include <string_view>

namespace relais {

// Characters (code points), not bytes, for length limits.
std::size_t utf8_length(std::string_view text);

// The byte offset of the first malformed sequence, or npos when the text is valid UTF-8
// (no overlong forms, no surrogates, nothing above U+10FFFF).
std::size_t first_invalid_utf8(std::string_view text);

}  // namespace relais
