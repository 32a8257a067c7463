#include "core/role.hpp"

namespace relais {

std::string_view role_name(Role role) {
  switch (role) {
    case Role::kCoordinator:
      return "coordinator";
    case Role::kFunder:
      return "funder";
    case Role::kOperator:
      return "operator";
    case Role::kLogistics:
      return "logistics";
    case Role::kLiaison:
      return "liaison";
    case Role::kStructure:
      return "structure";
    case Role::kAssociation:
      return "association";
  }
  return "";
}

std::optional<Role> parse_role(std::string_view name) {
  for (Role r : kAllRoles) {
    if (role_name(r) == name) return r;
  }
  return std::nullopt;
}

}  // namespace relais
