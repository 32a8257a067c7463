// Identifiers printed on and stored in a SIM card (DESIGN.md rule 5): ICCID (ITU-T E.118),
// IMSI (MCC + MNC + subscriber), PUK. Pure checks; the MSISDN is phone_rules.hpp's business.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace relais {

// The ICCID without its trailing 'F' filler, or nullopt with `reason` set to one of
// not_digits, bad_length (19 or 20 digits), not_telecom (must start with 89),
// bad_check_digit (Luhn).
std::optional<std::string> canonical_iccid(std::string_view raw, std::string* reason = nullptr);

// True when the Luhn check digit (the last digit) of `digits` is right.
bool luhn_valid(std::string_view digits);

// Whether a canonical ICCID starts with one of an operator's issuer prefixes ("893310").
bool iccid_has_prefix(std::string_view iccid, const std::vector<std::string>& prefixes);

// The IMSI when it has 14 or 15 digits, MCC 208 (France) and one of `mncs` ("10").
// Reasons: not_digits, bad_length, wrong_country, wrong_network.
std::optional<std::string> checked_imsi(std::string_view raw, const std::vector<std::string>& mncs,
                                        std::string* reason = nullptr);

// True for exactly eight digits.
bool is_valid_puk(std::string_view puk);

}  // namespace relais
