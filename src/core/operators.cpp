#include "core/operators.hpp"

namespace relais {

const std::vector<KnownOperator>& french_operators() {
  static const std::vector<KnownOperator> all = {
      {"SFR", "SFR", {"893310"}, {"09", "10", "11", "13"}},
      {"ORANGE", "Orange", {"893301"}, {"01", "02"}},
      {"FREE", "Free Mobile", {"893315"}, {"15", "16"}},
      {"BOUYGUES", "Bouygues Telecom", {"893320"}, {"20", "21", "88"}},
  };
  return all;
}

const KnownOperator* find_french_operator(std::string_view code) {
  for (const auto& op : french_operators()) {
    if (op.code == code) return &op;
  }
  return nullptr;
}

std::vector<FieldError> check_numbering(const std::vector<std::string>& prefixes,
                                        const std::vector<std::string>& mncs) {
  std::vector<FieldError> errors;
  auto digits = [](const std::string& s) {
    return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
  };
  if (prefixes.empty()) errors.push_back(field_error("iccid_prefixes", "", "required"));
  for (const auto& p : prefixes) {
    if (!digits(p) || p.size() < 5 || p.size() > 7 || !p.starts_with("89")) {
      errors.push_back(field_error("iccid_prefixes", p, "bad_iccid_prefix"));
    }
  }
  if (mncs.empty()) errors.push_back(field_error("mobile_network_codes", "", "required"));
  for (const auto& m : mncs) {
    if (!digits(m) || m.size() < 2 || m.size() > 3) {
      errors.push_back(field_error("mobile_network_codes", m, "bad_mnc"));
    }
  }
  return errors;
}

}  // namespace relais
