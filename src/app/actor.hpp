// Who is acting: the authenticated user behind a request or a CLI command.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/role.hpp"

namespace relais::app {

struct Actor {
  std::int64_t user_id = 0;  // 0 for the system (CLI, demo)
  std::string email;         // "system" for the system
  std::string name;
  Role role = Role::kCoordinator;
  std::int64_t organisation_id = 0;
  std::string organisation_name;
  std::string created_at;  // when the account was created
  // The head of the audit log read with the session, in this very request ("" when it was not):
  // the caches of app answer from it without asking the database again.
  std::string data_version;

  static Actor system() {
    Actor a;
    a.email = "system";
    a.name = "Relais";
    return a;
  }
  bool is_system() const { return user_id == 0; }
};

}  // namespace relais::app
