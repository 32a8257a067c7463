#include "core/account.hpp"

#include <algorithm>
#include <cctype>

#include "core/utf8.hpp"

namespace relais {

std::string normalise_email(std::string_view email) {
  while (!email.empty() && std::isspace(static_cast<unsigned char>(email.front())))
    email.remove_prefix(1);
  while (!email.empty() && std::isspace(static_cast<unsigned char>(email.back())))
    email.remove_suffix(1);
  std::string out(email);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool is_valid_email(std::string_view email) {
  if (email.size() > 254) return false;
  size_t at = email.find('@');
  if (at == std::string_view::npos || at == 0 || email.find('@', at + 1) != std::string_view::npos)
    return false;
  std::string_view domain = email.substr(at + 1);
  size_t dot = domain.find('.');
  if (dot == std::string_view::npos || dot == 0 || domain.back() == '.' ||
      domain.find("..") != std::string_view::npos) {
    return false;
  }
  return std::none_of(email.begin(), email.end(), [](unsigned char c) {
    return std::isspace(c) || std::iscntrl(c) || c == ',' || c == ';' || c == '<' || c == '>';
  });
}

std::vector<FieldError> check_account(std::string_view email, std::string_view name,
                                      std::string_view password) {
  std::vector<FieldError> errors;
  auto add = [&](std::string field, std::string value, std::string reason,
                 std::vector<std::string> args = {}) {
    errors.push_back(
        field_error(std::move(field), std::move(value), std::move(reason), std::move(args)));
  };
  if (email.empty()) {
    add("email", "", "required");
  } else if (!is_valid_email(email)) {
    add("email", std::string(email), "bad_email");
  }
  if (name.empty()) {
    add("name", "", "required");
  } else if (first_invalid_utf8(name) != std::string_view::npos) {
    add("name", "", "not_utf8_text");
  } else if (utf8_length(name) > 200) {
    add("name", std::string(name), "too_long", {"200"});
  }
  auto bad_password = check_password("password", password);
  errors.insert(errors.end(), bad_password.begin(), bad_password.end());
  return errors;
}

std::vector<FieldError> check_password(std::string_view field, std::string_view password) {
  // Never echo a password back, even a refused one.
  if (password.size() > kMaxPasswordBytes) {
    return {field_error(std::string(field), "", "too_long", {std::to_string(kMaxPasswordBytes)})};
  }
  if (utf8_length(password) < kMinPasswordLength) {
    return {field_error(std::string(field), "", "password_too_short",
                        {std::to_string(kMinPasswordLength)})};
  }
  return {};
}

}  // namespace relais
