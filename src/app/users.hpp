// Use cases of user accounts (coordinator only, or the system from the CLI).
#pragma once

#include <optional>
#include <string>

#include "app/actor.hpp"
#include "app/store_fwd.hpp"
#include "core/records/accounts.hpp"
#include "core/records/page.hpp"

namespace relais::app {

struct NewUser {
  std::string email;
  std::string name;
  std::string role;
  std::int64_t organisation_id = 0;
  std::string password;
};

Page<UserRecord> list_users(store::Store& store, const Actor& actor,
                                          const std::optional<std::string>& limit,
                                          const std::optional<std::string>& cursor);

// Throws validation_failed (422) naming every bad field.
UserRecord create_user(store::Store& store, const Actor& actor, const NewUser& input);

}  // namespace relais::app
