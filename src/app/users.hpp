// Use cases of user accounts (coordinator only, or the system from the CLI).
#pragma once

#include <optional>
#include <string>
#include <string_view>

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

// The user with this email (the command line names users by email); not_found (404).
UserRecord user_by_email(store::Store& store, std::string_view email);

// Disables a user: they cannot log in, and their sessions and API tokens stop working at
// once (tokens work again if the user is enabled again, sessions do not). A coordinator
// cannot disable themself, nor anyone the last enabled coordinator (conflict, 409).
// Disabling a disabled user (or enabling an enabled one) changes nothing.
UserRecord disable_user(store::Store& store, const Actor& actor, std::int64_t id);
UserRecord enable_user(store::Store& store, const Actor& actor, std::int64_t id);

// The user changes their own password: `current` must be right (else validation_failed on
// "current", counted as a failed login of this address); every other session of theirs ends.
void change_password(store::Store& store, const Actor& actor, std::int64_t keep_session,
                     std::string_view current, std::string_view next,
                     const std::string& client_address);

inline constexpr int kPasswordResetHours = 24;

struct PasswordResetLink {
  std::string token;  // goes into the link; only its hash is stored
  std::string expires_at;
  UserRecord user;
};

// A one-time link for a user to set a new password, valid kPasswordResetHours; it replaces
// the user's previous one. The coordinator (or the system).
PasswordResetLink create_password_reset(store::Store& store, const Actor& actor,
                                        std::int64_t user_id);

// Sets the password of a reset link's user, once; every session of theirs ends.
// reset_link_unknown (404: never issued, or replaced), reset_link_gone (410: used or expired).
// Unknown tokens count as failed logins of the address.
void use_password_reset(store::Store& store, std::string_view token, std::string_view next,
                        const std::string& client_address);

}  // namespace relais::app
