#include "docs/writing.hpp"

#include <array>
#include <cctype>

namespace relais::docs {
namespace {

bool all_digits(std::string_view s) {
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return !s.empty();
}

}  // namespace

bool is_right_to_left(std::string_view lang) {
  return lang == "ar" || lang == "prs" || lang == "ps" || lang == "fa" || lang == "ur";
}

std::string date_text(std::string_view lang, std::string_view iso) {
  static constexpr std::array<std::string_view, 12> kFrench = {
      "janvier", "février", "mars",      "avril",   "mai",      "juin",
      "juillet", "août",    "septembre", "octobre", "novembre", "décembre"};
  static constexpr std::array<std::string_view, 12> kEnglish = {
      "January", "February", "March",     "April",   "May",      "June",
      "July",    "August",   "September", "October", "November", "December"};
  if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-' || !all_digits(iso.substr(0, 4)) ||
      !all_digits(iso.substr(5, 2)) || !all_digits(iso.substr(8, 2))) {
    return std::string(iso);
  }
  const int month = std::stoi(std::string(iso.substr(5, 2)));
  const int day = std::stoi(std::string(iso.substr(8, 2)));
  if (month < 1 || month > 12 || day < 1 || day > 31) return std::string(iso);
  const std::string year(iso.substr(0, 4));
  if (lang == "fr") {
    return (day == 1 ? std::string("1er") : std::to_string(day)) + " " +
           std::string(kFrench[month - 1]) + " " + year;
  }
  if (lang == "en") {
    return std::to_string(day) + " " + std::string(kEnglish[month - 1]) + " " + year;
  }
  return std::string(iso);
}

std::string phone_text(std::string_view e164) {
  if (!e164.starts_with('+') || !all_digits(e164.substr(1))) return std::string(e164);
  const std::string_view digits = e164.substr(1);
  // National significant numbers of 9 digits: metropolitan France (+33 6 12 34 56 78) and
  // the overseas departments with their own country code (+262 692 12 34 56).
  auto pairs = [](std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); i += 2) {
      out += ' ';
      out += s.substr(i, 2);
    }
    return out;
  };
  if (digits.size() == 11 && digits.starts_with("33")) {
    return "+33 " + std::string(digits.substr(2, 1)) + pairs(digits.substr(3));
  }
  for (std::string_view code : {"262", "590", "594", "596"}) {
    if (digits.size() == 12 && digits.starts_with(code)) {
      return "+" + std::string(code) + " " + std::string(digits.substr(3, 3)) +
             pairs(digits.substr(6));
    }
  }
  return std::string(e164);
}

std::string isolate(std::string_view lang, std::string_view value) {
  if (!is_right_to_left(lang)) return std::string(value);
  return "\u2068" + std::string(value) + "\u2069";
}

}  // namespace relais::docs
