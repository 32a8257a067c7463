// The persistence interface of Relais: a Store hands out transactions, and a transaction
// reaches one small interface per aggregate. `app` sees only these headers; sql/ implements
// them once over a driver that sqlite/ and postgres/ provide.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "store/accounts.hpp"
#include "store/audit.hpp"
#include "store/cards.hpp"
#include "store/lines.hpp"
#include "store/operators.hpp"
#include "store/packing.hpp"
#include "store/requests.hpp"
#include "store/residents.hpp"
#include "store/results.hpp"
#include "store/shipments.hpp"

namespace relais::store {

enum class Mode { kRead, kWrite };

// A unit of work on one connection. Destroyed without commit(), it rolls back. A write
// transaction excludes every other write transaction on the same database, from every
// process, from its start to its end (docs/architecture.md, "Concurrency").
class Transaction {
 public:
  virtual ~Transaction() = default;
  virtual void commit() = 0;

  virtual int schema_version() = 0;
  virtual bool holds_data() = 0;  // any organisation, user or audit event
  virtual std::optional<std::string> setting(std::string_view key) = 0;
  virtual void put_setting(std::string_view key, std::string_view value) = 0;

  virtual Accounts& accounts() = 0;
  virtual Operators& operators() = 0;
  virtual Cards& cards() = 0;
  virtual Requests& requests() = 0;
  virtual Packing& packing() = 0;
  virtual Shipments& shipments() = 0;
  virtual Audit& audit() = 0;
  virtual Residents& residents() = 0;
  virtual Sealed& sealed() = 0;
  virtual Lines& lines() = 0;
  virtual Results& results() = 0;
};

class Store {
 public:
  virtual ~Store() = default;
  // Waits for a free connection. A write transaction takes the database's write lock at once.
  virtual std::unique_ptr<Transaction> begin(Mode mode) = 0;
  virtual std::string_view kind() const = 0;  // "sqlite" or "postgresql"
  // True when several servers may write this database at once (PostgreSQL): nothing read
  // from it may then be kept in one process's memory without asking the database again.
  virtual bool shared() const = 0;
  // On a shared database: a count of the writes committed by every server, that includes
  // every write committed before the call (PostgreSQL: each write transaction notifies as it
  // commits, every server listens, and the call waits for one round trip on the listening
  // connection, shared by the calls made at the same time). Whatever was read from the
  // database may be kept while this count has not moved. nullopt when the count is not kept
  // (SQLite, served by one process) or not known (the listener is connecting, or lost its
  // connection: then nothing may be kept).
  virtual std::optional<std::uint64_t> changes() = 0;
  // The same without waiting: `done` is called with the count, at once or later from another
  // thread.
  virtual void changes_then(std::function<void(std::optional<std::uint64_t>)> done) = 0;
  // Applies pending migrations, each in its own transaction; returns the schema version.
  virtual int migrate() = 0;
};

// Opens the database that `location` names: a postgresql:// or postgres:// URL (libpq's
// connection URI), or else the path of an SQLite file, created if needed (WAL, foreign keys).
std::unique_ptr<Store> open_store(const std::string& location, int max_connections = 8);
// True when `location` names a PostgreSQL database rather than an SQLite file.
bool is_postgres_location(std::string_view location);

std::unique_ptr<Store> open_sqlite(const std::string& path, int max_connections = 8);
std::unique_ptr<Store> open_postgres(const std::string& url, int max_connections = 8);

}  // namespace relais::store
