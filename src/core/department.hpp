// The 101 French departments (INSEE codes), from data/departements.csv compiled into the binary.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace relais {

struct Department {
  std::string code;  // "01".."95" without "20", "2A", "2B", "971".."976"
  std::string name;
  std::string region_code;
  std::string region_name;
};

const std::vector<Department>& departments();

// The department for an INSEE code, accepting lower-case "2a"/"2b".
std::optional<Department> find_department(std::string_view code);

// The INSEE department of a French postcode's commune is not derivable from the postcode
// alone (Corsica, overseas), so callers check the pair against communes when they have them.
}  // namespace relais
