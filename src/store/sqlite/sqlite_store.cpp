// The SQLite engine: the driver over sqlite3 (statements cached per connection), a pool of
// connections in WAL mode (readers run beside the one writer), and the card moves that use
// SQLite's rowid.
#include <sqlite3.h>

#include <filesystem>
#include <unordered_map>

#include "core/error.hpp"
#include "store/sql/sql_store.hpp"

namespace relais::store {
namespace {

using sql::Connection;
using sql::Dialect;
using sql::Query;

// Another write held the database past the busy timeout: a 503 to try again, not a 500.
Error busy() {
  return Error(ErrorKind::kUnavailable, "database_busy").with_retry_after(2);
}

[[noreturn]] void fail(sqlite3* db, std::string_view what) {
  throw Error(ErrorKind::kInternal, "database_error",
              {std::string(what), db ? sqlite3_errmsg(db) : "no connection"});
}

class SqliteStatement final : public sql::Statement {
 public:
  SqliteStatement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  ~SqliteStatement() override { sqlite3_finalize(stmt_); }

  void bind_null(int i) override { check(sqlite3_bind_null(stmt_, i)); }
  void bind_i64(int i, std::int64_t v) override { check(sqlite3_bind_int64(stmt_, i, v)); }
  void bind_text(int i, std::string_view v, bool stable) override {
    check(sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()),
                            stable ? SQLITE_STATIC : SQLITE_TRANSIENT));
  }
  void bind_blob(int i, std::string_view v, bool stable) override {
    check(sqlite3_bind_blob(stmt_, i, v.data(), static_cast<int>(v.size()),
                            stable ? SQLITE_STATIC : SQLITE_TRANSIENT));
  }

  bool step() override {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    if (rc == SQLITE_CONSTRAINT) {
      throw Error(ErrorKind::kConflict, "constraint_violation", {sqlite3_errmsg(db_)});
    }
    if (rc == SQLITE_BUSY) throw busy();
    fail(db_, sqlite3_sql(stmt_));
  }
  // Every statement binds all its parameters again: no need to clear them.
  void reset() override { sqlite3_reset(stmt_); }
  std::int64_t changes() override { return sqlite3_changes(db_); }

  bool is_null(int c) override { return sqlite3_column_type(stmt_, c) == SQLITE_NULL; }
  std::int64_t i64(int c) override { return sqlite3_column_int64(stmt_, c); }
  std::string text(int c) override {
    auto p = sqlite3_column_text(stmt_, c);
    return p ? std::string(reinterpret_cast<const char*>(p),
                           static_cast<size_t>(sqlite3_column_bytes(stmt_, c)))
             : std::string();
  }
  std::string blob(int c) override {
    auto p = static_cast<const char*>(sqlite3_column_blob(stmt_, c));
    return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, c))) : std::string();
  }

 private:
  void check(int rc) {
    if (rc != SQLITE_OK) fail(db_, "bind");
  }
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

class SqliteConnection final : public Connection {
 public:
  explicit SqliteConnection(const std::string& path) {
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
  ~SqliteConnection() override {
    cache_.clear();  // finalizes every statement before the close
    sqlite3_close(db_);
  }

  Dialect dialect() const override { return Dialect::kSqlite; }

  sql::Statement& prepare(const std::string& sql) override {
    auto it = cache_.find(sql);
    if (it != cache_.end()) return *it->second;
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) fail(db_, sql);
    return *cache_.emplace(sql, std::make_unique<SqliteStatement>(db_, stmt)).first->second;
  }

  void exec(const std::string& sql) override {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      std::string msg = err ? err : "unknown";
      sqlite3_free(err);
      throw Error(ErrorKind::kInternal, "database_error", {sql, msg});
    }
  }

  // Through the statement cache, so the per-request BEGIN and COMMIT are not parsed again.
  void control(const std::string& sql) override { Query(*this, sql).run(); }

 private:
  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, std::unique_ptr<SqliteStatement>> cache_;
};

