#include "store/sql/sql_store.hpp"

#include "store/sql/parts.hpp"

#include <chrono>

#include "core/metrics.hpp"

namespace relais::store::sql {

std::unique_ptr<Connection> Pool::acquire() {
  std::unique_lock lock(mutex_);
  available_.wait(lock, [&] { return !idle_.empty() || open_ < max_; });
  while (!idle_.empty()) {
    auto c = std::move(idle_.back());
    idle_.pop_back();
    if (c->usable()) return c;
    --open_;  // lost while idle: closed here, another opens below
  }
  ++open_;
  lock.unlock();
  try {
    return factory_();
  } catch (...) {
    discard();
    throw;
  }
}

void Pool::release(std::unique_ptr<Connection> c) {
  std::lock_guard lock(mutex_);
  idle_.push_back(std::move(c));
  available_.notify_one();
}

void Pool::discard() {
  std::lock_guard lock(mutex_);
  --open_;
  available_.notify_one();
}

void SqlStore::commit(Connection& conn, Mode) {
  static const std::string kCommit = "COMMIT";
  conn.control(kCommit);
}

namespace {

class SqlTransaction final : public Transaction {
 public:
  // `before` runs on the connection before the transaction begins (a pragma SQLite ignores
  // inside one).
  SqlTransaction(SqlStore& store, Mode mode, const std::string& before = {})
      : store_(store),
        mode_(mode),
        started_(std::chrono::steady_clock::now()),
        conn_(store.pool().acquire()) {
    try {
      if (!before.empty()) conn_->exec(before);
      store_.begin_transaction(*conn_, mode);
    } catch (...) {
      drop();
      throw;
    }
  }

  ~SqlTransaction() override {
    // The database's time, as /metrics shows it.
    const std::chrono::duration<double> lived = std::chrono::steady_clock::now() - started_;
    (mode_ == Mode::kWrite ? metrics::process().db_write : metrics::process().db_read)
        .observe(lived.count());
    // The parts hold a reference to the connection: they go first.
    accounts_.reset();
    operators_.reset();
    cards_.reset();
    requests_.reset();
    packing_.reset();
    shipments_.reset();
    audit_.reset();
    residents_.reset();
    sealed_.reset();
    lines_.reset();
    results_.reset();
    if (!conn_) return;
    if (!done_) {
      try {
        static const std::string kRollback = "ROLLBACK";
        conn_->control(kRollback);
      } catch (...) {
        drop();
        return;
      }
    }
    store_.pool().release(std::move(conn_));
  }

  void commit() override {
    store_.commit(*conn_, mode_);
    done_ = true;
  }

  // Ends the transaction, writing nothing (the destructor's work, done earlier).
  void roll_back() {
    static const std::string kRollback = "ROLLBACK";
    conn_->control(kRollback);
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

  Accounts& accounts() override { return part(accounts_, make_accounts); }
  Operators& operators() override { return part(operators_, make_operators); }
  Cards& cards() override {
    if (!cards_) cards_ = store_.make_cards(*conn_);
    return *cards_;
  }
  Requests& requests() override { return part(requests_, make_requests); }
  Packing& packing() override { return part(packing_, make_packing); }
  Shipments& shipments() override { return part(shipments_, make_shipments); }
  Audit& audit() override { return part(audit_, make_audit); }
  Residents& residents() override { return part(residents_, make_residents); }
  Sealed& sealed() override { return part(sealed_, make_sealed); }
  Lines& lines() override { return part(lines_, make_lines); }
  Results& results() override { return part(results_, make_results); }

  Connection& connection() { return *conn_; }

 private:
  template <typename T>
  T& part(std::unique_ptr<T>& slot, std::unique_ptr<T> (*make)(Connection&)) {
    if (!slot) slot = make(*conn_);
    return *slot;
  }

  // The connection is unusable: close it rather than give it back to the pool.
  void drop() {
    conn_.reset();
    store_.pool().discard();
  }

  SqlStore& store_;
  Mode mode_;
  std::chrono::steady_clock::time_point started_;
  std::unique_ptr<Connection> conn_;
  bool done_ = false;
  std::unique_ptr<Accounts> accounts_;
  std::unique_ptr<Operators> operators_;
  std::unique_ptr<SqlCards> cards_;
  std::unique_ptr<Requests> requests_;
  std::unique_ptr<Packing> packing_;
  std::unique_ptr<Shipments> shipments_;
  std::unique_ptr<Audit> audit_;
  std::unique_ptr<Residents> residents_;
  std::unique_ptr<Sealed> sealed_;
  std::unique_ptr<Lines> lines_;
  std::unique_ptr<Results> results_;
};

}  // namespace

SqlStore::SqlStore(Pool::Factory factory, int max_connections)
    : pool_(std::move(factory), max_connections) {}

void SqlStore::check_connection() { pool_.release(pool_.acquire()); }

std::unique_ptr<Transaction> SqlStore::begin(Mode mode) {
  return std::make_unique<SqlTransaction>(*this, mode);
}

int SqlStore::migrate() {
  {
    SqlTransaction tx(*this, Mode::kWrite);
    tx.connection().exec(migrations_table_sql());
    tx.commit();
  }
  for (const Migration& m : migrations()) {
    // Each migration in its own write transaction: a second process migrating at the same
    // time waits, then finds the version applied.
    // A migration that rebuilds a table SQLite cannot alter in place says so on its first
    // line: it runs with the foreign keys off (dropping the old table would break them), and
    // they are checked whole before it commits.
    const bool keys_off = m.sql.starts_with("-- foreign keys off");
    SqlTransaction tx(*this, Mode::kWrite, keys_off ? "PRAGMA foreign_keys = OFF" : "");
    try {
      if (m.version > tx.schema_version()) {
        tx.connection().exec(std::string(m.sql));
        if (keys_off) {
          Query check(tx.connection(), "PRAGMA foreign_key_check");
          if (check.step()) {
            throw Error(ErrorKind::kInternal, "database_error",
                        {std::string(m.name), "foreign key broken in " + check.text(0)});
          }
        }
        Query q(tx.connection(), "INSERT INTO schema_migrations (version, name) VALUES (?, ?)");
        q.bind(m.version).bind(m.name).run();
        tx.commit();
      } else {
        tx.roll_back();
      }
    } catch (...) {
      if (keys_off) {
        tx.roll_back();
        tx.connection().exec("PRAGMA foreign_keys = ON");
      }
      throw;
    }
    if (keys_off) tx.connection().exec("PRAGMA foreign_keys = ON");
  }
  SqlTransaction tx(*this, Mode::kRead);
  return tx.schema_version();
}

}  // namespace relais::store::sql
