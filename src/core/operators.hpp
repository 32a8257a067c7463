// The French mobile operators Relais knows: their ICCID issuer prefixes (E.118) and mobile
// network codes under MCC 208. An operator organisation created with one of these codes gets
// this numbering, which batch imports check.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/records/cards.hpp"

namespace relais {

struct KnownOperator {
  std::string_view code;
  std::string_view name;
  std::vector<std::string> iccid_prefixes;
  std::vector<std::string> mobile_network_codes;
  std::string_view apn;  // its mobile internet's access point name
};

const std::vector<KnownOperator>& french_operators();

// nullptr when the code is not one of them.
const KnownOperator* find_french_operator(std::string_view code);

// The numbering and APN Relais knows for a French operator, as its organisation's profile.
OperatorProfile known_profile(std::int64_t organisation_id, const KnownOperator& known);

// An access point name: 1 to 100 letters, digits, dots and hyphens (3GPP TS 23.003).
std::optional<FieldError> check_apn(const std::string& apn);

// Errors for an operator's numbering set by hand (an MVNO, say): at least one issuer prefix of
// 5 to 7 digits starting with 89, at least one mobile network code of 2 or 3 digits.
std::vector<FieldError> check_numbering(const std::vector<std::string>& iccid_prefixes,
                                        const std::vector<std::string>& mobile_network_codes);

}  // namespace relais