// SQLite finds a card fastest by its rowid: the allocation keeps it from the read of the
// stock to the reservation.
class SqliteCards final : public sql::SqlCards {
 public:
  using SqlCards::SqlCards;

  std::vector<Reservation> in_stock_cards(std::int64_t plan_id, std::int64_t limit) override {
    std::vector<Reservation> out;
    for (std::int64_t batch : batches_of_plan(plan_id)) {
      if (static_cast<std::int64_t>(out.size()) >= limit) break;
      Query q(conn_,
              "SELECT iccid, rowid FROM sims WHERE batch_id = ? AND state = ? "
              "ORDER BY iccid LIMIT ?");
      q.bind(batch).bind(sim_state_name(SimState::kInStock));
      q.bind(limit - static_cast<std::int64_t>(out.size()));
      while (q.step()) out.push_back({q.text(0), batch, 0, q.i64(1)});
    }
    return out;
  }

  std::int64_t reserve_sims(const std::vector<Reservation>& cards, std::string_view at,
                            std::optional<std::int64_t> actor_user_id,
                            std::string_view actor) override {
    const SimTransition& reserve = *find_sim_transition("reserve");
    // The cards go into a temporary table (in memory), then two statements move them all.
    conn_.control(
        "CREATE TEMP TABLE IF NOT EXISTS reservations "
        "(seq INTEGER PRIMARY KEY, iccid TEXT NOT NULL, request_id INTEGER NOT NULL)");
    conn_.control("DELETE FROM reservations");
    {
      static const std::string insert =
          "INSERT INTO reservations (seq, iccid, request_id) VALUES (?, ?, ?)";
      for (const auto& card : cards) {
        Query q(conn_, insert);
        q.bind(card.row).bind_static(card.iccid).bind(card.request_id).run();
      }
    }
    std::int64_t moved = 0;
    {
      Query q(conn_,
              // Not UPDATE ... FROM, which would first copy every updated row.
              "UPDATE sims SET state = ?, updated_at = ?, packing_order_id = NULL, request_id = "
              "(SELECT r.request_id FROM reservations r WHERE r.seq = sims.rowid) "
              "WHERE rowid IN (SELECT seq FROM reservations) AND state = ?");
      q.bind(sim_state_name(reserve.to)).bind(at).bind(sim_state_name(reserve.from.front()));
      q.run();
      moved = q.changes();
    }
    insert_reserve_events(at, actor_user_id, actor);
    conn_.control("DELETE FROM reservations");
    return moved;
  }

};

class SqliteStore final : public sql::SqlStore {
 public:
  SqliteStore(const std::string& path, int max_connections)
      : SqlStore([path] { return std::make_unique<SqliteConnection>(path); }, max_connections) {
    check_connection();
  }

  std::string_view kind() const override { return "sqlite"; }
  bool shared() const override { return false; }
  std::optional<std::uint64_t> changes() override { return std::nullopt; }
  void changes_then(std::function<void(std::optional<std::uint64_t>)> done) override {
    done(std::nullopt);
  }

  // A write transaction takes SQLite's one write lock at once: two writers never interleave,
  // and the second waits (up to the busy timeout) for the first to end.
  void begin_transaction(Connection& conn, Mode mode) override {
    static const std::string kBeginWrite = "BEGIN IMMEDIATE", kBeginRead = "BEGIN";
    conn.control(mode == Mode::kWrite ? kBeginWrite : kBeginRead);
  }

  std::unique_ptr<sql::SqlCards> make_cards(Connection& conn) override {
    return std::make_unique<SqliteCards>(conn);
  }

  const std::vector<Migration>& migrations() const override { return sqlite_migrations(); }

  std::string migrations_table_sql() const override {
    return "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
           "name TEXT NOT NULL, applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)";
  }
};

}  // namespace

std::unique_ptr<Store> open_sqlite(const std::string& path, int max_connections) {
  std::filesystem::path p(path);
  if (p.has_parent_path()) std::filesystem::create_directories(p.parent_path());
  return std::make_unique<SqliteStore>(path, max_connections);
}

}  // namespace relais::store
