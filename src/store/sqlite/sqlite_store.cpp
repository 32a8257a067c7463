// The SQLite implementation of the store: a small pool of connections (WAL lets readers run
// beside the one writer), prepared statements cached per connection.
#include <sqlite3.h>

#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <stdexcept>
#include <unordered_map>

#include "core/error.hpp"
#include "core/utf8.hpp"
#include "store/migrations.hpp"
#include "store/store.hpp"

namespace relais::store {
namespace {

[[noreturn]] void fail(sqlite3* db, std::string_view what) {
  throw Error(ErrorKind::kInternal, "database_error",
              {std::string(what), db ? sqlite3_errmsg(db) : "no connection"});
}

class Connection {
 public:
  explicit Connection(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db_,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        nullptr) != SQLITE_OK) {
      std::string msg = db_ ? sqlite3_errmsg(db_) : "cannot open";
      sqlite3_close(db_);
      throw Error(ErrorKind::kInternal, "database_error", {"open " + path, msg});
    }
    sqlite3_busy_timeout(db_, 10000);
    exec("PRAGMA journal_mode = WAL");
    exec("PRAGMA foreign_keys = ON");
    exec("PRAGMA synchronous = NORMAL");
    exec("PRAGMA cache_size = -16384");  // 16 MiB: a batch import touches three indexes
  }
  ~Connection() {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    sqlite3_close(db_);
  }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  sqlite3* db() { return db_; }

  void exec(const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
      std::string msg = err ? err : "unknown";
      sqlite3_free(err);
      throw Error(ErrorKind::kInternal, "database_error", {sql, msg});
    }
  }

  // Runs one statement without results through the statement cache (BEGIN, COMMIT...), so the
  // per-request transaction control is not parsed again each time.
  void run(const std::string& sql) {
    sqlite3_stmt* stmt = prepare(sql);
    int rc = sqlite3_step(stmt);
    sqlite3_reset(stmt);
    if (rc != SQLITE_DONE) fail(db_, sql);
  }

  sqlite3_stmt* prepare(const std::string& sql) {
    auto it = cache_.find(sql);
    if (it != cache_.end()) {
      // Every statement binds all its parameters again: no need to clear them.
      sqlite3_reset(it->second);
      return it->second;
    }
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) fail(db_, sql);
    cache_.emplace(sql, stmt);
    return stmt;
  }

 private:
  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

// One statement execution: bind by position, then step through rows.
class Query {
 public:
  Query(Connection& conn, const std::string& sql) : conn_(conn), stmt_(conn.prepare(sql)) {}
  ~Query() { sqlite3_reset(stmt_); }

  Query& bind(std::int64_t v) { return check(sqlite3_bind_int64(stmt_, ++index_, v)); }
  Query& bind(int v) { return check(sqlite3_bind_int64(stmt_, ++index_, v)); }
  Query& bind(std::string_view v) {
    return check(
        sqlite3_bind_text(stmt_, ++index_, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT));
  }
  Query& bind(const std::string& v) { return bind(std::string_view(v)); }
  Query& bind(const char* v) { return bind(std::string_view(v)); }
  Query& bind(const std::optional<std::string>& v) {
    return v ? bind(*v) : check(sqlite3_bind_null(stmt_, ++index_));
  }
  Query& bind(const std::optional<int>& v) {
    return v ? bind(*v) : check(sqlite3_bind_null(stmt_, ++index_));
  }
  Query& bind(const std::optional<std::int64_t>& v) {
    return v ? bind(*v) : check(sqlite3_bind_null(stmt_, ++index_));
  }
  // For values that outlive the statement's run: no copy.
  Query& bind_static(const std::string& v) {
    return check(
        sqlite3_bind_text(stmt_, ++index_, v.data(), static_cast<int>(v.size()), SQLITE_STATIC));
  }
  Query& bind_static(const std::optional<std::string>& v) {
    return v ? bind_static(*v) : check(sqlite3_bind_null(stmt_, ++index_));
  }
  Query& bind_blob(const std::optional<std::string>& v) {
    if (!v) return check(sqlite3_bind_null(stmt_, ++index_));
    return check(
        sqlite3_bind_blob(stmt_, ++index_, v->data(), static_cast<int>(v->size()), SQLITE_STATIC));
  }

  bool step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    if (rc == SQLITE_CONSTRAINT) {
      throw Error(ErrorKind::kConflict, "constraint_violation", {sqlite3_errmsg(conn_.db())});
    }
    fail(conn_.db(), sqlite3_sql(stmt_));
  }
  void run() {
    while (step()) {
    }
  }

  std::int64_t i64(int col) { return sqlite3_column_int64(stmt_, col); }
  std::string text(int col) {
    auto p = sqlite3_column_text(stmt_, col);
    return p ? std::string(reinterpret_cast<const char*>(p),
                           static_cast<size_t>(sqlite3_column_bytes(stmt_, col)))
             : std::string();
  }
  bool null(int col) { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  std::optional<std::string> opt_text(int col) {
    return null(col) ? std::nullopt : std::optional<std::string>(text(col));
  }
  std::optional<std::string> opt_blob(int col) {
    if (null(col)) return std::nullopt;
    auto p = static_cast<const char*>(sqlite3_column_blob(stmt_, col));
    return std::string(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, col)));
  }
  std::optional<std::int64_t> opt_i64(int col) {
    return null(col) ? std::nullopt : std::optional<std::int64_t>(i64(col));
  }

 private:
  Query& check(int rc) {
    if (rc != SQLITE_OK) fail(conn_.db(), "bind");
    return *this;
  }
  Connection& conn_;
  sqlite3_stmt* stmt_;
  int index_ = 0;
};

class Pool {
 public:
  Pool(std::string path, int max) : path_(std::move(path)), max_(max) {}

  std::unique_ptr<Connection> acquire() {
    std::unique_lock lock(mutex_);
    available_.wait(lock, [&] { return !idle_.empty() || open_ < max_; });
    if (!idle_.empty()) {
      auto c = std::move(idle_.back());
      idle_.pop_back();
      return c;
    }
    ++open_;
    lock.unlock();
    try {
      return std::make_unique<Connection>(path_);
    } catch (...) {
      std::lock_guard relock(mutex_);
      --open_;
      available_.notify_one();
      throw;
    }
  }

  void release(std::unique_ptr<Connection> c) {
    std::lock_guard lock(mutex_);
    idle_.push_back(std::move(c));
    available_.notify_one();
  }

 private:
  std::string path_;
  int max_;
  int open_ = 0;
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<Connection>> idle_;
};

constexpr const char* kOrganisationColumns =
    "id, kind, name, code, structure_type, capacity, address, postcode, commune, department, "
    "created_at, updated_at";

// The columns of kOrganisationColumns, read from column `at` on (other reads embed them).
Organisation read_organisation(Query& q, int at = 0) {
  Organisation o;
  o.id = q.i64(at);
  o.kind = parse_role(q.text(at + 1)).value_or(Role::kStructure);
  o.name = q.text(at + 2);
  o.code = q.opt_text(at + 3);
  o.structure_type = q.opt_text(at + 4);
  if (auto cap = q.opt_i64(at + 5)) o.capacity = static_cast<int>(*cap);
  o.address = q.opt_text(at + 6);
  o.postcode = q.opt_text(at + 7);
  o.commune = q.opt_text(at + 8);
  o.department = q.opt_text(at + 9);
  o.created_at = q.text(at + 10);
  o.updated_at = q.text(at + 11);
  return o;
}

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

constexpr const char* kAuditColumns =
    "id, at, actor_user_id, actor, action, entity, entity_id, summary, prev_hash, hash";

AuditEvent read_audit(Query& q) {
  AuditEvent e;
  e.id = q.i64(0);
  e.at = q.text(1);
  e.actor_user_id = q.opt_i64(2);
  e.actor = q.text(3);
  e.action = q.text(4);
  e.entity = q.text(5);
  e.entity_id = q.opt_i64(6);
  e.summary = q.text(7);
  e.prev_hash = q.text(8);
  e.hash = q.text(9);
  return e;
}

std::string join_words(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

std::vector<std::string> split_words(const std::string& text) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find(' ', pos);
    if (end == std::string::npos) end = text.size();
    if (end > pos) out.push_back(text.substr(pos, end - pos));
    pos = end + 1;
  }
  return out;
}

constexpr const char* kPlanColumns =
    "id, operator_id, code, name, data_gb, validity_days, calls_sms_included, unit_cost_cents, "
    "rechargeable, created_at";

