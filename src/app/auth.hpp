// Logging in and out, sessions, API tokens and login throttling.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "app/actor.hpp"
#include "app/store_fwd.hpp"

namespace relais::app {

inline constexpr int kSessionHours = 12;
inline constexpr int kFreeLoginFailures = 5;  // failures allowed before an account is throttled

struct LoginResult {
  Actor actor;
  std::string session_token;  // goes into the cookie; only its hash is stored
  std::string csrf_token;
  std::string expires_at;
  std::string created_at;
};

// Throws Error invalid_credentials (401) or too_many_attempts (429, with retry_after).
LoginResult login(store::Store& store, std::string_view email, std::string_view password);

struct SessionActor {
  Actor actor;
  std::int64_t session_id = 0;
  std::string token_hash;
  std::string csrf_token;
  std::string expires_at;
  std::string created_at;
};

// The live session for a cookie token, or nullopt (unknown, expired or revoked). On a database
// only this process serves (SQLite), sessions are remembered for kSessionCacheSeconds (a logout
// through this process takes effect at once); on a shared one (PostgreSQL behind a load
// balancer) a session is remembered, with the data version read beside it, as long as no
// server has committed a write since (Store::changes, exact at the moment of the request), so
// a logout through any server is refused at once; while the store cannot count, it is read
// every time.
inline constexpr int kSessionCacheSeconds = 2;
// The entity of a login's and a logout's audit events: they change nothing a page computes.
inline constexpr const char* kSessionEntity = "session";
std::optional<SessionActor> session_for_token(store::Store& store, std::string_view token);
// The same with the store's count of changes already asked (changes_then), so that a server
// learns it without holding a thread.
std::optional<SessionActor> session_for_token(store::Store& store, std::string_view token,
                                              std::optional<std::uint64_t> changes);
// Whether sessions on this store need that count (a shared database), and the asking.
bool sessions_need_changes(store::Store& store);
void changes_then(store::Store& store, std::function<void(std::optional<std::uint64_t>)> done);

// The actor for an API bearer token, or nullopt.
std::optional<Actor> actor_for_api_token(store::Store& store, std::string_view token);

void logout(store::Store& store, const SessionActor& session);

// Creates an API token for a user (by email) and returns it; only its hash is stored.
std::string create_api_token(store::Store& store, const Actor& by, std::string_view email,
                             std::string_view name);

}  // namespace relais::app
