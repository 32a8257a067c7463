#include "core/hex.hpp"

namespace relais {
namespace {
constexpr char kLower[] = "0123456789abcdef";
constexpr char kUpper[] = "0123456789ABCDEF";
}  // namespace

std::string to_hex(const void* data, std::size_t size) {
  const auto* bytes = static_cast<const unsigned char*>(data);
  std::string out(size * 2, '0');
  for (std::size_t i = 0; i < size; ++i) {
    out[2 * i] = kLower[bytes[i] >> 4];
    out[2 * i + 1] = kLower[bytes[i] & 0xF];
  }
  return out;
}

void append_percent_escape(std::string& out, unsigned char byte) {
  out += '%';
  out += kUpper[byte >> 4];
  out += kUpper[byte & 0xF];
}

}  // namespace relais
