// Rules for user accounts: email shape and password length.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace relais {

inline constexpr size_t kMinPasswordLength = 10;
inline constexpr size_t kMaxPasswordBytes = 256;  // what a login reads at most

// Lower-cased, trimmed email used as the login identifier.
std::string normalise_email(std::string_view email);

bool is_valid_email(std::string_view email);

// Errors for a new account's email, name and password (messages not yet localised).
std::vector<FieldError> check_account(std::string_view email, std::string_view name,
                                      std::string_view password);
// Errors for a new password given in `field` (length only: at least kMinPasswordLength
// characters, at most kMaxPasswordBytes bytes).
std::vector<FieldError> check_password(std::string_view field, std::string_view password);

}  // namespace relais
