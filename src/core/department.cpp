#include "core/department.hpp"

#include <cctype>

#include "core/csv.hpp"

namespace relais {
namespace embedded {
extern const std::string_view kDepartementsCsv;
}

const std::vector<Department>& departments() {
  static const std::vector<Department> all = [] {
    std::vector<Department> out;
    csv::Table table = csv::parse(embedded::kDepartementsCsv);
    for (size_t i = 1; i < table.rows.size(); ++i) {
      const auto& f = table.rows[i].fields;
      if (f.size() >= 4) out.push_back({f[0], f[1], f[2], f[3]});
    }
    return out;
  }();
  return all;
}

std::optional<Department> find_department(std::string_view code) {
  std::string upper(code);
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (const auto& d : departments()) {
    if (d.code == upper) return d;
  }
  return std::nullopt;
}

}  // namespace relais
