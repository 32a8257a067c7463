#include "core/operators.hpp"

namespace relais {

const std::vector<KnownOperator>& french_operators() {
  static const std::vector<KnownOperator> all = {
      {"SFR", "SFR", {"893310"}, {"09", "10", "11", "13"}, "sl2sfr"},
      {"ORANGE", "Orange", {"893301"}, {"01", "02"}, "orange"},
      {"FREE", "Free Mobile", {"893315"}, {"15", "16"}, "free"},
      {"BOUYGUES", "Bouygues Telecom", {"893320"}, {"20", "21", "88"}, "mmsbouygtel.com"},
  };
  return all;
}

const KnownOperator* find_french_operator(std::string_view code) {
  for (const auto& op : french_operators()) {
    if (op.code == code) return &op;
  }
  return nullptr;
}

OperatorProfile known_profile(std::int64_t organisation_id, const KnownOperator& known) {
  return {organisation_id, known.iccid_prefixes, known.mobile_network_codes,
          std::string(known.apn)};
}

std::optional<FieldError> check_apn(const std::string& apn) {
  const bool ok = !apn.empty() && apn.size() <= 100 &&
                  apn.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                        "0123456789.-") == std::string::npos;
  if (ok) return std::nullopt;
  return field_error("apn", apn.substr(0, 40), "bad_apn");
}

std::vector<FieldError> check_numbering(const std::vector<std::string>& prefixes,
                                        const std::vector<std::string>& mncs) {
  std::vector<FieldError> errors;
  auto digits = [](const std::string& s) {
    return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
  };
  // A handful each; a longer list is refused once (DESIGN.md rule 7).
  constexpr std::size_t kMost = 20;
  for (const auto& [field, list] : {std::pair{"iccid_prefixes", &prefixes},
                                    std::pair{"mobile_network_codes", &mncs}}) {
    if (list->size() > kMost) {
      errors.push_back(field_error(field, std::to_string(list->size()), "too_many",
                                   {std::to_string(kMost)}));
    }
  }
  if (!errors.empty()) return errors;
  if (prefixes.empty()) errors.push_back(field_error("iccid_prefixes", "", "required"));
  for (const auto& p : prefixes) {
    if (!digits(p) || p.size() < 5 || p.size() > 7 || !p.starts_with("89")) {
      errors.push_back(field_error("iccid_prefixes", p.substr(0, 40), "bad_iccid_prefix"));
    }
  }
  if (mncs.empty()) errors.push_back(field_error("mobile_network_codes", "", "required"));
  for (const auto& m : mncs) {
    if (!digits(m) || m.size() < 2 || m.size() > 3) {
      errors.push_back(field_error("mobile_network_codes", m.substr(0, 40), "bad_mnc"));
    }
  }
  return errors;
}

}  // namespace relais
