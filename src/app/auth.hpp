// Logging in and out, sessions, API tokens and login throttling.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "app/actor.hpp"
#include "app/store_fwd.hpp"
#include "core/records/accounts.hpp"
#include "core/records/page.hpp"

namespace relais::app {

inline constexpr int kSessionHours = 12;
// Failures allowed before an account is throttled for clients it does not know.
inline constexpr int kFreeLoginFailures = 5;
// What a login may send: longer is refused before any work (RFC 5321 bounds an address).
inline constexpr std::size_t kMaxEmailBytes = 254;
// How long a browser that logged in stays a known client of its account.
inline constexpr int kDeviceDays = 365;

// Who is logging in, as far as the server can tell.
struct LoginClient {
  std::string address;  // the peer's address; empty from the command line and tests
  std::string device;   // the device cookie this browser got at an earlier login, if any
};

struct LoginResult {
  Actor actor;
  std::string session_token;  // goes into the cookie; only its hash is stored
  std::string csrf_token;
  std::string expires_at;
  std::string created_at;
  std::string device;  // the device cookie to keep (signed: user id, device id, MAC)
};

// Throws Error invalid_credentials (401), too_many_attempts (429, with retry_after) or
// validation_failed (422: email or password too long, nothing written).
//
// Throttling: failures are counted per client address in this process's memory (after
// kFreeAddressFailures, that address waits), and per real account in the database (after
// kFreeLoginFailures, the account waits for clients it does not know). A browser that logged
// in to the account before (a valid device cookie of that account) is not held by either:
// its own failures are counted under its device instead of its address. An email of no
// account writes nothing.
LoginResult login(store::Store& store, std::string_view email, std::string_view password,
                  const LoginClient& client = {});

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

inline constexpr int kDefaultTokenDays = 90;
inline constexpr int kMaxTokenDays = 365;

struct NewApiToken {
  std::string token;  // shown once; only its hash is stored
  ApiTokenRecord record;
};

// Creates an API token for a user (by email) valid `days` (1 to kMaxTokenDays). The
// coordinator (or the system) only.
NewApiToken create_api_token(store::Store& store, const Actor& by, std::string_view email,
                             std::string_view name, int days = kDefaultTokenDays);
// Tokens, newest first, of one user (by email) or of all; never the token itself.
Page<ApiTokenRecord> list_api_tokens(store::Store& store, const Actor& by,
                                     const std::optional<std::string>& email,
                                     const std::optional<std::string>& limit,
                                     const std::optional<std::string>& cursor);
// Revokes a token at once; revoking a revoked one changes nothing. not_found (404).
ApiTokenRecord revoke_api_token(store::Store& store, const Actor& by, std::int64_t id);

// Ends the sessions of a user remembered by this process (after a write that ended them).
void forget_sessions_of(std::int64_t user_id);

}  // namespace relais::app
