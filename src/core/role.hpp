// The seven roles of Relais. An organisation's kind is a role, and a user's role is the kind
// of the organisation they belong to.
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace relais {

enum class Role {
  kCoordinator,
  kFunder,
  kOperator,
  kLogistics,
  kLiaison,
  kStructure,
  kAssociation
};

inline constexpr std::array<Role, 7> kAllRoles = {
    Role::kCoordinator, Role::kFunder,    Role::kOperator,   Role::kLogistics,
    Role::kLiaison,     Role::kStructure, Role::kAssociation};

std::string_view role_name(Role role);
std::optional<Role> parse_role(std::string_view name);

}  // namespace relais
