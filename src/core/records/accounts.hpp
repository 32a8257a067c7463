// The records of people and machines who use Relais: accounts, sessions, API tokens and the
// count of failed logins, password reset links. The store reads and writes them; the HTTP layer shows some.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/role.hpp"

namespace relais {

struct UserRecord {
  std::int64_t id = 0;
  std::int64_t organisation_id = 0;
  std::string organisation_name;  // filled on reads
  std::string email;
  std::string name;
  Role role = Role::kStructure;
  std::string password_hash;
  std::string created_at;
  std::optional<std::string> disabled_at;  // set while the account may not log in
};

struct SessionRecord {
  std::int64_t id = 0;
  std::string token_hash;
  std::int64_t user_id = 0;
  std::string csrf_token;
  std::string created_at;
  std::string expires_at;
  std::optional<std::string> revoked_at;
  std::string data_version;  // filled on reads: the audit log's head at the same moment
};

struct ApiTokenRecord {
  std::int64_t id = 0;
  std::string token_hash;
  std::int64_t user_id = 0;
  std::string name;
  std::string created_at;
  std::optional<std::string> revoked_at;
  std::string expires_at;
  std::optional<std::string> last_used_at;  // to the minute or so: not written on every use
  std::string user_email;                   // filled on reads
};

// Failed logins of one real account (unknown emails are never counted per email).
struct LoginFailures {
  std::int64_t user_id = 0;
  int failures = 0;
  std::string last_failure_at;
  std::optional<std::string> locked_until;
};

// A one-time link to set a password; only the hash of its token is kept.
struct PasswordResetRecord {
  std::int64_t id = 0;
  std::string token_hash;
  std::int64_t user_id = 0;
  std::string created_at;
  std::string expires_at;
  std::optional<std::string> used_at;
};

}  // namespace relais
