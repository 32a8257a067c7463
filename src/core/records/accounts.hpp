// The records of people and machines who use Relais: accounts, sessions, API tokens and the
// count of failed logins. The store reads and writes them; the HTTP layer shows some.
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
};

struct LoginFailures {
  std::string email;
  int failures = 0;
  std::string last_failure_at;
  std::optional<std::string> locked_until;
};

}  // namespace relais
