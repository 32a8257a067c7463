// Organisations and the accounts of their people: users, sessions, API tokens, failed logins.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/organisation.hpp"
#include "core/records/accounts.hpp"
#include "core/records/page.hpp"

namespace relais::store {

struct ApiTokenQuery {
  std::optional<std::int64_t> user_id;
  int limit = 50;
  std::optional<Cursor> after;  // by id, newest first
};

struct OrganisationQuery {
  std::optional<Role> kind;
  std::optional<std::string> department;
  std::optional<std::string> text;  // fragment of name or commune, case-insensitive
  // Scope: when set, only this organisation, plus structures if with_structures.
  std::optional<std::int64_t> own_organisation;
  bool with_structures = false;
  int limit = 50;
  std::optional<Cursor> after;
};

class Accounts {
 public:
  virtual ~Accounts() = default;

  virtual std::int64_t insert_organisation(const Organisation& org) = 0;
  virtual void update_organisation(const Organisation& org) = 0;
  virtual std::optional<Organisation> organisation(std::int64_t id) = 0;
  virtual Page<Organisation> organisations(const OrganisationQuery& query) = 0;
  // The id of another organisation with this name and commune, if any.
  virtual std::optional<std::int64_t> organisation_named(
      std::string_view name, const std::optional<std::string>& commune) = 0;
  // The id of the organisation with this code (operator codes are unique), if any.
  virtual std::optional<std::int64_t> organisation_with_code(std::string_view code) = 0;
  virtual std::optional<Organisation> organisation_by_code(std::string_view code) = 0;
  // Reception places per department: the sum of its structures' capacities.
  virtual std::vector<std::pair<std::string, std::int64_t>> department_capacities() = 0;

  virtual std::int64_t insert_user(const UserRecord& user) = 0;
  virtual std::optional<UserRecord> user(std::int64_t id) = 0;
  virtual std::optional<UserRecord> user_by_email(std::string_view email) = 0;
  virtual Page<UserRecord> users(int limit, const std::optional<Cursor>& after) = 0;
  virtual std::int64_t count_users_of(std::int64_t organisation_id) = 0;
  // `at` set: disabled since then; nullopt: enabled again.
  virtual void set_user_disabled(std::int64_t id, const std::optional<std::string>& at) = 0;
  virtual std::int64_t count_enabled_users_with_role(Role role) = 0;
  virtual void set_password_hash(std::int64_t id, std::string_view hash) = 0;

  virtual std::int64_t insert_session(const SessionRecord& session) = 0;
  // The session and its user in one read: every authenticated request asks for it.
  virtual std::optional<std::pair<SessionRecord, UserRecord>> session_with_user(
      std::string_view token_hash) = 0;
  virtual void revoke_session(std::int64_t id, std::string_view at) = 0;
  virtual void delete_sessions_expired_before(std::string_view at) = 0;
  // Ends every live session of a user but `keep` (a session id); returns how many ended.
  virtual std::int64_t revoke_sessions_of(std::int64_t user_id, std::string_view at,
                                          std::optional<std::int64_t> keep) = 0;

  virtual std::int64_t insert_api_token(const ApiTokenRecord& token) = 0;
  virtual std::optional<ApiTokenRecord> api_token_by_hash(std::string_view token_hash) = 0;
  virtual std::optional<ApiTokenRecord> api_token(std::int64_t id) = 0;
  virtual Page<ApiTokenRecord> api_tokens(const ApiTokenQuery& query) = 0;
  // False when the token was already revoked (or does not exist).
  virtual bool revoke_api_token(std::int64_t id, std::string_view at) = 0;
  // Notes a use at `at` unless one was noted at or after `unless_since` (few writes).
  virtual void note_api_token_use(std::int64_t id, std::string_view at,
                                  std::string_view unless_since) = 0;

  virtual std::optional<LoginFailures> login_failures(std::int64_t user_id) = 0;
  virtual void put_login_failures(const LoginFailures& failures) = 0;
  virtual void clear_login_failures(std::int64_t user_id) = 0;
  virtual std::int64_t count_login_failures() = 0;

  // Replaces the user's previous link, if any.
  virtual std::int64_t put_password_reset(const PasswordResetRecord& reset) = 0;
  virtual std::optional<PasswordResetRecord> password_reset_by_hash(
      std::string_view token_hash) = 0;
  // False when the link was used already: of two uses at once, exactly one wins.
  virtual bool use_password_reset(std::int64_t id, std::string_view at) = 0;
};

}  // namespace relais::store
