#include "core/utf8.hpp"

#include <algorithm>
#include <string_view>

namespace relais {

std::size_t utf8_length(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

std::size_t first_invalid_utf8(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;  // overlong
      if (c == 0xED) hi = 0x9F;  // surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;  // overlong
      if (c == 0xF4) hi = 0x8F;  // above U+10FFFF
    } else {
      return i;
    }
    if (i + len > n || s[i + 1] < lo || s[i + 1] > hi) return i;
    for (std::size_t k = 2; k < len; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return i;
    }
    i += len;
  }
  return std::string_view::npos;
}

std::string repair_utf8(std::string_view text) {
  std::string out;
  while (!text.empty()) {
    std::size_t bad = first_invalid_utf8(text);
    if (bad == std::string_view::npos) {
      out.append(text);
      break;
    }
    out.append(text.substr(0, bad));
    out += "\xEF\xBF\xBD";
    text.remove_prefix(bad + 1);
  }
  return out;
}

std::string fold_case_and_accents(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c == 0xC3 && i + 1 < text.size()) {
      // U+00C0..U+00FF: the second byte with bit 0x20 set is the lower-case letter.
      auto d = static_cast<unsigned char>(text[i + 1] | 0x20);
      const char* folded = nullptr;
      if (d >= 0xA0 && d <= 0xA5)
        folded = "a";
      else if (d == 0xA6)
        folded = "ae";
      else if (d == 0xA7)
        folded = "c";
      else if (d >= 0xA8 && d <= 0xAB)
        folded = "e";
      else if (d >= 0xAC && d <= 0xAF)
        folded = "i";
      else if (d == 0xB1)
        folded = "n";
      else if ((d >= 0xB2 && d <= 0xB6) || d == 0xB8)
        folded = "o";
      else if (d >= 0xB9 && d <= 0xBC)
        folded = "u";
      else if (d == 0xBD || (d == 0xBF && text[i + 1] != '\x9F'))  // ÿ, not ß (C3 9F)
        folded = "y";
      if (folded) {
        out += folded;
        ++i;
        continue;
      }
    }
    if (c == 0xC5 && i + 1 < text.size() &&
        (static_cast<unsigned char>(text[i + 1]) == 0x92 ||
         static_cast<unsigned char>(text[i + 1]) == 0x93)) {
      out += "oe";  // Œ œ
      ++i;
      continue;
    }
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : static_cast<char>(c);
  }
  return out;
}

std::string_view trim_spaces(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n";
  const auto first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(kSpace) - first + 1);
}

bool has_control_characters(std::string_view text, bool multiline) {
  for (unsigned char c : text) {
    if (multiline && (c == '\n' || c == '\r' || c == '\t')) continue;
    if (c < 0x20 || c == 0x7f) return true;
  }
  return false;
}

}  // namespace relais
