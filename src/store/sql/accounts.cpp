// Organisations and accounts in SQL both engines read alike.
#include "core/utf8.hpp"
#include "store/sql/parts.hpp"
#include "store/sql/rows.hpp"

namespace relais::store::sql {
namespace {

constexpr const char* kUserColumns =
    "u.id, u.organisation_id, o.name, u.email, u.name, u.role, u.password_hash, u.created_at, "
    "u.disabled_at";
constexpr int kUserColumnCount = 9;

constexpr const char* kTokenColumns =
    "t.id, t.token_hash, t.user_id, t.name, t.created_at, t.revoked_at, t.expires_at, "
    "t.last_used_at, u.email";

ApiTokenRecord read_token(Query& q) {
  ApiTokenRecord t;
  t.id = q.i64(0);
  t.token_hash = q.text(1);
  t.user_id = q.i64(2);
  t.name = q.text(3);
  t.created_at = q.text(4);
  t.revoked_at = q.opt_text(5);
  t.expires_at = q.opt_text(6).value_or("");
  t.last_used_at = q.opt_text(7);
  t.user_email = q.text(8);
  return t;
}

UserRecord read_user(Query& q) {
  UserRecord u;
  u.id = q.i64(0);
  u.organisation_id = q.i64(1);
  u.organisation_name = q.text(2);
  u.email = q.text(3);
  u.name = q.text(4);
  u.role = parse_role(q.text(5)).value_or(Role::kStructure);
  u.password_hash = q.text(6);
  u.created_at = q.text(7);
  u.disabled_at = q.opt_text(8);
  return u;
}

// An organisation's ten written columns, kind to department, in the order both writes list them.
void bind_fields(Query& q, const Organisation& o) {
  q.bind(role_name(o.kind)).bind(o.name).bind(fold_case_and_accents(o.name)).bind(o.code);
  q.bind(o.structure_type).bind(o.capacity).bind(o.address).bind(o.postcode).bind(o.commune);
  q.bind(o.department);
}

class SqlAccounts final : public Accounts {
 public:
  explicit SqlAccounts(Connection& conn) : conn_(conn) {}

