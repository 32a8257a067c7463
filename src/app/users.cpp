#include "app/users.hpp"
#include "store/store.hpp"

#include "app/audit.hpp"
#include "app/auth.hpp"
#include "app/login_throttle.hpp"
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

namespace {

void require_manager(const Actor& actor) {
  if (!actor.is_system() && !allowed(actor.role, Action::kManageUsers)) {
    throw Error(ErrorKind::kForbidden, "forbidden");
  }
}

UserRecord existing_user(store::Transaction& tx, std::int64_t id) {
  auto u = tx.accounts().user(id);
  if (!u) throw Error(ErrorKind::kNotFound, "not_found", {"entity.user"});
  return *u;
}

// Refuses, as a failed login of the address would be, a client that is guessing.
void check_address(const std::string& client_address) {
  auto key = address_key(client_address);
  if (key.empty()) return;
  if (auto wait = login_failure_table().wait("address:" + key, FailureTable::Clock::now())) {
    throw Error(ErrorKind::kTooManyRequests, "too_many_attempts", {std::to_string(*wait)})
        .with_retry_after(*wait);
  }
}

void count_failure(const std::string& client_address) {
  auto key = address_key(client_address);
  if (!key.empty()) login_failure_table().attempt("address:" + key, FailureTable::Clock::now());
}

}  // namespace

UserRecord user_by_email(store::Store& store, std::string_view email) {
  if (email.size() > kMaxEmailBytes) throw Error(ErrorKind::kNotFound, "not_found", {"entity.user"});
  auto u = store.begin(store::Mode::kRead)->accounts().user_by_email(normalise_email(email));
  if (!u) throw Error(ErrorKind::kNotFound, "not_found", {"entity.user"});
  return *u;
}

UserRecord disable_user(store::Store& store, const Actor& actor, std::int64_t id) {
  require_manager(actor);
  auto tx = store.begin(store::Mode::kWrite);
  UserRecord u = existing_user(*tx, id);
  if (u.disabled_at) return u;
  if (u.id == actor.user_id) throw Error(ErrorKind::kConflict, "cannot_disable_self");
  if (u.role == Role::kCoordinator &&
      tx->accounts().count_enabled_users_with_role(Role::kCoordinator) <= 1) {
    throw Error(ErrorKind::kConflict, "last_coordinator");
  }
  const std::string at = now_iso();
  tx->accounts().set_user_disabled(u.id, at);
  std::int64_t ended = tx->accounts().revoke_sessions_of(u.id, at, std::nullopt);
  append_audit(*tx, actor, "user.disable", "user", u.id,
               u.email + " disabled; " + std::to_string(ended) + " session(s) ended");
  tx->commit();
  forget_sessions_of(u.id);
  u.disabled_at = at;
  return u;
}

UserRecord enable_user(store::Store& store, const Actor& actor, std::int64_t id) {
  require_manager(actor);
  auto tx = store.begin(store::Mode::kWrite);
  UserRecord u = existing_user(*tx, id);
  if (!u.disabled_at) return u;
  tx->accounts().set_user_disabled(u.id, std::nullopt);
  tx->accounts().clear_login_failures(u.id);
  append_audit(*tx, actor, "user.enable", "user", u.id, u.email + " enabled");
  tx->commit();
  u.disabled_at.reset();
  return u;
}

