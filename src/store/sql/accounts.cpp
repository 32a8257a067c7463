// Organisations and accounts in SQL both engines read alike.
#include "core/utf8.hpp"
#include "store/sql/parts.hpp"
#include "store/sql/rows.hpp"

namespace relais::store::sql {
namespace {

constexpr const char* kUserColumns =
    "u.id, u.organisation_id, o.name, u.email, u.name, u.role, u.password_hash, u.created_at";

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
    SessionRecord s{q.i64(8),   q.text(9),    u.id,       q.text(10),
                    q.text(11), q.text(12), q.opt_text(13), q.opt_text(14).value_or("")};
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

  std::int64_t insert_api_token(const ApiTokenRecord& t) override {
    Query q(conn_,
            "INSERT INTO api_tokens (token_hash, user_id, name, created_at) VALUES (?, ?, ?, ?) "
            "RETURNING id");
    q.bind(t.token_hash).bind(t.user_id).bind(t.name).bind(t.created_at);
    return returning_id(q);
  }

  std::optional<ApiTokenRecord> api_token_by_hash(std::string_view token_hash) override {
    Query q(conn_,
            "SELECT id, token_hash, user_id, name, created_at, revoked_at FROM api_tokens "
            "WHERE token_hash = ?");
    q.bind(token_hash);
    if (!q.step()) return std::nullopt;
    return ApiTokenRecord{q.i64(0), q.text(1), q.i64(2), q.text(3), q.text(4), q.opt_text(5)};
  }

  std::optional<LoginFailures> login_failures(std::string_view email) override {
    Query q(conn_,
            "SELECT email, failures, last_failure_at, locked_until FROM login_failures "
            "WHERE email = ?");
    q.bind(email);
    if (!q.step()) return std::nullopt;
    return LoginFailures{q.text(0), static_cast<int>(q.i64(1)), q.text(2), q.opt_text(3)};
  }

  void put_login_failures(const LoginFailures& f) override {
    Query q(conn_,
            "INSERT INTO login_failures (email, failures, last_failure_at, locked_until) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (email) DO UPDATE SET failures = excluded.failures, "
            "last_failure_at = excluded.last_failure_at, locked_until = excluded.locked_until");
    q.bind(f.email).bind(f.failures).bind(f.last_failure_at).bind(f.locked_until).run();
  }

  void clear_login_failures(std::string_view email) override {
    Query q(conn_, "DELETE FROM login_failures WHERE email = ?");
    q.bind(email).run();
  }

 private:
  Connection& conn_;
};

}  // namespace

std::unique_ptr<Accounts> make_accounts(Connection& conn) {
  return std::make_unique<SqlAccounts>(conn);
}

}  // namespace relais::store::sql