PlanRecord read_plan(Query& q) {
  return PlanRecord{q.i64(0),
                    q.i64(1),
                    q.text(2),
                    q.text(3),
                    static_cast<int>(q.i64(4)),
                    static_cast<int>(q.i64(5)),
                    q.i64(6) != 0,
                    static_cast<int>(q.i64(7)),
                    q.i64(8) != 0,
                    q.text(9)};
}

constexpr const char* kBatchColumns =
    "b.id, b.operator_id, o.code, b.plan_id, p.code, b.reference, b.file_sha256, b.quantity, "
    "b.received_at, b.received_by FROM sim_batches b JOIN organisations o ON o.id = b.operator_id "
    "JOIN plans p ON p.id = b.plan_id";

BatchRecord read_batch(Query& q) {
  return BatchRecord{q.i64(0),  q.i64(1),  q.text(2), q.i64(3),  q.text(4),
                     q.text(5), q.text(6), q.i64(7),  q.text(8), q.text(9)};
}

constexpr const char* kSimColumns =
    "s.iccid, s.msisdn, s.imsi, s.puk_sealed, s.batch_id, s.state, s.holder_id, s.updated_at, "
    "b.operator_id, p.code, COALESCE(h.name, ''), s.data_used_mb, s.reported_at, s.request_id, "
    "s.packing_order_id, b.plan_id FROM sims s "
    "JOIN sim_batches b ON b.id = s.batch_id JOIN plans p ON p.id = b.plan_id "
    "LEFT JOIN organisations h ON h.id = s.holder_id";

SimRecord read_sim(Query& q) {
  SimRecord r;
  r.iccid = q.text(0);
  r.msisdn = q.text(1);
  r.imsi = q.opt_text(2);
  r.puk_sealed = q.opt_blob(3);
  r.batch_id = q.i64(4);
  r.state = q.text(5);
  r.holder_id = q.opt_i64(6);
  r.updated_at = q.text(7);
  r.operator_id = q.i64(8);
  r.plan_code = q.text(9);
  r.holder_name = q.text(10);
  r.data_used_mb = q.opt_i64(11);
  r.reported_at = q.opt_text(12);
  r.request_id = q.opt_i64(13);
  r.packing_order_id = q.opt_i64(14);
  r.plan_id = q.i64(15);
  return r;
}

// Needs are kept in one column as "code:count" words.
std::string join_needs(const NeedCounts& needs) {
  std::vector<std::string> words;
  for (const auto& [need, count] : needs) words.push_back(need + ":" + std::to_string(count));
  return join_words(words);
}

NeedCounts split_needs(const std::string& text) {
  NeedCounts out;
  for (const auto& w : split_words(text)) {
    auto colon = w.find(':');
    if (colon == std::string::npos) continue;
    out.emplace_back(w.substr(0, colon), std::stoll(w.substr(colon + 1)));
  }
  return out;
}

constexpr const char* kRequestColumns =
    "r.id, r.programme_id, r.structure_id, r.quantity, r.needs, r.leaflet_languages, r.comment, "
    "r.state, r.allocated, r.decision_reason, r.created_by, r.created_at, r.submitted_at, "
    "r.updated_at, r.approved_quantity, g.code, g.plan_id, o.name, o.department, o.capacity FROM "
    "requests r "
    "JOIN programmes g ON g.id = r.programme_id JOIN organisations o ON o.id = r.structure_id";

RequestRecord read_request(Query& q) {
  RequestRecord r;
  r.id = q.i64(0);
  r.programme_id = q.i64(1);
  r.structure_id = q.i64(2);
  r.quantity = q.i64(3);
  r.needs = split_needs(q.text(4));
  r.leaflet_languages = split_words(q.text(5));
  r.comment = q.text(6);
  r.state = q.text(7);
  r.allocated = q.opt_i64(8);
  r.decision_reason = q.opt_text(9);
  r.created_by = q.text(10);
  r.created_at = q.text(11);
  r.submitted_at = q.opt_text(12);
  r.updated_at = q.text(13);
  r.approved_quantity = q.opt_i64(14);
  r.programme_code = q.text(15);
  r.plan_id = q.i64(16);
  r.structure_name = q.text(17);
  r.department = q.opt_text(18);
  if (auto c = q.opt_i64(19)) r.capacity = static_cast<int>(*c);
  return r;
}

constexpr const char* kReferralColumns =
    "f.id, f.pseudonym, f.association_id, f.structure_id, f.adults, f.children, f.languages, "
    "f.needs, f.note_sealed, f.status, f.request_id, f.created_by, f.created_at, f.updated_at, "
    "a.name, s.name FROM referrals f JOIN organisations a ON a.id = f.association_id "
    "JOIN organisations s ON s.id = f.structure_id";

ReferralRecord read_referral(Query& q) {
  ReferralRecord r;
  r.id = q.i64(0);
  r.pseudonym = q.text(1);
  r.association_id = q.i64(2);
  r.structure_id = q.i64(3);
  r.adults = static_cast<int>(q.i64(4));
  r.children = static_cast<int>(q.i64(5));
  r.languages = split_words(q.text(6));
  r.needs = split_words(q.text(7));
  r.note_sealed = q.opt_blob(8);
  r.status = q.text(9);
  r.request_id = q.opt_i64(10);
  r.created_by = q.text(11);
  r.created_at = q.text(12);
  r.updated_at = q.text(13);
  r.association_name = q.text(14);
  r.structure_name = q.text(15);
  return r;
}

// A packing order with its structure (for the documents) and its card counts.
constexpr const char* kPackingOrderColumns =
    "o.id, o.structure_id, o.logistics_id, o.leaflet_languages, o.state, o.delivery_token, "
    "o.created_at, o.packed_at, o.updated_at, l.name, "
    "(SELECT COUNT(*) FROM sims c WHERE c.packing_order_id = o.id), "
    // Packed: scanned into the parcel, whatever happened to the card since (a card of a parcel
    // only leaves `reserved` by its scan: no hand transition touches it, a replaced one leaves
    // the parcel).
    "(SELECT COUNT(*) FROM sims c WHERE c.packing_order_id = o.id AND c.state <> 'reserved'), "
    "s.id, s.kind, s.name, s.code, s.structure_type, s.capacity, s.address, s.postcode, "
    "s.commune, s.department, s.created_at, s.updated_at, o.shipment_id, o.delivered_at, "
    "o.delivered_by FROM packing_orders o JOIN organisations s ON s.id = o.structure_id "
    "JOIN organisations l ON l.id = o.logistics_id";

PackingOrderRecord read_packing_order(Query& q) {
  PackingOrderRecord r;
  r.id = q.i64(0);
  r.structure_id = q.i64(1);
  r.logistics_id = q.i64(2);
  r.leaflet_languages = split_words(q.text(3));
  r.state = q.text(4);
  r.delivery_token = q.text(5);
  r.created_at = q.text(6);
  r.packed_at = q.opt_text(7);
  r.updated_at = q.text(8);
  r.logistics_name = q.text(9);
  r.total = q.i64(10);
  r.packed = q.i64(11);
  r.structure = read_organisation(q, 12);
  r.shipment_id = q.opt_i64(24);
  r.delivered_at = q.opt_text(25);
  r.delivered_by = q.opt_text(26);
  return r;
}

constexpr const char* kShipmentColumns =
    "h.id, h.carrier, h.tracking_number, h.logistics_id, h.state, h.created_by, h.created_at, "
    "h.shipped_at, h.closed_at, h.updated_at, c.name, c.tracking_url, l.name FROM shipments h "
    "JOIN carriers c ON c.code = h.carrier JOIN organisations l ON l.id = h.logistics_id";

ShipmentRecord read_shipment(Query& q) {
  ShipmentRecord r;
  r.id = q.i64(0);
  r.carrier = q.text(1);
  r.tracking_number = q.text(2);
  r.logistics_id = q.i64(3);
  r.state = q.text(4);
  r.created_by = q.text(5);
  r.created_at = q.text(6);
  r.shipped_at = q.opt_text(7);
  r.closed_at = q.opt_text(8);
  r.updated_at = q.text(9);
  r.carrier_name = q.text(10);
  r.carrier_tracking_url = q.text(11);
  r.logistics_name = q.text(12);
  return r;
}

constexpr const char* kIncidentColumns =
    "i.id, i.kind, i.iccid, i.packing_order_id, i.structure_id, i.state, i.resolution, i.note, "
    "i.created_by, i.created_at, i.resolved_by, i.resolved_at, s.name FROM incidents i "
    "JOIN organisations s ON s.id = i.structure_id";

IncidentRecord read_incident(Query& q) {
  IncidentRecord r;
  r.id = q.i64(0);
  r.kind = q.text(1);
  r.iccid = q.text(2);
  r.packing_order_id = q.i64(3);
  r.structure_id = q.i64(4);
  r.state = q.text(5);
  r.resolution = q.opt_text(6);
  r.note = q.text(7);
  r.created_by = q.text(8);
  r.created_at = q.text(9);
  r.resolved_by = q.opt_text(10);
  r.resolved_at = q.opt_text(11);
  r.structure_name = q.text(12);
  return r;
}

