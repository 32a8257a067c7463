#include "app/auth.hpp"
#include "store/store.hpp"

#include <algorithm>
#include <chrono>
#include <mutex>
#include <unordered_map>

#include "app/audit.hpp"
#include "app/clock.hpp"
#include "app/crypto.hpp"
#include "app/login_throttle.hpp"
#include "app/pagination.hpp"
#include "core/authorization.hpp"
#include "core/account.hpp"
#include "core/error.hpp"
#include "core/utf8.hpp"

namespace relais::app {
namespace {

Actor actor_of(const UserRecord& u) {
  return Actor{u.id, u.email, u.name, u.role, u.organisation_id, u.organisation_name, u.created_at, ""};
}

// A hash to verify against when the account does not exist, so that a wrong email and a
// wrong password take the same time.
const std::string& dummy_hash() {
  static const std::string hash = hash_password("relais-timing-equaliser");
  return hash;
}

[[noreturn]] void too_many_attempts(long long wait) {
  throw Error(ErrorKind::kTooManyRequests, "too_many_attempts", {std::to_string(wait)})
      .with_retry_after(static_cast<int>(wait));
}

// The secret that signs device cookies, shared by every server of the database.
constexpr const char* kDeviceSecretSetting = "login_device_secret";

std::string device_secret(store::Transaction& tx) {
  if (auto secret = tx.setting(kDeviceSecretSetting)) return *secret;
  std::string secret = random_token(32);
  tx.put_setting(kDeviceSecretSetting, secret);
  return secret;
}

std::string signed_device(const std::string& secret, std::int64_t user_id,
                          const std::string& device_id) {
  std::string payload = std::to_string(user_id) + "." + device_id;
  return payload + "." + hmac_sha256_hex(secret, payload);
}

// The device id of a cookie signed for this user, or nullopt.
std::optional<std::string> known_device(const std::optional<std::string>& secret,
                                        std::int64_t user_id, std::string_view cookie) {
  if (!secret || cookie.empty() || cookie.size() > 200) return std::nullopt;
  auto first = cookie.find('.');
  auto second = first == std::string_view::npos ? first : cookie.find('.', first + 1);
  if (second == std::string_view::npos) return std::nullopt;
  if (cookie.substr(0, first) != std::to_string(user_id)) return std::nullopt;
  std::string device_id(cookie.substr(first + 1, second - first - 1));
  if (device_id.empty()) return std::nullopt;
  const std::string want = signed_device(*secret, user_id, device_id);
  if (!same_secret(want, cookie)) return std::nullopt;
  return device_id;
}

}  // namespace

LoginResult login(store::Store& store, std::string_view email_in, std::string_view password,
                  const LoginClient& client) {
  // Bounded before any work: nothing is read, hashed or written for an oversized login.
  {
    std::vector<FieldError> errors;
    if (email_in.size() > kMaxEmailBytes) {
      errors.push_back(field_error("email", "", "too_long", {std::to_string(kMaxEmailBytes)}));
    }
    if (password.size() > kMaxPasswordBytes) {
      errors.push_back(
          field_error("password", "", "too_long", {std::to_string(kMaxPasswordBytes)}));
    }
    if (!errors.empty()) throw Error::validation(std::move(errors));
  }
  const std::string email = normalise_email(email_in);
  const auto now = Clock::now();
  const auto steady_now = FailureTable::Clock::now();

  std::optional<UserRecord> user;
  std::optional<std::string> device_id;
  {
    auto tx = store.begin(store::Mode::kRead);
    user = tx->accounts().user_by_email(email);
    if (user) device_id = known_device(tx->setting(kDeviceSecretSetting), user->id, client.device);
  }

  // In memory: this address (or this known device) must not be waiting.
  std::string memory_key;
  if (device_id) {
    memory_key = "device:" + *device_id;
  } else if (auto address = address_key(client.address); !address.empty()) {
    memory_key = "address:" + address;
  }
  FailureTable& table = login_failure_table();
  if (!memory_key.empty()) {
    if (auto wait = table.wait(memory_key, steady_now)) too_many_attempts(*wait);
    table.attempt(memory_key, steady_now);
  }

  if (user && !device_id) {
    // Count the attempt as a failure before checking the password, in one write transaction
    // with the lock check: parallel guesses cannot all slip in before the lock is written.
    // Only real accounts have a row; a known device is not held by the account's lock.
    auto tx = store.begin(store::Mode::kWrite);
    auto f = tx->accounts().login_failures(user->id).value_or(
        LoginFailures{user->id, 0, "", std::nullopt});
    if (f.locked_until) {
      auto until = parse_iso_utc(*f.locked_until);
      if (until > now) {
        if (!memory_key.empty()) table.succeeded(memory_key);  // refused unread: not a guess
        too_many_attempts(std::chrono::duration_cast<std::chrono::seconds>(until - now).count() +
                          1);
      }
    }
    f.failures += 1;
    f.last_failure_at = iso_utc(now);
    int lock = throttle_seconds(f.failures, kFreeLoginFailures);
    f.locked_until = lock ? std::optional(iso_utc(now + std::chrono::seconds(lock))) : std::nullopt;
    tx->accounts().put_login_failures(f);
    // The account's owner and the coordinator can see it was being guessed: once a series,
    // so that a stranger cannot grow the log.
    if (f.failures == kFreeLoginFailures) {
      append_audit(*tx, Actor::system(), "session.throttled", "user", user->id,
                   "login throttled for unknown clients after " +
                       std::to_string(kFreeLoginFailures) + " failures: " + user->email);
    }
    tx->commit();
  }
  // Verify outside any transaction: argon2id is deliberately slow.
  bool ok = verify_password(user ? user->password_hash : dummy_hash(), password) && user &&
            !user->disabled_at;
  // A disabled account gets the answer of a wrong password: no oracle.
  if (!ok) throw Error(ErrorKind::kUnauthenticated, "invalid_credentials");
  if (!memory_key.empty()) table.succeeded(memory_key);

  auto tx = store.begin(store::Mode::kWrite);
  // Disabled meanwhile? Read again inside the write.
  auto fresh = tx->accounts().user(user->id);
  if (!fresh || fresh->disabled_at) throw Error(ErrorKind::kUnauthenticated, "invalid_credentials");
  tx->accounts().clear_login_failures(user->id);
  tx->accounts().delete_sessions_expired_before(iso_utc(now));
  LoginResult result;
  result.actor = actor_of(*fresh);
  result.session_token = random_token(32);
  result.csrf_token = random_token(24);
  result.created_at = iso_utc(now);
  result.expires_at = iso_utc(now + std::chrono::hours(kSessionHours));
  result.device = device_id ? client.device
                            : signed_device(device_secret(*tx), user->id, random_token(16));
  SessionRecord s;
  s.token_hash = sha256_hex(result.session_token);
  s.user_id = user->id;
  s.csrf_token = result.csrf_token;
  s.created_at = result.created_at;
  s.expires_at = result.expires_at;
  std::int64_t id = tx->accounts().insert_session(s);
  append_audit(*tx, result.actor, "session.login", kSessionEntity, id, "login " + user->email);
  tx->commit();
  return result;
}

namespace {

// Every request of a logged-in user looks its session up: keep the answers. On a shared
// database, an answer holds while the store's count of changes has not moved (any write by
// any server moves it); else for kSessionCacheSeconds.
class SessionCache {
 public:
  std::optional<SessionActor> get(const std::string& token_hash,
                                  std::optional<std::uint64_t> changes) {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(token_hash);
    if (it == entries_.end()) return std::nullopt;
    const Entry& e = it->second;
    const bool fresh = changes ? e.changes == changes
                               : !e.changes && std::chrono::steady_clock::now() - e.at <=
                                                   std::chrono::seconds(kSessionCacheSeconds);
    if (!fresh) {
      entries_.erase(it);
      return std::nullopt;
    }
    return e.session;
  }
  void put(const SessionActor& session, std::optional<std::uint64_t> changes) {
    std::lock_guard lock(mutex_);
    if (entries_.size() >= 10000) entries_.clear();
    entries_[session.token_hash] = {session, std::chrono::steady_clock::now(), changes};
  }
  void forget(const std::string& token_hash) {
    std::lock_guard lock(mutex_);
    entries_.erase(token_hash);
  }
  void forget_user(std::int64_t user_id) {
    std::lock_guard lock(mutex_);
    std::erase_if(entries_, [&](const auto& kv) { return kv.second.session.actor.user_id == user_id; });
  }

