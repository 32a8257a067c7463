// Opaque keyset-pagination cursors: the sort key and id of the last row of a page.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace relais {

struct Cursor {
  std::string key;  // value of the sort column of the last row
  std::int64_t id = 0;
  bool operator==(const Cursor&) const = default;
};

std::string encode_cursor(const Cursor& cursor);
// nullopt for anything that encode_cursor did not produce.
std::optional<Cursor> decode_cursor(std::string_view text);

std::string base64url_encode(std::string_view bytes);
std::optional<std::string> base64url_decode(std::string_view text);

}  // namespace relais