// One page of a list ordered by its integer id (ascending, or descending for newest first):
// the count of every matching row, then `limit` rows after the cursor, the cursor of the next
// page when more follow. `count_from` and `select` both end with the same WHERE clause, whose
// parameters `bind` binds.
template <typename T, typename Bind, typename Read>
Page<T> id_page(Connection& conn, const std::string& count_from, const std::string& select,
                const char* id_column, bool descending, Bind bind, Read read,
                const std::optional<Cursor>& after, int limit) {
  Page<T> page;
  {
    Query q(conn, "SELECT COUNT(*) FROM " + count_from);
    bind(q);
    q.step();
    page.total = q.i64(0);
  }
  std::string sql = select;
  if (after) sql += std::string(" AND ") + id_column + (descending ? " < ?" : " > ?");
  sql += std::string(" ORDER BY ") + id_column + (descending ? " DESC" : "") + " LIMIT ?";
  Query q(conn, sql);
  bind(q);
  if (after) q.bind(after->id);
  q.bind(limit + 1);
  while (q.step()) page.items.push_back(read(q));
  if (static_cast<int>(page.items.size()) > limit) {
    page.items.pop_back();
    page.next = Cursor{"", page.items.back().id};
  }
  return page;
}

// Escapes LIKE wildcards so a search for "100%" finds that text.
std::string like_pattern(std::string_view text) {
  std::string out = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  out += '%';
  return out;
}

class SqliteTransaction final : public Transaction {
 public:
  SqliteTransaction(Pool& pool, Mode mode) : pool_(pool), conn_(pool.acquire()) {
    try {
      static const std::string kBeginWrite = "BEGIN IMMEDIATE", kBeginRead = "BEGIN";
      conn_->run(mode == Mode::kWrite ? kBeginWrite : kBeginRead);
    } catch (...) {
      pool_.release(std::move(conn_));
      throw;
    }
  }
  ~SqliteTransaction() override {
    if (!done_) {
      try {
        static const std::string kRollback = "ROLLBACK";
        conn_->run(kRollback);
      } catch (...) {
        // The connection is unusable; drop it rather than return it to the pool.
        conn_.reset();
      }
    }
    if (conn_) pool_.release(std::move(conn_));
  }

  void commit() override {
    static const std::string kCommit = "COMMIT";
    conn_->run(kCommit);
    done_ = true;
  }

