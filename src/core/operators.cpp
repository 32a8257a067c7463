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

}  // namespace relais