 private:
  struct Entry {
    SessionActor session;
    std::chrono::steady_clock::time_point at;
    std::optional<std::uint64_t> changes;
  };
  std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
};

SessionCache& session_cache() {
  static SessionCache cache;
  return cache;
}

}  // namespace

bool sessions_need_changes(store::Store& store) { return store.shared(); }

void changes_then(store::Store& store, std::function<void(std::optional<std::uint64_t>)> done) {
  store.changes_then(std::move(done));
}

std::optional<SessionActor> session_for_token(store::Store& store, std::string_view token) {
  return session_for_token(store, token, store.shared() ? store.changes() : std::nullopt);
}

std::optional<SessionActor> session_for_token(store::Store& store, std::string_view token,
                                              std::optional<std::uint64_t> changes) {
  if (token.empty()) return std::nullopt;
  const std::string token_hash = sha256_hex(token);
  // Behind a load balancer, a logout through another server must be refused here at once:
  // on a shared database, a remembered session holds only until the next write committed
  // anywhere (the count is taken before the read, so a write during it counts as after).
  // When the store cannot count (its listener is down), sessions are read every time.
  const bool shared = store.shared();
  if (!shared) changes.reset();
  const bool cached = !shared || changes;
  std::optional<SessionActor> session;
  if (cached) session = session_cache().get(token_hash, changes);
  if (!session) {
    auto found = store.begin(store::Mode::kRead)->accounts().session_with_user(token_hash);
    if (!found || found->first.revoked_at || found->second.disabled_at) return std::nullopt;
    auto& [s, u] = *found;
    session = SessionActor{actor_of(u), s.id, token_hash, s.csrf_token, s.expires_at, s.created_at};
    // On a database of one process, the session is kept a moment without the data version
    // (it is of this moment); on a shared one, both hold until the count of changes moves.
    if (cached && !shared) session_cache().put(*session, changes);
    session->actor.data_version = s.data_version;
    if (cached && shared) session_cache().put(*session, changes);
  }
  // ISO 8601 UTC texts of one format compare in time order.
  if (session->expires_at <= now_iso()) return std::nullopt;
  return session;
}

void forget_sessions_of(std::int64_t user_id) { session_cache().forget_user(user_id); }

std::optional<Actor> actor_for_api_token(store::Store& store, std::string_view token) {
  if (token.empty() || token.size() > 200) return std::nullopt;
  const auto now = Clock::now();
  const std::string at = iso_utc(now);
  std::optional<ApiTokenRecord> t;
  std::optional<UserRecord> u;
  {
    auto tx = store.begin(store::Mode::kRead);
    t = tx->accounts().api_token_by_hash(sha256_hex(token));
    // ISO 8601 UTC texts of one format compare in time order.
    if (!t || t->revoked_at || t->expires_at <= at) return std::nullopt;
    u = tx->accounts().user(t->user_id);
    if (!u || u->disabled_at) return std::nullopt;
  }
  // When a token was last used, to the quarter of an hour: one write per token at most.
  const std::string since = iso_utc(now - std::chrono::minutes(15));
  if (!t->last_used_at || *t->last_used_at < since) {
    auto tx = store.begin(store::Mode::kWrite);
    tx->accounts().note_api_token_use(t->id, at, since);
    tx->commit();
  }
  return actor_of(*u);
}

void logout(store::Store& store, const SessionActor& session) {
  auto tx = store.begin(store::Mode::kWrite);
  tx->accounts().revoke_session(session.session_id, now_iso());
  append_audit(*tx, session.actor, "session.logout", kSessionEntity, session.session_id,
               "logout " + session.actor.email);
  tx->commit();
  session_cache().forget(session.token_hash);
}

NewApiToken create_api_token(store::Store& store, const Actor& by, std::string_view email,
                             std::string_view name, int days) {
  if (!by.is_system() && !allowed(by.role, Action::kManageUsers)) {
    throw Error(ErrorKind::kForbidden, "forbidden");
  }
  std::vector<FieldError> errors;
  if (name.empty()) {
    errors.push_back(field_error("name", "", "required"));
  } else if (name.size() > 100) {
    errors.push_back(field_error("name", "", "too_long", {"100"}));
  } else if (first_invalid_utf8(name) != std::string_view::npos) {
    errors.push_back(field_error("name", "", "not_utf8_text"));
  } else if (has_control_characters(name)) {
    // A tab or a new line would break `relais token list`'s columns.
    errors.push_back(field_error("name", "", "control_characters"));
  }
  if (days < 1 || days > kMaxTokenDays) {
    errors.push_back(field_error("expires_days", std::to_string(days), "out_of_range",
                                 {"1", std::to_string(kMaxTokenDays)}));
  }
  if (email.size() > kMaxEmailBytes) {
    errors.push_back(field_error("email", "", "too_long", {std::to_string(kMaxEmailBytes)}));
  }
  if (!errors.empty()) throw Error::validation(std::move(errors));
  auto tx = store.begin(store::Mode::kWrite);
  auto user = tx->accounts().user_by_email(normalise_email(email));
  if (!user) throw Error(ErrorKind::kNotFound, "not_found", {"entity.user"});
  const auto now = Clock::now();
  NewApiToken out;
  out.token = random_token(32);
  ApiTokenRecord& t = out.record;
  t.token_hash = sha256_hex(out.token);
  t.user_id = user->id;
  t.user_email = user->email;
  t.name = std::string(name);
  t.created_at = iso_utc(now);
  t.expires_at = iso_utc(now + std::chrono::hours(24 * days));
  t.id = tx->accounts().insert_api_token(t);
  append_audit(*tx, by, "api_token.create", "api_token", t.id,
               "API token \"" + t.name + "\" for " + user->email + ", until " + t.expires_at);
  tx->commit();
  return out;
}

Page<ApiTokenRecord> list_api_tokens(store::Store& store, const Actor& by,
                                     const std::optional<std::string>& email,
                                     const std::optional<std::string>& limit,
                                     const std::optional<std::string>& cursor) {
  if (!by.is_system() && !allowed(by.role, Action::kManageUsers)) {
    throw Error(ErrorKind::kForbidden, "forbidden");
  }
  store::ApiTokenQuery query;
  query.limit = parse_limit(limit);
  query.after = parse_cursor(cursor);
  auto tx = store.begin(store::Mode::kRead);
  if (email) {
    if (email->size() > kMaxEmailBytes) throw Error(ErrorKind::kNotFound, "not_found", {"entity.user"});
    auto user = tx->accounts().user_by_email(normalise_email(*email));
    if (!user) throw Error(ErrorKind::kNotFound, "not_found", {"entity.user"});
    query.user_id = user->id;
  }
  return tx->accounts().api_tokens(query);
}

ApiTokenRecord revoke_api_token(store::Store& store, const Actor& by, std::int64_t id) {
  if (!by.is_system() && !allowed(by.role, Action::kManageUsers)) {
    throw Error(ErrorKind::kForbidden, "forbidden");
  }
  auto tx = store.begin(store::Mode::kWrite);
  auto t = tx->accounts().api_token(id);
  if (!t) throw Error(ErrorKind::kNotFound, "not_found", {"entity.api_token"});
  if (tx->accounts().revoke_api_token(id, now_iso())) {
    append_audit(*tx, by, "api_token.revoke", "api_token", id,
                 "API token \"" + t->name + "\" of " + t->user_email + " revoked");
    tx->commit();
    t = store.begin(store::Mode::kRead)->accounts().api_token(id);
  }
  return *t;
}

}  // namespace relais::app
