#include "app/users.hpp"
#include "store/store.hpp"

#include "app/audit.hpp"
#include "app/clock.hpp"
#include "app/crypto.hpp"
#include "app/pagination.hpp"
#include "core/account.hpp"
#include "core/authorization.hpp"
#include "core/error.hpp"

namespace relais::app {

Page<UserRecord> list_users(store::Store& store, const Actor& actor,
                                          const std::optional<std::string>& limit,
                                          const std::optional<std::string>& cursor) {
  if (!allowed(actor.role, Action::kManageUsers)) throw Error(ErrorKind::kForbidden, "forbidden");
  int n = parse_limit(limit);
  auto after = parse_cursor(cursor);
  auto tx = store.begin(store::Mode::kRead);
  return tx->accounts().users(n, after);
}

UserRecord create_user(store::Store& store, const Actor& actor, const NewUser& input) {
  if (!actor.is_system() && !allowed(actor.role, Action::kManageUsers)) {
    throw Error(ErrorKind::kForbidden, "forbidden");
  }
  const std::string email = normalise_email(input.email);
  auto errors = check_account(email, input.name, input.password);
  auto add = [&](std::string field, std::string value, std::string reason,
                 std::vector<std::string> args = {}) {
    errors.push_back(
        field_error(std::move(field), std::move(value), std::move(reason), std::move(args)));
  };
  auto role = parse_role(input.role);
  if (!role) add("role", input.role, input.role.empty() ? "required" : "unknown_role");

  // Hash before taking the write lock: argon2id is deliberately slow.
  std::string hash = errors.empty() ? hash_password(input.password) : "";

  auto tx = store.begin(store::Mode::kWrite);
  auto org = tx->accounts().organisation(input.organisation_id);
  if (input.organisation_id == 0) {
    add("organisation_id", "", "required");
  } else if (!org) {
    add("organisation_id", std::to_string(input.organisation_id), "unknown_organisation");
  } else if (role && *role != org->kind) {
    add("role", input.role, "role_mismatch", {std::string(role_name(org->kind))});
  }
  if (!email.empty() && tx->accounts().user_by_email(email)) add("email", email, "email_taken");
  if (!errors.empty()) {
    throw Error::validation(std::move(errors));
  }
  UserRecord u;
  u.organisation_id = org->id;
  u.organisation_name = org->name;
  u.email = email;
  u.name = input.name;
  u.role = *role;
  u.password_hash = std::move(hash);
  u.created_at = now_iso();
  u.id = tx->accounts().insert_user(u);
  append_audit(*tx, actor, "user.create", "user", u.id,
               u.email + " (" + std::string(role_name(u.role)) + ") in \"" + org->name + "\"");
  tx->commit();
  return u;
}

}  // namespace relais::app