  int schema_version() override {
    Query q(*conn_, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    return q.step() ? static_cast<int>(q.i64(0)) : 0;
  }

  bool holds_data() override {
    Query q(*conn_,
            "SELECT (SELECT COUNT(*) FROM organisations) + (SELECT COUNT(*) FROM users) + "
            "(SELECT COUNT(*) FROM audit_events)");
    return q.step() && q.i64(0) > 0;
  }

  std::optional<std::string> setting(std::string_view key) override {
    Query q(*conn_, "SELECT value FROM settings WHERE key = ?");
    q.bind(key);
    if (!q.step()) return std::nullopt;
    return q.text(0);
  }
  void put_setting(std::string_view key, std::string_view value) override {
    Query q(*conn_,
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    q.bind(key).bind(value).run();
  }

  std::int64_t insert_organisation(const Organisation& o) override {
    Query q(*conn_,
            "INSERT INTO organisations (kind, name, sort_name, code, structure_type, capacity, "
            "address, postcode, commune, department, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    q.bind(role_name(o.kind))
        .bind(o.name)
        .bind(fold_case_and_accents(o.name))
        .bind(o.code)
        .bind(o.structure_type)
        .bind(o.capacity);
    q.bind(o.address).bind(o.postcode).bind(o.commune).bind(o.department);
    q.bind(o.created_at).bind(o.updated_at);
    q.step();
    std::int64_t id = q.i64(0);
    q.run();
    return id;
  }

  void update_organisation(const Organisation& o) override {
    Query q(*conn_,
            "UPDATE organisations SET kind = ?, name = ?, sort_name = ?, code = ?, "
            "structure_type = ?, capacity = ?, address = ?, postcode = ?, commune = ?, "
            "department = ?, updated_at = ? WHERE id = ?");
    q.bind(role_name(o.kind))
        .bind(o.name)
        .bind(fold_case_and_accents(o.name))
        .bind(o.code)
        .bind(o.structure_type)
        .bind(o.capacity);
    q.bind(o.address).bind(o.postcode).bind(o.commune).bind(o.department);
    q.bind(o.updated_at).bind(o.id).run();
  }

  std::optional<Organisation> organisation(std::int64_t id) override {
    Query q(*conn_,
            std::string("SELECT ") + kOrganisationColumns + " FROM organisations WHERE id = ?");
    q.bind(id);
    if (!q.step()) return std::nullopt;
    return read_organisation(q);
  }

  Page<Organisation> organisations(const OrganisationQuery& query) override {
    // Filters are fixed SQL fragments with placeholders; values are always bound.
    std::string where = " WHERE 1 = 1";
    if (query.kind) where += " AND kind = ?";
    if (query.department) where += " AND department = ?";
    if (query.text) where += " AND (name LIKE ? ESCAPE '\\' OR commune LIKE ? ESCAPE '\\')";
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
      Query q(*conn_, "SELECT COUNT(*) FROM organisations" + where);
      bind_filters(q);
      q.step();
      page.total = q.i64(0);
    }
    std::string sql = std::string("SELECT ") + kOrganisationColumns + " FROM organisations" + where;
    if (query.after) sql += " AND (sort_name > ? OR (sort_name = ? AND id > ?))";
    sql += " ORDER BY sort_name, id LIMIT ?";
    Query q(*conn_, sql);
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
    Query q(*conn_, "SELECT id FROM organisations WHERE name = ? AND commune IS ?");
    q.bind(name).bind(commune);
    if (!q.step()) return std::nullopt;
    return q.i64(0);
  }

  std::optional<std::int64_t> organisation_with_code(std::string_view code) override {
    Query q(*conn_, "SELECT id FROM organisations WHERE code = ?");
    q.bind(code);
    if (!q.step()) return std::nullopt;
    return q.i64(0);
  }

  std::int64_t insert_user(const UserRecord& u) override {
    Query q(*conn_,
            "INSERT INTO users (organisation_id, email, name, role, password_hash, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?) RETURNING id");
    q.bind(u.organisation_id).bind(u.email).bind(u.name).bind(role_name(u.role));
    q.bind(u.password_hash).bind(u.created_at);
    q.step();
    std::int64_t id = q.i64(0);
    q.run();
    return id;
  }

  std::optional<UserRecord> user(std::int64_t id) override {
    Query q(*conn_, std::string("SELECT ") + kUserColumns +
                        " FROM users u JOIN organisations o ON o.id = u.organisation_id "
                        "WHERE u.id = ?");
    q.bind(id);
    if (!q.step()) return std::nullopt;
    return read_user(q);
  }

  std::optional<UserRecord> user_by_email(std::string_view email) override {
    Query q(*conn_, std::string("SELECT ") + kUserColumns +
                        " FROM users u JOIN organisations o ON o.id = u.organisation_id "
                        "WHERE u.email = ?");
    q.bind(email);
    if (!q.step()) return std::nullopt;
    return read_user(q);
  }

  Page<UserRecord> users(int limit, const std::optional<Cursor>& after) override {
    Page<UserRecord> page;
    {
      Query q(*conn_, "SELECT COUNT(*) FROM users");
      q.step();
      page.total = q.i64(0);
    }
    std::string sql = std::string("SELECT ") + kUserColumns +
                      " FROM users u JOIN organisations o ON o.id = u.organisation_id";
    if (after) sql += " WHERE (u.email > ? OR (u.email = ? AND u.id > ?))";
    sql += " ORDER BY u.email, u.id LIMIT ?";
    Query q(*conn_, sql);
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
    Query q(*conn_, "SELECT COUNT(*) FROM users WHERE organisation_id = ?");
    q.bind(organisation_id);
    q.step();
    return q.i64(0);
  }

  std::int64_t insert_session(const SessionRecord& s) override {
    Query q(*conn_,
            "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) "
            "VALUES (?, ?, ?, ?, ?) RETURNING id");
    q.bind(s.token_hash).bind(s.user_id).bind(s.csrf_token).bind(s.created_at).bind(s.expires_at);
    q.step();
    std::int64_t id = q.i64(0);
    q.run();
    return id;
  }

  std::optional<std::pair<SessionRecord, UserRecord>> session_with_user(
      std::string_view token_hash) override {
    static const std::string sql = std::string("SELECT ") + kUserColumns +
                                   ", s.id, s.token_hash, s.csrf_token, s.created_at, "
                                   "s.expires_at, s.revoked_at FROM sessions s "
                                   "JOIN users u ON u.id = s.user_id "
                                   "JOIN organisations o ON o.id = u.organisation_id "
                                   "WHERE s.token_hash = ?";
    Query q(*conn_, sql);
    q.bind(token_hash);
    if (!q.step()) return std::nullopt;
    UserRecord u = read_user(q);
    SessionRecord s{q.i64(8), q.text(9), u.id, q.text(10), q.text(11), q.text(12), q.opt_text(13)};
    return std::make_pair(std::move(s), std::move(u));
  }

  void revoke_session(std::int64_t id, std::string_view at) override {
    Query q(*conn_, "UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL");
    q.bind(at).bind(id).run();
  }

  void delete_sessions_expired_before(std::string_view at) override {
    Query q(*conn_, "DELETE FROM sessions WHERE expires_at < ?");
    q.bind(at).run();
  }

  std::int64_t insert_api_token(const ApiTokenRecord& t) override {
    Query q(*conn_,
            "INSERT INTO api_tokens (token_hash, user_id, name, created_at) VALUES (?, ?, ?, ?) "
            "RETURNING id");
    q.bind(t.token_hash).bind(t.user_id).bind(t.name).bind(t.created_at);
    q.step();
    std::int64_t id = q.i64(0);
    q.run();
    return id;
  }

  std::optional<ApiTokenRecord> api_token_by_hash(std::string_view token_hash) override {
    Query q(*conn_,
            "SELECT id, token_hash, user_id, name, created_at, revoked_at FROM api_tokens "
            "WHERE token_hash = ?");
    q.bind(token_hash);
    if (!q.step()) return std::nullopt;
    return ApiTokenRecord{q.i64(0), q.text(1), q.i64(2), q.text(3), q.text(4), q.opt_text(5)};
  }

  std::optional<LoginFailures> login_failures(std::string_view email) override {
    Query q(*conn_,
            "SELECT email, failures, last_failure_at, locked_until FROM login_failures "
            "WHERE email = ?");
    q.bind(email);
    if (!q.step()) return std::nullopt;
    return LoginFailures{q.text(0), static_cast<int>(q.i64(1)), q.text(2), q.opt_text(3)};
  }

  void put_login_failures(const LoginFailures& f) override {
    Query q(*conn_,
            "INSERT INTO login_failures (email, failures, last_failure_at, locked_until) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (email) DO UPDATE SET failures = excluded.failures, "
            "last_failure_at = excluded.last_failure_at, locked_until = excluded.locked_until");
    q.bind(f.email).bind(f.failures).bind(f.last_failure_at).bind(f.locked_until).run();
  }

  void clear_login_failures(std::string_view email) override {
    Query q(*conn_, "DELETE FROM login_failures WHERE email = ?");
    q.bind(email).run();
  }

  void put_operator_profile(const OperatorProfile& p) override {
    Query q(*conn_,
            "INSERT INTO operator_profiles (organisation_id, iccid_prefixes, mobile_network_codes) "
            "VALUES (?, ?, ?) ON CONFLICT (organisation_id) DO UPDATE SET "
            "iccid_prefixes = excluded.iccid_prefixes, "
            "mobile_network_codes = excluded.mobile_network_codes");
    q.bind(p.organisation_id).bind(join_words(p.iccid_prefixes));
    q.bind(join_words(p.mobile_network_codes)).run();
  }

  std::optional<OperatorProfile> operator_profile(std::int64_t organisation_id) override {
    Query q(*conn_,
            "SELECT organisation_id, iccid_prefixes, mobile_network_codes FROM operator_profiles "
            "WHERE organisation_id = ?");
    q.bind(organisation_id);
    if (!q.step()) return std::nullopt;
    return OperatorProfile{q.i64(0), split_words(q.text(1)), split_words(q.text(2))};
  }

  std::optional<Organisation> organisation_by_code(std::string_view code) override {
    Query q(*conn_,
            std::string("SELECT ") + kOrganisationColumns + " FROM organisations WHERE code = ?");
    q.bind(code);
    if (!q.step()) return std::nullopt;
    return read_organisation(q);
  }

  std::int64_t insert_plan(const PlanRecord& p) override {
    Query q(*conn_,
            "INSERT INTO plans (operator_id, code, name, data_gb, validity_days, "
            "calls_sms_included, unit_cost_cents, rechargeable, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    q.bind(p.operator_id).bind(p.code).bind(p.name).bind(p.data_gb).bind(p.validity_days);
    q.bind(p.calls_sms_included ? 1 : 0).bind(p.unit_cost_cents).bind(p.rechargeable ? 1 : 0);
    q.bind(p.created_at);
    q.step();
    std::int64_t id = q.i64(0);
    q.run();
    return id;
  }

  std::optional<PlanRecord> plan_by_code(std::int64_t operator_id, std::string_view code) override {
    Query q(*conn_, std::string("SELECT ") + kPlanColumns +
                        " FROM plans WHERE operator_id = ? AND code = ?");
    q.bind(operator_id).bind(code);
    if (!q.step()) return std::nullopt;
    return read_plan(q);
  }

  std::vector<PlanRecord> plans() override {
    Query q(*conn_, std::string("SELECT ") + kPlanColumns + " FROM plans ORDER BY code, id");
    std::vector<PlanRecord> out;
    while (q.step()) out.push_back(read_plan(q));
    return out;
  }

  std::int64_t insert_batch(const BatchRecord& b) override {
    Query q(*conn_,
            "INSERT INTO sim_batches (operator_id, plan_id, reference, file_sha256, quantity, "
            "received_at, received_by) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
    q.bind(b.operator_id).bind(b.plan_id).bind(b.reference).bind(b.file_sha256);
    q.bind(b.quantity).bind(b.received_at).bind(b.received_by);
    q.step();
    std::int64_t id = q.i64(0);
    q.run();
    return id;
  }

  void set_batch_quantity(std::int64_t batch_id, std::int64_t quantity) override {
    Query q(*conn_, "UPDATE sim_batches SET quantity = ? WHERE id = ?");
    q.bind(quantity).bind(batch_id).run();
  }

  std::optional<BatchRecord> batch(std::int64_t id) override {
    Query q(*conn_, std::string("SELECT ") + kBatchColumns + " WHERE b.id = ?");
    q.bind(id);
    if (!q.step()) return std::nullopt;
    return read_batch(q);
  }

  std::optional<BatchRecord> batch_by_sha256(std::string_view sha256) override {
    Query q(*conn_, std::string("SELECT ") + kBatchColumns + " WHERE b.file_sha256 = ?");
    q.bind(sha256);
    if (!q.step()) return std::nullopt;
    return read_batch(q);
  }

  std::vector<BatchRecord> batches() override {
    Query q(*conn_, std::string("SELECT ") + kBatchColumns + " ORDER BY b.id");
    std::vector<BatchRecord> out;
    while (q.step()) out.push_back(read_batch(q));
    return out;
  }

  bool insert_sim(const SimRecord& r) override {
    static const std::string sql =
        "INSERT INTO sims (iccid, msisdn, imsi, puk_sealed, batch_id, state, holder_id, "
        "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
    // A batch import calls this a million times: `r` outlives the statement's step, so its
    // strings are bound without copies.
    Query q(*conn_, sql);
    q.bind_static(r.iccid).bind_static(r.msisdn).bind_static(r.imsi).bind_blob(r.puk_sealed);
    q.bind(r.batch_id).bind_static(r.state).bind(r.holder_id).bind_static(r.updated_at).run();
    return sqlite3_changes(conn_->db()) == 1;
  }

  std::optional<std::int64_t> batch_of_iccid(std::string_view iccid) override {
    Query q(*conn_, "SELECT batch_id FROM sims WHERE iccid = ?");
    q.bind(iccid);
    if (!q.step()) return std::nullopt;
    return q.i64(0);
  }

  std::optional<std::int64_t> batch_of_msisdn(std::string_view msisdn) override {
    Query q(*conn_, "SELECT batch_id FROM sims WHERE msisdn = ?");
    q.bind(msisdn);
    if (!q.step()) return std::nullopt;
    return q.i64(0);
  }

  std::optional<SimRecord> sim(std::string_view iccid) override {
    Query q(*conn_, std::string("SELECT ") + kSimColumns + " WHERE s.iccid = ?");
    q.bind(iccid);
    if (!q.step()) return std::nullopt;
    return read_sim(q);
  }

  bool holds_sealed_puks() override {
    Query q(*conn_, "SELECT EXISTS (SELECT 1 FROM sims WHERE puk_sealed IS NOT NULL)");
    return q.step() && q.i64(0) != 0;
  }

  Page<SimRecord> sims(const SimQuery& query) override {
    std::string where = " WHERE 1 = 1";
    if (query.iccid_fragment || query.msisdn_fragment) {
      where += " AND (s.iccid LIKE ? ESCAPE '\\' OR s.msisdn LIKE ? ESCAPE '\\')";
    }
    if (query.state) {
      where += " AND s.state = ?";
      // Lets SQLite use the partial index of cards out of stock (see 002_sims.sql).
      if (*query.state != "in_stock") where += " AND s.state <> 'in_stock'";
    }
    if (query.plan_id) where += " AND b.plan_id = ?";
    if (query.batch_id) where += " AND s.batch_id = ?";
    if (query.holder_id) where += " AND s.holder_id = ?";
    if (query.operator_id) where += " AND b.operator_id = ?";
    auto bind_filters = [&](Query& q) {
      if (query.iccid_fragment || query.msisdn_fragment) {
        // A fragment left unset matches nothing: "%" would match everything.
        q.bind(query.iccid_fragment ? like_pattern(*query.iccid_fragment) : std::string());
        q.bind(query.msisdn_fragment ? like_pattern(*query.msisdn_fragment) : std::string());
      }
      if (query.state) q.bind(*query.state);
      if (query.plan_id) q.bind(*query.plan_id);
      if (query.batch_id) q.bind(*query.batch_id);
      if (query.holder_id) q.bind(*query.holder_id);
      if (query.operator_id) q.bind(*query.operator_id);
    };
    Page<SimRecord> page;
    {
      Query q(*conn_,
              "SELECT COUNT(*) FROM sims s JOIN sim_batches b ON b.id = s.batch_id" + where);
      bind_filters(q);
      q.step();
      page.total = q.i64(0);
    }
    std::string sql = std::string("SELECT ") + kSimColumns + where;
    if (query.after) sql += " AND s.iccid > ?";
    sql += " ORDER BY s.iccid LIMIT ?";
    Query q(*conn_, sql);
    bind_filters(q);
    if (query.after) q.bind(query.after->key);
    q.bind(query.limit + 1);
    while (q.step()) page.items.push_back(read_sim(q));
    if (static_cast<int>(page.items.size()) > query.limit) {
      page.items.pop_back();
      page.next = Cursor{page.items.back().iccid, 1};
    }
    return page;
  }

  void update_sim_state(std::string_view iccid, std::string_view state,
                        std::optional<std::int64_t> holder_id, std::string_view at) override {
    Query q(*conn_, "UPDATE sims SET state = ?, holder_id = ?, updated_at = ? WHERE iccid = ?");
    q.bind(state).bind(holder_id).bind(at).bind(iccid).run();
  }

  void set_sim_usage(std::string_view iccid, std::optional<long long> data_used_mb,
                     std::string_view reported_at) override {
    Query q(*conn_,
            "UPDATE sims SET data_used_mb = COALESCE(?, data_used_mb), reported_at = ? "
            "WHERE iccid = ?");
    q.bind(data_used_mb ? std::optional<std::int64_t>(*data_used_mb) : std::nullopt);
    q.bind(reported_at).bind(iccid).run();
  }

  void insert_sim_event(const SimEventRecord& e) override {
    // Built once: the allocation inserts a million of these in one transaction.
    static const std::string sql =
        "INSERT INTO sim_events (iccid, at, actor_user_id, actor, transition, from_state, "
        "to_state, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    Query q(*conn_, sql);
    q.bind(e.iccid).bind(e.at).bind(e.actor_user_id).bind(e.actor).bind(e.transition);
    q.bind(e.from_state).bind(e.to_state).bind(e.reason).run();
  }

  std::vector<SimEventRecord> sim_events(std::string_view iccid) override {
    Query q(*conn_,
            "SELECT id, iccid, at, actor_user_id, actor, transition, from_state, to_state, reason "
            "FROM sim_events WHERE iccid = ? ORDER BY id");
    q.bind(iccid);
    std::vector<SimEventRecord> out;
    while (q.step()) {
      out.push_back({q.i64(0), q.text(1), q.text(2), q.opt_i64(3), q.text(4), q.text(5), q.text(6),
                     q.text(7), q.text(8)});
    }
    return out;
  }

  void add_state_count(std::int64_t batch_id, std::string_view state, std::int64_t delta) override {
    // Two steps: the row to insert must itself pass CHECK (count >= 0) before any upsert.
    {
      Query q(*conn_,
              "INSERT INTO sim_state_counts (batch_id, state, count) VALUES (?, ?, 0) "
              "ON CONFLICT (batch_id, state) DO NOTHING");
      q.bind(batch_id).bind(state).run();
    }
    Query q(*conn_,
            "UPDATE sim_state_counts SET count = count + ? WHERE batch_id = ? AND state = ?");
    q.bind(delta).bind(batch_id).bind(state).run();
  }

  std::vector<StateCount> state_counts() override {
    return read_counts(
        "SELECT batch_id, state, count FROM sim_state_counts WHERE count <> 0 "
        "ORDER BY batch_id, state");
  }

  std::vector<StateCount> counted_states() override {
    return read_counts(
        "SELECT batch_id, state, COUNT(*) FROM sims GROUP BY batch_id, state "
        "ORDER BY batch_id, state");
  }

  // Rows of (batch id, state, count).
  std::vector<StateCount> read_counts(const std::string& sql) {
    Query q(*conn_, sql);
    std::vector<StateCount> out;
    while (q.step()) out.push_back({q.i64(0), q.text(1), q.i64(2)});
    return out;
  }

  std::int64_t insert_programme(const ProgrammeRecord& g) override {
    Query q(*conn_,
            "INSERT INTO programmes (code, name, plan_id, created_at) VALUES (?, ?, ?, ?) "
            "RETURNING id");
    q.bind(g.code).bind(g.name).bind(g.plan_id).bind(g.created_at);
    q.step();
    std::int64_t id = q.i64(0);
    q.run();
    return id;
  }

  std::vector<ProgrammeRecord> programmes() override {
    Query q(*conn_,
            "SELECT g.id, g.code, g.name, g.plan_id, p.code, g.created_at FROM programmes g "
            "JOIN plans p ON p.id = g.plan_id ORDER BY g.code");
    std::vector<ProgrammeRecord> out;
    while (q.step())
      out.push_back({q.i64(0), q.text(1), q.text(2), q.i64(3), q.text(4), q.text(5)});
    return out;
  }

  std::optional<ProgrammeRecord> programme_by_code(std::string_view code) override {
    for (auto& g : programmes()) {
      if (g.code == code) return g;
    }
    return std::nullopt;
  }

  std::int64_t insert_request(const RequestRecord& r) override {
    Query q(*conn_,
            "INSERT INTO requests (programme_id, structure_id, quantity, needs, leaflet_languages, "
            "comment, state, allocated, decision_reason, created_by, created_at, submitted_at, "
            "updated_at, approved_quantity) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "RETURNING id");
    q.bind(r.programme_id).bind(r.structure_id).bind(r.quantity).bind(join_needs(r.needs));
    q.bind(join_words(r.leaflet_languages)).bind(r.comment).bind(r.state).bind(r.allocated);
    q.bind(r.decision_reason).bind(r.created_by).bind(r.created_at).bind(r.submitted_at);
    q.bind(r.updated_at).bind(r.approved_quantity);
    q.step();
    std::int64_t id = q.i64(0);
    q.run();
    return id;
  }

  void update_request(const RequestRecord& r) override {
    Query q(*conn_,
            "UPDATE requests SET quantity = ?, needs = ?, leaflet_languages = ?, comment = ?, "
            "state = ?, allocated = ?, decision_reason = ?, submitted_at = ?, updated_at = ?, "
            "approved_quantity = ? WHERE id = ?");
    q.bind(r.quantity).bind(join_needs(r.needs)).bind(join_words(r.leaflet_languages));
    q.bind(r.comment).bind(r.state).bind(r.allocated).bind(r.decision_reason);
    q.bind(r.submitted_at).bind(r.updated_at).bind(r.approved_quantity).bind(r.id).run();
  }

  std::optional<RequestRecord> request(std::int64_t id) override {
    Query q(*conn_, std::string("SELECT ") + kRequestColumns + " WHERE r.id = ?");
    q.bind(id);
    if (!q.step()) return std::nullopt;
    return read_request(q);
  }

  Page<RequestRecord> requests(const RequestQuery& query) override {
    std::string where = " WHERE 1 = 1";
    if (query.state) where += " AND r.state = ?";
    if (!query.any_state.empty()) {
      where += " AND r.state IN (?";
      for (std::size_t i = 1; i < query.any_state.size(); ++i) where += ", ?";
      where += ")";
    }
    if (query.structure_id) where += " AND r.structure_id = ?";
    if (query.programme_id) where += " AND r.programme_id = ?";
    if (query.department) where += " AND o.department = ?";
    if (query.submitted_only) where += " AND r.submitted_at IS NOT NULL";
    if (query.unallocated_only) {
      where += " AND r.state IN ('approved', 'partially_approved') AND r.allocated IS NULL";
    }
    auto bind_filters = [&](Query& q) {
      if (query.state) q.bind(*query.state);
      for (const auto& st : query.any_state) q.bind(st);
      if (query.structure_id) q.bind(*query.structure_id);
      if (query.programme_id) q.bind(*query.programme_id);
      if (query.department) q.bind(*query.department);
    };
    return id_page<RequestRecord>(
        *conn_, "requests r JOIN organisations o ON o.id = r.structure_id" + where,
        std::string("SELECT ") + kRequestColumns + where, "r.id", false, bind_filters, read_request,
        query.after, query.limit);
  }

  void insert_request_event(const RequestEventRecord& e) override {
    Query q(*conn_,
            "INSERT INTO request_events (request_id, at, actor, transition, from_state, to_state, "
            "reason) VALUES (?, ?, ?, ?, ?, ?, ?)");
    q.bind(e.request_id).bind(e.at).bind(e.actor).bind(e.transition).bind(e.from_state);
    q.bind(e.to_state).bind(e.reason).run();
  }

  std::vector<RequestEventRecord> request_events(std::int64_t request_id) override {
    Query q(*conn_,
            "SELECT id, request_id, at, actor, transition, from_state, to_state, reason "
            "FROM request_events WHERE request_id = ? ORDER BY id");
    q.bind(request_id);
    std::vector<RequestEventRecord> out;
    while (q.step()) {
      out.push_back(
          {q.i64(0), q.i64(1), q.text(2), q.text(3), q.text(4), q.text(5), q.text(6), q.text(7)});
    }
    return out;
  }

  std::int64_t cards_held_by(std::int64_t structure_id) override {
    Query q(*conn_, "SELECT COUNT(*) FROM sims WHERE holder_id = ? AND state = 'at_structure'");
    q.bind(structure_id);
    q.step();
    return q.i64(0);
  }

  std::int64_t cards_coming_to(std::int64_t structure_id, std::int64_t except) override {
    Query q(*conn_,
            "SELECT (SELECT COUNT(*) FROM sims s JOIN requests r ON r.id = s.request_id "
            "        WHERE r.structure_id = ?1 AND r.id <> ?2 "
            "          AND s.state IN ('reserved', 'packed', 'in_transit')) + "
            "       (SELECT COALESCE(SUM(COALESCE(approved_quantity, quantity)), 0) FROM requests "
            "        WHERE structure_id = ?1 AND id <> ?2 AND allocated IS NULL "
            "          AND state IN ('submitted', 'endorsed', 'approved', 'partially_approved'))");
    q.bind(structure_id).bind(except);
    q.step();
    return q.i64(0);
  }

  std::vector<ReferralRecord> referrals_of_request(std::int64_t request_id) override {
    Query q(*conn_,
            std::string("SELECT ") + kReferralColumns + " WHERE f.request_id = ? ORDER BY f.id");
    q.bind(request_id);
    std::vector<ReferralRecord> out;
    while (q.step()) out.push_back(read_referral(q));
    return out;
  }

  std::int64_t count_cards_of_request(std::int64_t request_id, std::string_view state) override {
    Query q(*conn_, "SELECT COUNT(*) FROM sims WHERE request_id = ? AND state = ?");
    q.bind(request_id).bind(state);
    q.step();
    return q.i64(0);
  }

  std::int64_t insert_referral(const ReferralRecord& r) override {
    Query q(*conn_,
            "INSERT INTO referrals (pseudonym, association_id, structure_id, adults, children, "
            "languages, needs, note_sealed, status, request_id, created_by, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    q.bind(r.pseudonym).bind(r.association_id).bind(r.structure_id).bind(r.adults);
    q.bind(r.children).bind(join_words(r.languages)).bind(join_words(r.needs));
    q.bind_blob(r.note_sealed).bind(r.status).bind(r.request_id).bind(r.created_by);
    q.bind(r.created_at).bind(r.updated_at);
    q.step();
    std::int64_t id = q.i64(0);
    q.run();
    return id;
  }

  void update_referral_status(const ReferralRecord& r) override {
    Query q(*conn_, "UPDATE referrals SET status = ?, request_id = ?, updated_at = ? WHERE id = ?");
    q.bind(r.status).bind(r.request_id).bind(r.updated_at).bind(r.id).run();
  }

  std::optional<ReferralRecord> referral(std::int64_t id) override {
    Query q(*conn_, std::string("SELECT ") + kReferralColumns + " WHERE f.id = ?");
    q.bind(id);
    if (!q.step()) return std::nullopt;
    return read_referral(q);
  }

  std::int64_t erase_referral_notes(std::string_view before) override {
    Query q(*conn_,
            "UPDATE referrals SET note_sealed = NULL WHERE note_sealed IS NOT NULL "
            "AND status IN ('served', 'closed') AND updated_at < ?");
    q.bind(before).run();
    return sqlite3_changes(conn_->db());
  }

  bool pseudonym_taken(std::string_view pseudonym) override {
    Query q(*conn_, "SELECT 1 FROM referrals WHERE pseudonym = ?");
    q.bind(pseudonym);
    return q.step();
  }

  Page<ReferralRecord> referrals(const ReferralQuery& query) override {
    std::string where = " WHERE 1 = 1";
    if (query.association_id) where += " AND f.association_id = ?";
    if (query.structure_id) where += " AND f.structure_id = ?";
    if (query.status) where += " AND f.status = ?";
    auto bind_filters = [&](Query& q) {
      if (query.association_id) q.bind(*query.association_id);
      if (query.structure_id) q.bind(*query.structure_id);
      if (query.status) q.bind(*query.status);
    };
    return id_page<ReferralRecord>(*conn_, "referrals f" + where,
                                   std::string("SELECT ") + kReferralColumns + where, "f.id", true,
                                   bind_filters, read_referral, query.after, query.limit);
  }

  std::vector<std::pair<std::string, std::int64_t>> department_capacities() override {
    Query q(*conn_,
            "SELECT department, SUM(capacity) FROM organisations WHERE kind = 'structure' "
            "AND department IS NOT NULL AND capacity IS NOT NULL GROUP BY department "
            "ORDER BY department");
    std::vector<std::pair<std::string, std::int64_t>> out;
    while (q.step()) out.emplace_back(q.text(0), q.i64(1));
    return out;
  }

  std::vector<std::tuple<std::string, std::int64_t, std::int64_t, std::int64_t>> request_counts()
      override {
    Query q(*conn_,
            "SELECT state, COUNT(*), SUM(quantity), COALESCE(SUM(allocated) FILTER (WHERE state IN "
            "('approved', 'partially_approved', 'fulfilled')), 0) FROM requests "
            "GROUP BY state ORDER BY state");
    std::vector<std::tuple<std::string, std::int64_t, std::int64_t, std::int64_t>> out;
    while (q.step()) out.emplace_back(q.text(0), q.i64(1), q.i64(2), q.i64(3));
    return out;
  }

  std::vector<std::pair<std::string, std::int64_t>> referral_counts() override {
    Query q(*conn_, "SELECT status, COUNT(*) FROM referrals GROUP BY status ORDER BY status");
    std::vector<std::pair<std::string, std::int64_t>> out;
    while (q.step()) out.emplace_back(q.text(0), q.i64(1));
    return out;
  }

  std::vector<std::pair<std::int64_t, std::int64_t>> in_stock_by_plan() override {
    Query q(*conn_,
            "SELECT b.plan_id, SUM(c.count) FROM sim_state_counts c "
            "JOIN sim_batches b ON b.id = c.batch_id WHERE c.state = 'in_stock' "
            "GROUP BY b.plan_id ORDER BY b.plan_id");
    std::vector<std::pair<std::int64_t, std::int64_t>> out;
    while (q.step()) out.emplace_back(q.i64(0), q.i64(1));
    return out;
  }

  std::vector<Reservation> in_stock_cards(std::int64_t plan_id, std::int64_t limit) override {
    std::vector<Reservation> out;
    std::vector<std::int64_t> batches;
    {
      Query q(*conn_, "SELECT id FROM sim_batches WHERE plan_id = ? ORDER BY received_at, id");
      q.bind(plan_id);
      while (q.step()) batches.push_back(q.i64(0));
    }
    for (std::int64_t batch : batches) {
      if (static_cast<std::int64_t>(out.size()) >= limit) break;
      Query q(*conn_,
              "SELECT iccid, rowid FROM sims WHERE batch_id = ? AND state = 'in_stock' "
              "ORDER BY iccid LIMIT ?");
      q.bind(batch).bind(limit - static_cast<std::int64_t>(out.size()));
      while (q.step()) out.push_back({q.text(0), batch, 0, q.i64(1)});
    }
    return out;
  }

  std::int64_t reserve_sims(const std::vector<Reservation>& cards, std::string_view at,
                            std::optional<std::int64_t> actor_user_id,
                            std::string_view actor) override {
    // The cards go into a temporary table (in memory), then two statements move them all.
    conn_->run(
        "CREATE TEMP TABLE IF NOT EXISTS reservations "
        "(row INTEGER PRIMARY KEY, iccid TEXT NOT NULL, request_id INTEGER NOT NULL)");
    conn_->run("DELETE FROM reservations");
    {
      static const std::string insert =
          "INSERT INTO reservations (row, iccid, request_id) VALUES (?, ?, ?)";
      for (const auto& card : cards) {
        Query q(*conn_, insert);
        q.bind(card.row).bind_static(card.iccid).bind(card.request_id).run();
      }
    }
    std::int64_t moved = 0;
    {
      Query q(*conn_,
              // Not UPDATE ... FROM, which would first copy every updated row.
              "UPDATE sims SET state = 'reserved', updated_at = ?, packing_order_id = NULL, "
              "request_id = "
              "(SELECT r.request_id FROM reservations r WHERE r.row = sims.rowid) "
              "WHERE rowid IN (SELECT row FROM reservations) AND state = 'in_stock'");
      q.bind(at).run();
      moved = sqlite3_changes(conn_->db());
    }
    {
      Query q(*conn_,
              "INSERT INTO sim_events (iccid, at, actor_user_id, actor, transition, from_state, "
              "to_state, reason) SELECT r.iccid, ?, ?, ?, 'reserve', 'in_stock', 'reserved', "
              "'#' || r.request_id FROM reservations r ORDER BY r.row");
      q.bind(at).bind(actor_user_id).bind(actor).run();
    }
    conn_->run("DELETE FROM reservations");
    return moved;
  }

  std::vector<Reservation> reserved_for(std::int64_t request_id) override {
    Query q(*conn_,
            "SELECT iccid, batch_id FROM sims WHERE request_id = ? AND state = 'reserved' "
            "ORDER BY iccid");
    q.bind(request_id);
    std::vector<Reservation> out;
    while (q.step()) out.push_back({q.text(0), q.i64(1), request_id});
    return out;
  }

  void release_sim(std::string_view iccid, std::string_view at) override {
    Query q(*conn_,
            "UPDATE sims SET state = 'in_stock', request_id = NULL, packing_order_id = NULL, "
            "updated_at = ? WHERE iccid = ? AND state = 'reserved'");
    q.bind(at).bind(iccid).run();
  }

  std::vector<UnpackedDemand> unpacked_demand() override {
    Query q(*conn_,
            "SELECT r.structure_id, COUNT(*), GROUP_CONCAT(DISTINCT r.leaflet_languages) "
            "FROM sims s JOIN requests r ON r.id = s.request_id "
            "WHERE s.request_id IS NOT NULL AND s.state = 'reserved' "
            "AND s.packing_order_id IS NULL GROUP BY r.structure_id ORDER BY r.structure_id");
    std::vector<UnpackedDemand> out;
    while (q.step()) {
      UnpackedDemand d{q.i64(0), q.i64(1), {}};
      // GROUP_CONCAT joins the requests' lists with commas: one list of distinct codes.
      std::string all = q.text(2);
      for (char& c : all) {
        if (c == ',') c = ' ';
      }
      for (auto& code : split_words(all)) {
        if (std::find(d.leaflet_languages.begin(), d.leaflet_languages.end(), code) ==
            d.leaflet_languages.end()) {
          d.leaflet_languages.push_back(code);
        }
      }
      out.push_back(std::move(d));
    }
    return out;
  }

  std::int64_t insert_packing_order(const PackingOrderRecord& o) override {
    Query q(*conn_,
            "INSERT INTO packing_orders (structure_id, logistics_id, leaflet_languages, state, "
            "delivery_token, created_at, packed_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
            "RETURNING id");
    q.bind(o.structure_id).bind(o.logistics_id).bind(join_words(o.leaflet_languages));
    q.bind(o.state).bind(o.delivery_token).bind(o.created_at).bind(o.packed_at);
    q.bind(o.updated_at);
    q.step();
    std::int64_t id = q.i64(0);
    q.run();
    return id;
  }

  void update_packing_order(const PackingOrderRecord& o) override {
    Query q(*conn_,
            "UPDATE packing_orders SET state = ?, packed_at = ?, updated_at = ? WHERE id = ?");
    q.bind(o.state).bind(o.packed_at).bind(o.updated_at).bind(o.id).run();
  }

  std::optional<PackingOrderRecord> packing_order(std::int64_t id) override {
    Query q(*conn_, std::string("SELECT ") + kPackingOrderColumns + " WHERE o.id = ?");
    q.bind(id);
    if (!q.step()) return std::nullopt;
    return read_packing_order(q);
  }

  Page<PackingOrderRecord> packing_orders(const PackingOrderQuery& query) override {
    std::string where = " WHERE 1 = 1";
    if (query.logistics_id) where += " AND o.logistics_id = ?";
    if (query.structure_id) where += " AND o.structure_id = ?";
    if (query.shipment_id) where += " AND o.shipment_id = ?";
    if (query.state) where += " AND o.state = ?";
    auto bind_filters = [&](Query& q) {
      if (query.logistics_id) q.bind(*query.logistics_id);
      if (query.structure_id) q.bind(*query.structure_id);
      if (query.shipment_id) q.bind(*query.shipment_id);
      if (query.state) q.bind(*query.state);
    };
    return id_page<PackingOrderRecord>(
        *conn_, "packing_orders o" + where, std::string("SELECT ") + kPackingOrderColumns + where,
        "o.id", false, bind_filters, read_packing_order, query.after, query.limit);
  }

  std::int64_t assign_cards_to_order(std::int64_t structure_id, std::int64_t order_id) override {
    Query q(*conn_,
            "UPDATE sims SET packing_order_id = ? WHERE request_id IN "
            "(SELECT id FROM requests WHERE structure_id = ?) AND state = 'reserved' "
            "AND packing_order_id IS NULL");
    q.bind(order_id).bind(structure_id).run();
    return sqlite3_changes(conn_->db());
  }

  std::vector<SimRecord> cards_of_order(std::int64_t order_id) override {
    Query q(*conn_, std::string("SELECT ") + kSimColumns +
                        " WHERE s.packing_order_id = ? ORDER BY s.iccid");
    q.bind(order_id);
    std::vector<SimRecord> out;
    while (q.step()) out.push_back(read_sim(q));
    return out;
  }

  void set_card_destination(std::string_view iccid, std::optional<std::int64_t> request_id,
                            std::optional<std::int64_t> packing_order_id) override {
    Query q(*conn_, "UPDATE sims SET request_id = ?, packing_order_id = ? WHERE iccid = ?");
    q.bind(request_id).bind(packing_order_id).bind(iccid).run();
  }

  std::optional<PackingOrderRecord> packing_order_by_token(std::string_view token) override {
    Query q(*conn_, std::string("SELECT ") + kPackingOrderColumns + " WHERE o.delivery_token = ?");
    q.bind(token);
    if (!q.step()) return std::nullopt;
    return read_packing_order(q);
  }

  void set_order_shipment(std::int64_t order_id, std::optional<std::int64_t> shipment) override {
    Query q(*conn_, "UPDATE packing_orders SET shipment_id = ? WHERE id = ?");
    q.bind(shipment).bind(order_id).run();
  }

  void set_order_delivered(std::int64_t order_id, std::string_view at,
                           std::string_view by) override {
    Query q(*conn_,
            "UPDATE packing_orders SET state = 'delivered', delivered_at = ?, delivered_by = ?, "
            "updated_at = ? WHERE id = ?");
    q.bind(at).bind(by).bind(at).bind(order_id).run();
  }

  std::vector<CarrierRecord> carriers() override {
    Query q(*conn_, "SELECT code, name, tracking_url FROM carriers ORDER BY name");
    std::vector<CarrierRecord> out;
    while (q.step()) out.push_back({q.text(0), q.text(1), q.text(2)});
    return out;
  }

  void put_carrier(const CarrierRecord& c) override {
    Query q(*conn_,
            "INSERT INTO carriers (code, name, tracking_url) VALUES (?, ?, ?) "
            "ON CONFLICT (code) DO UPDATE SET name = excluded.name, "
            "tracking_url = excluded.tracking_url");
    q.bind(c.code).bind(c.name).bind(c.tracking_url).run();
  }

  std::int64_t insert_shipment(const ShipmentRecord& h) override {
    Query q(*conn_,
            "INSERT INTO shipments (carrier, tracking_number, logistics_id, state, created_by, "
            "created_at, shipped_at, closed_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "RETURNING id");
    q.bind(h.carrier).bind(h.tracking_number).bind(h.logistics_id).bind(h.state);
    q.bind(h.created_by).bind(h.created_at).bind(h.shipped_at).bind(h.closed_at);
    q.bind(h.updated_at);
    q.step();
    std::int64_t id = q.i64(0);
    q.run();
    return id;
  }

  void update_shipment(const ShipmentRecord& h) override {
    Query q(*conn_,
            "UPDATE shipments SET state = ?, shipped_at = ?, closed_at = ?, updated_at = ? "
            "WHERE id = ?");
    q.bind(h.state).bind(h.shipped_at).bind(h.closed_at).bind(h.updated_at).bind(h.id).run();
  }

  std::optional<ShipmentRecord> shipment(std::int64_t id) override {
    Query q(*conn_, std::string("SELECT ") + kShipmentColumns + " WHERE h.id = ?");
    q.bind(id);
    if (!q.step()) return std::nullopt;
    return read_shipment(q);
  }

  Page<ShipmentRecord> shipments(const ShipmentQuery& query) override {
    std::string where = " WHERE 1 = 1";
    if (query.logistics_id) where += " AND h.logistics_id = ?";
    if (query.structure_id) {
      where += " AND h.id IN (SELECT shipment_id FROM packing_orders WHERE structure_id = ?)";
    }
    if (query.state) where += " AND h.state = ?";
    auto bind_filters = [&](Query& q) {
      if (query.logistics_id) q.bind(*query.logistics_id);
      if (query.structure_id) q.bind(*query.structure_id);
      if (query.state) q.bind(*query.state);
    };
    return id_page<ShipmentRecord>(*conn_, "shipments h" + where,
                                   std::string("SELECT ") + kShipmentColumns + where, "h.id", false,
                                   bind_filters, read_shipment, query.after, query.limit);
  }

  std::int64_t insert_incident(const IncidentRecord& i) override {
    Query q(*conn_,
            "INSERT INTO incidents (kind, iccid, packing_order_id, structure_id, state, "
            "resolution, note, created_by, created_at, resolved_by, resolved_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    q.bind(i.kind).bind(i.iccid).bind(i.packing_order_id).bind(i.structure_id).bind(i.state);
    q.bind(i.resolution).bind(i.note).bind(i.created_by).bind(i.created_at).bind(i.resolved_by);
    q.bind(i.resolved_at);
    q.step();
    std::int64_t id = q.i64(0);
    q.run();
    return id;
  }

  void update_incident(const IncidentRecord& i) override {
    Query q(*conn_,
            "UPDATE incidents SET state = ?, resolution = ?, note = ?, resolved_by = ?, "
            "resolved_at = ? WHERE id = ?");
    q.bind(i.state).bind(i.resolution).bind(i.note).bind(i.resolved_by).bind(i.resolved_at);
    q.bind(i.id).run();
  }

  std::optional<IncidentRecord> incident(std::int64_t id) override {
    Query q(*conn_, std::string("SELECT ") + kIncidentColumns + " WHERE i.id = ?");
    q.bind(id);
    if (!q.step()) return std::nullopt;
    return read_incident(q);
  }

  Page<IncidentRecord> incidents(const IncidentQuery& query) override {
    std::string where = " WHERE 1 = 1";
    if (query.state) where += " AND i.state = ?";
    if (query.structure_id) where += " AND i.structure_id = ?";
    if (query.packing_order_id) where += " AND i.packing_order_id = ?";
    auto bind_filters = [&](Query& q) {
      if (query.state) q.bind(*query.state);
      if (query.structure_id) q.bind(*query.structure_id);
      if (query.packing_order_id) q.bind(*query.packing_order_id);
    };
    return id_page<IncidentRecord>(*conn_, "incidents i" + where,
                                   std::string("SELECT ") + kIncidentColumns + where, "i.id", false,
                                   bind_filters, read_incident, query.after, query.limit);
  }

  std::vector<std::int64_t> requests_all_delivered(std::int64_t structure_id) override {
    Query q(*conn_,
            "SELECT r.id FROM requests r WHERE r.structure_id = ? "
            "AND r.state IN ('approved', 'partially_approved') AND r.allocated > 0 "
            "AND NOT EXISTS (SELECT 1 FROM sims s WHERE s.request_id = r.id "
            "                AND s.state IN ('reserved', 'packed', 'in_transit', 'returned')) "
            "AND EXISTS (SELECT 1 FROM sims s WHERE s.request_id = r.id AND s.state IN "
            "            ('at_structure', 'handed_over', 'active', 'suspended', 'expired')) "
            "ORDER BY r.id");
    q.bind(structure_id);
    std::vector<std::int64_t> out;
    while (q.step()) out.push_back(q.i64(0));
    return out;
  }

  void insert_packing_scan(const PackingScanRecord& s) override {
    Query q(*conn_,
            "INSERT INTO packing_scans (packing_order_id, scanned, iccid, outcome, actor, at) "
            "VALUES (?, ?, ?, ?, ?, ?)");
    q.bind(s.packing_order_id).bind(s.scanned).bind(s.iccid).bind(s.outcome).bind(s.actor);
    q.bind(s.at).run();
  }

  std::optional<AuditEvent> last_audit_event() override {
    Query q(*conn_,
            std::string("SELECT ") + kAuditColumns + " FROM audit_events ORDER BY id DESC LIMIT 1");
    if (!q.step()) return std::nullopt;
    return read_audit(q);
  }

  std::string data_version() override {
    static const std::string sql = "SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1";
    Query q(*conn_, sql);
    return q.step() ? q.text(0) : std::string();
  }

  void insert_audit_event(const AuditEvent& e) override {
    Query q(*conn_, std::string("INSERT INTO audit_events (") + kAuditColumns +
                        ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    q.bind(e.id).bind(e.at).bind(e.actor_user_id).bind(e.actor).bind(e.action).bind(e.entity);
    q.bind(e.entity_id).bind(e.summary).bind(e.prev_hash).bind(e.hash).run();
  }

  std::vector<AuditEvent> audit_events(std::int64_t after_id, int limit) override {
    Query q(*conn_, std::string("SELECT ") + kAuditColumns +
                        " FROM audit_events WHERE id > ? ORDER BY id LIMIT ?");
    q.bind(after_id).bind(limit);
    std::vector<AuditEvent> out;
    while (q.step()) out.push_back(read_audit(q));
    return out;
  }

  Connection& connection() { return *conn_; }

 private:
  Pool& pool_;
  std::unique_ptr<Connection> conn_;
  bool done_ = false;
};

class SqliteStore final : public Store {
 public:
  SqliteStore(const std::string& path, int max_connections) : pool_(path, max_connections) {
    // Open once now so that a bad path fails at start-up, not at the first request.
    pool_.release(pool_.acquire());
  }

  std::unique_ptr<Transaction> begin(Mode mode) override {
    return std::make_unique<SqliteTransaction>(pool_, mode);
  }

  std::string_view kind() const override { return "sqlite"; }

  int migrate() override {
    {
      SqliteTransaction tx(pool_, Mode::kWrite);
      tx.connection().exec(
          "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
          "name TEXT NOT NULL, applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)");
      tx.commit();
    }
    int version = 0;
    for (const Migration& m : migrations()) {
      SqliteTransaction tx(pool_, Mode::kWrite);
      version = tx.schema_version();
      if (m.version <= version) continue;
      tx.connection().exec(std::string(m.sql).c_str());
      Query q(tx.connection(), "INSERT INTO schema_migrations (version, name) VALUES (?, ?)");
      q.bind(m.version).bind(m.name).run();
      tx.commit();
      version = m.version;
    }
    SqliteTransaction tx(pool_, Mode::kRead);
    return tx.schema_version();
  }

 private:
  Pool pool_;
};

}  // namespace

std::unique_ptr<Store> open_sqlite(const std::string& path, int max_connections) {
  std::filesystem::path p(path);
  if (p.has_parent_path()) std::filesystem::create_directories(p.parent_path());
  return std::make_unique<SqliteStore>(path, max_connections);
}

}  // namespace relais::store
