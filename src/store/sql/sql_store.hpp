// A Store over the SQL driver: a pool of connections, transactions that reach the parts
// written once in store/sql, and migrations. Each engine says how it opens a connection, how
// a transaction begins, and which cards part it uses.
#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/migrations.hpp"
#include "store/sql/cards.hpp"
#include "store/sql/db.hpp"
#include "store/store.hpp"

namespace relais::store::sql {

class Pool {
 public:
  using Factory = std::function<std::unique_ptr<Connection>()>;
  Pool(Factory factory, int max) : factory_(std::move(factory)), max_(max) {}

  // Waits for an idle connection, or opens one while fewer than `max` are open.
  std::unique_ptr<Connection> acquire();
  void release(std::unique_ptr<Connection> c);
  // Forgets a connection that was dropped (broken), so that another may open.
  void discard();

 private:
  Factory factory_;
  int max_;
  int open_ = 0;
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<Connection>> idle_;
};

class SqlStore : public Store {
 public:
  SqlStore(Pool::Factory factory, int max_connections);
  std::unique_ptr<Transaction> begin(Mode mode) override;
  int migrate() override;

  // What each engine decides.
  virtual void begin_transaction(Connection& conn, Mode mode) = 0;
  virtual std::unique_ptr<SqlCards> make_cards(Connection& conn) = 0;
  virtual const std::vector<Migration>& migrations() const = 0;
  virtual std::string migrations_table_sql() const = 0;
  // Ends a transaction of `mode` that succeeded (COMMIT; PostgreSQL tells the other servers
  // of a write).
  virtual void commit(Connection& conn, Mode mode);

  Pool& pool() { return pool_; }

 protected:
  // Opens one connection now, so that a bad location fails at start-up.
  void check_connection();

 private:
  Pool pool_;
};

}  // namespace relais::store::sql
