#include "app/pagination.hpp"

#include <charconv>

#include "core/error.hpp"

namespace relais::app {

int parse_limit(const std::optional<std::string>& limit) {
  if (!limit || limit->empty()) return kDefaultLimit;
  int value = 0;
  auto [ptr, ec] = std::from_chars(limit->data(), limit->data() + limit->size(), value);
  if (ec != std::errc() || ptr != limit->data() + limit->size() || value < 1 || value > kMaxLimit) {
    throw Error(ErrorKind::kBadRequest, "bad_parameter",
                {"limit", *limit + " (1.." + std::to_string(kMaxLimit) + ")"});
  }
  return value;
}

std::optional<Cursor> parse_cursor(const std::optional<std::string>& cursor) {
  if (!cursor || cursor->empty()) return std::nullopt;
  auto c = decode_cursor(*cursor);
  if (!c) throw Error(ErrorKind::kBadRequest, "bad_cursor");
  return c;
}

}  // namespace relais::app