void change_password(store::Store& store, const Actor& actor, std::int64_t keep_session,
                     std::string_view current, std::string_view next,
                     const std::string& client_address) {
  if (actor.is_system()) throw Error(ErrorKind::kForbidden, "forbidden");
  check_address(client_address);
  std::vector<FieldError> errors;
  if (current.empty()) errors.push_back(field_error("current", "", "required"));
  if (current.size() > kMaxPasswordBytes) {
    errors.push_back(field_error("current", "", "too_long", {std::to_string(kMaxPasswordBytes)}));
  }
  auto bad = check_password("new", next);
  errors.insert(errors.end(), bad.begin(), bad.end());
  if (!errors.empty()) throw Error::validation(std::move(errors));

  auto user = store.begin(store::Mode::kRead)->accounts().user(actor.user_id);
  if (!user || user->disabled_at) throw Error(ErrorKind::kUnauthenticated, "not_authenticated");
  count_failure(client_address);  // before the slow check: parallel guesses count
  if (!verify_password(user->password_hash, current)) {
    throw Error::validation({field_error("current", "", "wrong_password")});
  }
  auto key = address_key(client_address);
  if (!key.empty()) login_failure_table().succeeded("address:" + key);
  std::string hash = hash_password(next);

  auto tx = store.begin(store::Mode::kWrite);
  // The password checked must still be the one stored (two changes at once: one wins).
  auto fresh = existing_user(*tx, user->id);
  if (fresh.password_hash != user->password_hash) {
    throw Error(ErrorKind::kConflict, "password_changed_meanwhile");
  }
  tx->accounts().set_password_hash(user->id, hash);
  std::int64_t ended = tx->accounts().revoke_sessions_of(user->id, now_iso(), keep_session);
  append_audit(*tx, actor, "user.password_change", "user", user->id,
               user->email + " changed their password; " + std::to_string(ended) +
                   " other session(s) ended");
  tx->commit();
  forget_sessions_of(user->id);
}

PasswordResetLink create_password_reset(store::Store& store, const Actor& actor,
                                        std::int64_t user_id) {
  require_manager(actor);
  auto tx = store.begin(store::Mode::kWrite);
  UserRecord u = existing_user(*tx, user_id);
  const auto now = Clock::now();
  PasswordResetLink link;
  link.token = random_token(32);
  link.expires_at = iso_utc(now + std::chrono::hours(kPasswordResetHours));
  link.user = u;
  tx->accounts().put_password_reset(
      {0, sha256_hex(link.token), u.id, iso_utc(now), link.expires_at, std::nullopt});
  append_audit(*tx, actor, "user.password_reset_link", "user", u.id,
               "password reset link for " + u.email + ", until " + link.expires_at);
  tx->commit();
  return link;
}

void use_password_reset(store::Store& store, std::string_view token, std::string_view next,
                        const std::string& client_address) {
  check_address(client_address);
  std::vector<FieldError> errors;
  if (token.empty()) errors.push_back(field_error("token", "", "required"));
  auto bad = check_password("new", next);
  errors.insert(errors.end(), bad.begin(), bad.end());
  if (!errors.empty()) throw Error::validation(std::move(errors));
  const std::string token_hash = token.size() <= 200 ? sha256_hex(token) : "";
  std::optional<PasswordResetRecord> reset;
  if (!token_hash.empty()) {
    reset = store.begin(store::Mode::kRead)->accounts().password_reset_by_hash(token_hash);
  }
  if (!reset) {
    count_failure(client_address);
    throw Error(ErrorKind::kNotFound, "reset_link_unknown");
  }
  const std::string now = now_iso();
  if (reset->used_at || reset->expires_at <= now) {
    throw Error(ErrorKind::kGone, "reset_link_gone");
  }
  std::string hash = hash_password(next);
  auto tx = store.begin(store::Mode::kWrite);
  // Of two uses at once, one wins; a link replaced meanwhile is gone too.
  auto fresh = tx->accounts().password_reset_by_hash(token_hash);
  if (!fresh) throw Error(ErrorKind::kNotFound, "reset_link_unknown");
  if (!tx->accounts().use_password_reset(fresh->id, now)) {
    throw Error(ErrorKind::kGone, "reset_link_gone");
  }
  UserRecord u = existing_user(*tx, fresh->user_id);
  tx->accounts().set_password_hash(u.id, hash);
  tx->accounts().clear_login_failures(u.id);
  std::int64_t ended = tx->accounts().revoke_sessions_of(u.id, now, std::nullopt);
  append_audit(*tx, Actor::system(), "user.password_reset", "user", u.id,
               u.email + " set a new password with a reset link; " + std::to_string(ended) +
                   " session(s) ended");
  tx->commit();
  forget_sessions_of(u.id);
}

}  // namespace relais::app
