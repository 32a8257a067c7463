#include "app/auth.hpp"
#include "store/store.hpp"

#include <algorithm>
#include <chrono>
#include <mutex>
#include <unordered_map>

#include "app/audit.hpp"
#include "app/clock.hpp"
#include "app/crypto.hpp"
#include "core/account.hpp"
#include "core/error.hpp"

namespace relais::app {
namespace {

Actor actor_of(const UserRecord& u) {
  return Actor{u.id, u.email, u.name, u.role, u.organisation_id, u.organisation_name, u.created_at, ""};
}

// Seconds an account stays locked after `failures` failed logins: 30 s after the fifth,
// doubling each time, at most 15 minutes.
int lock_seconds(int failures) {
  if (failures < kFreeLoginFailures) return 0;
  int exponent = std::min(failures - kFreeLoginFailures, 5);
  return std::min(30 << exponent, 900);
}

// A hash to verify against when the account does not exist, so that a wrong email and a
// wrong password take the same time.
const std::string& dummy_hash() {
  static const std::string hash = hash_password("relais-timing-equaliser");
  return hash;
}

}  // namespace

LoginResult login(store::Store& store, std::string_view email_in, std::string_view password) {
  const std::string email = normalise_email(email_in);
  const auto now = Clock::now();
  std::optional<UserRecord> user;
  {
    // Count the attempt as a failure before checking the password, in one write transaction
    // with the lock check: parallel guesses cannot all slip in before the lock is written.
    auto tx = store.begin(store::Mode::kWrite);
    auto f = tx->accounts().login_failures(email).value_or(LoginFailures{email, 0, "", std::nullopt});
    if (f.locked_until) {
      auto until = parse_iso_utc(*f.locked_until);
      if (until > now) {
        auto wait = std::chrono::duration_cast<std::chrono::seconds>(until - now).count() + 1;
        throw Error(ErrorKind::kTooManyRequests, "too_many_attempts", {std::to_string(wait)})
            .with_retry_after(static_cast<int>(wait));
      }
    }
    f.failures += 1;
    f.last_failure_at = iso_utc(now);
    int lock = lock_seconds(f.failures);
    f.locked_until = lock ? std::optional(iso_utc(now + std::chrono::seconds(lock))) : std::nullopt;
    tx->accounts().put_login_failures(f);
    user = tx->accounts().user_by_email(email);
    tx->commit();
  }
  // Verify outside any transaction: argon2id is deliberately slow.
  bool ok = verify_password(user ? user->password_hash : dummy_hash(), password) && user;
  if (!ok) throw Error(ErrorKind::kUnauthenticated, "invalid_credentials");

  auto tx = store.begin(store::Mode::kWrite);
  tx->accounts().clear_login_failures(email);
  tx->accounts().delete_sessions_expired_before(iso_utc(now));
  LoginResult result;
  result.actor = actor_of(*user);
  result.session_token = random_token(32);
  result.csrf_token = random_token(24);
  result.created_at = iso_utc(now);
  result.expires_at = iso_utc(now + std::chrono::hours(kSessionHours));
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
    if (!found || found->first.revoked_at) return std::nullopt;
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

std::optional<Actor> actor_for_api_token(store::Store& store, std::string_view token) {
  if (token.empty()) return std::nullopt;
  auto tx = store.begin(store::Mode::kRead);
  auto t = tx->accounts().api_token_by_hash(sha256_hex(token));
  if (!t || t->revoked_at) return std::nullopt;
  auto u = tx->accounts().user(t->user_id);
  if (!u) return std::nullopt;
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

std::string create_api_token(store::Store& store, const Actor& by, std::string_view email,
                             std::string_view name) {
  auto tx = store.begin(store::Mode::kWrite);
  auto user = tx->accounts().user_by_email(normalise_email(email));
  if (!user) throw Error(ErrorKind::kNotFound, "not_found", {"entity.user"});
  std::string token = random_token(32);
  ApiTokenRecord t;
  t.token_hash = sha256_hex(token);
  t.user_id = user->id;
  t.name = std::string(name);
  t.created_at = now_iso();
  std::int64_t id = tx->accounts().insert_api_token(t);
  append_audit(*tx, by, "api_token.create", "api_token", id,
               "API token \"" + t.name + "\" for " + user->email);
  tx->commit();
  return token;
}

}  // namespace relais::app
