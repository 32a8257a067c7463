// Reads the `limit` and `cursor` query parameters shared by every list.
#pragma once

#include <optional>
#include <string>

#include "core/cursor.hpp"

namespace relais::app {

inline constexpr int kDefaultLimit = 50;
inline constexpr int kMaxLimit = 200;

// Throws bad_parameter (400) for a limit outside 1..200 and bad_cursor (400) for a cursor
// that Relais did not issue.
int parse_limit(const std::optional<std::string>& limit);
std::optional<Cursor> parse_cursor(const std::optional<std::string>& cursor);

}  // namespace relais::app
