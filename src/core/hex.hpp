// Bytes written as hexadecimal digits: digests and ids (lowercase), and the %XX escapes of a
// URL or an SQLite URI (uppercase, RFC 3986).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace relais {

// Two lowercase digits per byte, in order: {0x0a, 0xff} -> "0aff".
std::string to_hex(const void* data, std::size_t size);
inline std::string to_hex(std::string_view bytes) { return to_hex(bytes.data(), bytes.size()); }

// Appends "%XX" for one byte (uppercase digits, as RFC 3986 recommends).
void append_percent_escape(std::string& out, unsigned char byte);

}  // namespace relais