  std::int64_t insert_organisation(const Organisation& o) override {
    Query q(conn_,
            "INSERT INTO organisations (kind, name, sort_name, code, structure_type, capacity, "
            "address, postcode, commune, department, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    bind_fields(q, o);
    q.bind(o.created_at).bind(o.updated_at);
    return returning_id(q);
  }

  void update_organisation(const Organisation& o) override {
    Query q(conn_,
            "UPDATE organisations SET kind = ?, name = ?, sort_name = ?, code = ?, "
            "structure_type = ?, capacity = ?, address = ?, postcode = ?, commune = ?, "
            "department = ?, updated_at = ? WHERE id = ?");
    bind_fields(q, o);
    q.bind(o.updated_at).bind(o.id).run();
  }

  std::optional<Organisation> organisation(std::int64_t id) override {
    Query q(conn_,
            std::string("SELECT ") + kOrganisationColumns + " FROM organisations WHERE id = ?");
    q.bind(id);
    if (!q.step()) return std::nullopt;
    return read_organisation(q);
  }

  Page<Organisation> organisations(const OrganisationQuery& query) override {
    // Filters are fixed SQL fragments with placeholders; values are always bound. SQLite's
    // LIKE ignores the case of ASCII letters; PostgreSQL's ILIKE does the same and more.
    const char* like = conn_.dialect() == Dialect::kPostgres ? "ILIKE" : "LIKE";
    std::string where = " WHERE 1 = 1";
    if (query.kind) where += " AND kind = ?";
    if (query.department) where += " AND department = ?";
    if (query.text) {
      where += std::string(" AND (name ") + like + " ? ESCAPE '\\' OR commune " + like +
               " ? ESCAPE '\\')";
    }
    if (query.own_organisation) {
      where += query.with_structures ? " AND (id = ? OR kind = 'structure')" : " AND id = ?";
    }
    auto bind_filters = [&](Query& q) {
      if (query.kind) q.bind(role_name(*query.kind));
      if (query.department) q.bind(*query.department);
      if (query.text) {
        std::string p = like_pattern(*query.text);
        q.bind(p).bind(p);
      }
      if (query.own_organisation) q.bind(*query.own_organisation);
    };

    Page<Organisation> page;
    {
      Query q(conn_, "SELECT COUNT(*) FROM organisations" + where);
      bind_filters(q);
      q.step();
      page.total = q.i64(0);
    }
    std::string sql = std::string("SELECT ") + kOrganisationColumns + " FROM organisations" + where;
    if (query.after) sql += " AND (sort_name > ? OR (sort_name = ? AND id > ?))";
    sql += " ORDER BY sort_name, id LIMIT ?";
    Query q(conn_, sql);
    bind_filters(q);
    if (query.after) q.bind(query.after->key).bind(query.after->key).bind(query.after->id);
    q.bind(query.limit + 1);
    while (q.step()) page.items.push_back(read_organisation(q));
    if (static_cast<int>(page.items.size()) > query.limit) {
      page.items.pop_back();
      page.next = Cursor{fold_case_and_accents(page.items.back().name), page.items.back().id};
    }
    return page;
  }

  std::optional<std::int64_t> organisation_named(
      std::string_view name, const std::optional<std::string>& commune) override {
    Query q(conn_,
            "SELECT id FROM organisations WHERE name = ? AND commune IS NOT DISTINCT FROM ?");
    q.bind(name).bind(commune);
    if (!q.step()) return std::nullopt;
    return q.i64(0);
  }

  std::optional<std::int64_t> organisation_with_code(std::string_view code) override {
    Query q(conn_, "SELECT id FROM organisations WHERE code = ?");
    q.bind(code);
    if (!q.step()) return std::nullopt;
    return q.i64(0);
  }

  std::optional<Organisation> organisation_by_code(std::string_view code) override {
    Query q(conn_,
            std::string("SELECT ") + kOrganisationColumns + " FROM organisations WHERE code = ?");
    q.bind(code);
    if (!q.step()) return std::nullopt;
    return read_organisation(q);
  }

  std::vector<std::pair<std::string, std::int64_t>> department_capacities() override {
    Query q(conn_,
            "SELECT department, SUM(capacity) FROM organisations WHERE kind = 'structure' "
            "AND department IS NOT NULL AND capacity IS NOT NULL GROUP BY department "
            "ORDER BY department");
    std::vector<std::pair<std::string, std::int64_t>> out;
    while (q.step()) out.emplace_back(q.text(0), q.i64(1));
    return out;
  }

  std::int64_t insert_user(const UserRecord& u) override {
    Query q(conn_,
            "INSERT INTO users (organisation_id, email, name, role, password_hash, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?) RETURNING id");
    q.bind(u.organisation_id).bind(u.email).bind(u.name).bind(role_name(u.role));
    q.bind(u.password_hash).bind(u.created_at);
    return returning_id(q);
  }

  std::optional<UserRecord> user(std::int64_t id) override {
    Query q(conn_, std::string("SELECT ") + kUserColumns +
                       " FROM users u JOIN organisations o ON o.id = u.organisation_id "
                       "WHERE u.id = ?");
    q.bind(id);
    if (!q.step()) return std::nullopt;
    return read_user(q);
  }

  std::optional<UserRecord> user_by_email(std::string_view email) override {
    Query q(conn_, std::string("SELECT ") + kUserColumns +
                       " FROM users u JOIN organisations o ON o.id = u.organisation_id "
                       "WHERE u.email = ?");
    q.bind(email);
    if (!q.step()) return std::nullopt;
    return read_user(q);
  }

  Page<UserRecord> users(int limit, const std::optional<Cursor>& after) override {
    Page<UserRecord> page;
    {
      Query q(conn_, "SELECT COUNT(*) FROM users");
      q.step();
      page.total = q.i64(0);
    }
    std::string sql = std::string("SELECT ") + kUserColumns +
                      " FROM users u JOIN organisations o ON o.id = u.organisation_id";
    if (after) sql += " WHERE (u.email > ? OR (u.email = ? AND u.id > ?))";
    sql += " ORDER BY u.email, u.id LIMIT ?";
    Query q(conn_, sql);
    if (after) q.bind(after->key).bind(after->key).bind(after->id);
    q.bind(limit + 1);
    while (q.step()) page.items.push_back(read_user(q));
    if (static_cast<int>(page.items.size()) > limit) {
      page.items.pop_back();
      page.next = Cursor{page.items.back().email, page.items.back().id};
    }
    return page;
  }

  std::int64_t count_users_of(std::int64_t organisation_id) override {
    Query q(conn_, "SELECT COUNT(*) FROM users WHERE organisation_id = ?");
    q.bind(organisation_id);
    q.step();
    return q.i64(0);
  }

  void set_user_disabled(std::int64_t id, const std::optional<std::string>& at) override {
    Query q(conn_, "UPDATE users SET disabled_at = ? WHERE id = ?");
    q.bind(at).bind(id).run();
  }

  std::int64_t count_enabled_users_with_role(Role role) override {
    Query q(conn_, "SELECT COUNT(*) FROM users WHERE role = ? AND disabled_at IS NULL");
    q.bind(role_name(role));
    q.step();
    return q.i64(0);
  }

  void set_password_hash(std::int64_t id, std::string_view hash) override {
    Query q(conn_, "UPDATE users SET password_hash = ? WHERE id = ?");
    q.bind(hash).bind(id).run();
  }

  std::int64_t insert_session(const SessionRecord& s) override {
    Query q(conn_,
            "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) "
            "VALUES (?, ?, ?, ?, ?) RETURNING id");
    q.bind(s.token_hash).bind(s.user_id).bind(s.csrf_token).bind(s.created_at).bind(s.expires_at);
    return returning_id(q);
  }

  std::optional<std::pair<SessionRecord, UserRecord>> session_with_user(
      std::string_view token_hash) override {
    static const std::string sql = std::string("SELECT ") + kUserColumns +
                                   ", s.id, s.token_hash, s.csrf_token, s.created_at, "
                                   "s.expires_at, s.revoked_at, "
                                   "(SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1) "
                                   "FROM sessions s "
                                   "JOIN users u ON u.id = s.user_id "
                                   "JOIN organisations o ON o.id = u.organisation_id "
                                   "WHERE s.token_hash = ?";
    Query q(conn_, sql);
    q.bind(token_hash);
    if (!q.step()) return std::nullopt;
    UserRecord u = read_user(q);
    constexpr int k = kUserColumnCount;
    SessionRecord s{q.i64(k),         q.text(k + 1),     u.id,
                    q.text(k + 2),    q.text(k + 3),     q.text(k + 4),
                    q.opt_text(k + 5), q.opt_text(k + 6).value_or("")};
    return std::make_pair(std::move(s), std::move(u));
  }

  void revoke_session(std::int64_t id, std::string_view at) override {
    Query q(conn_, "UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL");
    q.bind(at).bind(id).run();
  }

  void delete_sessions_expired_before(std::string_view at) override {
    Query q(conn_, "DELETE FROM sessions WHERE expires_at < ?");
    q.bind(at).run();
  }

  std::int64_t revoke_sessions_of(std::int64_t user_id, std::string_view at,
                                  std::optional<std::int64_t> keep) override {
    Query q(conn_,
            "UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL "
            "AND id <> ?");
    q.bind(at).bind(user_id).bind(keep.value_or(0)).run();
    return q.changes();
  }

  std::int64_t insert_api_token(const ApiTokenRecord& t) override {
    Query q(conn_,
            "INSERT INTO api_tokens (token_hash, user_id, name, created_at, expires_at) "
            "VALUES (?, ?, ?, ?, ?) RETURNING id");
    q.bind(t.token_hash).bind(t.user_id).bind(t.name).bind(t.created_at).bind(t.expires_at);
    return returning_id(q);
  }

  std::optional<ApiTokenRecord> api_token_by_hash(std::string_view token_hash) override {
    Query q(conn_, std::string("SELECT ") + kTokenColumns +
                       " FROM api_tokens t JOIN users u ON u.id = t.user_id "
                       "WHERE t.token_hash = ?");
    q.bind(token_hash);
    if (!q.step()) return std::nullopt;
    return read_token(q);
  }

  std::optional<ApiTokenRecord> api_token(std::int64_t id) override {
    Query q(conn_, std::string("SELECT ") + kTokenColumns +
                       " FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.id = ?");
    q.bind(id);
    if (!q.step()) return std::nullopt;
    return read_token(q);
  }

  Page<ApiTokenRecord> api_tokens(const ApiTokenQuery& query) override {
    const std::string where = query.user_id ? " WHERE t.user_id = ?" : " WHERE 1 = 1";
    Page<ApiTokenRecord> page;
    {
      Query q(conn_, "SELECT COUNT(*) FROM api_tokens t" + where);
      if (query.user_id) q.bind(*query.user_id);
      q.step();
      page.total = q.i64(0);
    }
    std::string sql = std::string("SELECT ") + kTokenColumns +
                      " FROM api_tokens t JOIN users u ON u.id = t.user_id" + where;
    if (query.after) sql += " AND t.id < ?";
    sql += " ORDER BY t.id DESC LIMIT ?";
    Query q(conn_, sql);
    if (query.user_id) q.bind(*query.user_id);
    if (query.after) q.bind(query.after->id);
    q.bind(query.limit + 1);
    while (q.step()) page.items.push_back(read_token(q));
    if (static_cast<int>(page.items.size()) > query.limit) {
      page.items.pop_back();
      page.next = Cursor{"", page.items.back().id};
    }
    return page;
  }

  bool revoke_api_token(std::int64_t id, std::string_view at) override {
    Query q(conn_, "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL");
    q.bind(at).bind(id).run();
    return q.changes() == 1;
  }

  void note_api_token_use(std::int64_t id, std::string_view at,
                          std::string_view unless_since) override {
    Query q(conn_,
            "UPDATE api_tokens SET last_used_at = ? WHERE id = ? "
            "AND (last_used_at IS NULL OR last_used_at < ?)");
    q.bind(at).bind(id).bind(unless_since).run();
  }

  std::optional<LoginFailures> login_failures(std::int64_t user_id) override {
    Query q(conn_,
            "SELECT user_id, failures, last_failure_at, locked_until FROM login_failures "
            "WHERE user_id = ?");
    q.bind(user_id);
    if (!q.step()) return std::nullopt;
    return LoginFailures{q.i64(0), static_cast<int>(q.i64(1)), q.text(2), q.opt_text(3)};
  }

  void put_login_failures(const LoginFailures& f) override {
    Query q(conn_,
            "INSERT INTO login_failures (user_id, failures, last_failure_at, locked_until) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET "
            "failures = excluded.failures, last_failure_at = excluded.last_failure_at, "
            "locked_until = excluded.locked_until");
    q.bind(f.user_id).bind(f.failures).bind(f.last_failure_at).bind(f.locked_until).run();
  }

  void clear_login_failures(std::int64_t user_id) override {
    Query q(conn_, "DELETE FROM login_failures WHERE user_id = ?");
    q.bind(user_id).run();
  }

  std::int64_t count_login_failures() override {
    Query q(conn_, "SELECT COUNT(*) FROM login_failures");
    q.step();
    return q.i64(0);
  }

  std::int64_t put_password_reset(const PasswordResetRecord& r) override {
    {
      Query q(conn_, "DELETE FROM password_resets WHERE user_id = ?");
      q.bind(r.user_id).run();
    }
    Query q(conn_,
            "INSERT INTO password_resets (token_hash, user_id, created_at, expires_at) "
            "VALUES (?, ?, ?, ?) RETURNING id");
    q.bind(r.token_hash).bind(r.user_id).bind(r.created_at).bind(r.expires_at);
    return returning_id(q);
  }

  std::optional<PasswordResetRecord> password_reset_by_hash(std::string_view token_hash) override {
    Query q(conn_,
            "SELECT id, token_hash, user_id, created_at, expires_at, used_at "
            "FROM password_resets WHERE token_hash = ?");
    q.bind(token_hash);
    if (!q.step()) return std::nullopt;
    return PasswordResetRecord{q.i64(0), q.text(1), q.i64(2), q.text(3), q.text(4),
                               q.opt_text(5)};
  }

  bool use_password_reset(std::int64_t id, std::string_view at) override {
    Query q(conn_, "UPDATE password_resets SET used_at = ? WHERE id = ? AND used_at IS NULL");
    q.bind(at).bind(id).run();
    return q.changes() == 1;
  }

 private:
  Connection& conn_;
};

}  // namespace

std::unique_ptr<Accounts> make_accounts(Connection& conn) {
  return std::make_unique<SqlAccounts>(conn);
}

}  // namespace relais::store::sql
