// The small driver interface the store's SQL is written against, once for both engines:
// a connection that prepares and caches statements written with "?" placeholders, and a
// statement that binds by position and steps through rows. sqlite/ and postgres/ implement it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace relais::store::sql {

enum class Dialect { kSqlite, kPostgres };

// A prepared statement, owned and cached by its connection. Parameters are 1-based, columns
// 0-based. The statement runs at the first step(); reset() makes it ready to bind again.
class Statement {
 public:
  virtual ~Statement() = default;
  virtual void bind_null(int index) = 0;
  virtual void bind_i64(int index, std::int64_t value) = 0;
  // `stable`: the bytes outlive the statement's run, so they need not be copied.
  virtual void bind_text(int index, std::string_view value, bool stable) = 0;
  // `stable`: the bytes outlive the statement's next step (the engine may then not copy them).
  virtual void bind_blob(int index, std::string_view value, bool stable) = 0;
  virtual bool step() = 0;
  virtual void reset() = 0;
  virtual std::int64_t changes() = 0;  // rows the last run inserted, updated or deleted
  virtual bool is_null(int column) = 0;
  virtual std::int64_t i64(int column) = 0;
  virtual std::string text(int column) = 0;
  virtual std::string blob(int column) = 0;
};

class Connection {
 public:
  virtual ~Connection() = default;
  virtual Dialect dialect() const = 0;
  // Prepared once per connection and SQL text, then reused.
  virtual Statement& prepare(const std::string& sql) = 0;
  // Runs SQL without parameters or results (one or several statements: a migration).
  virtual void exec(const std::string& sql) = 0;
  // Runs one transaction control statement (BEGIN..., COMMIT, ROLLBACK), as fast as it can.
  virtual void control(const std::string& sql) = 0;
  // False when the link to the database is lost (a server restarted): the pool opens another.
  virtual bool usable() const { return true; }
};

// One run of a statement: bind in order, then step through the rows; reset when it goes.
class Query {
 public:
  Query(Connection& conn, const std::string& sql) : stmt_(conn.prepare(sql)) {}
  ~Query() { stmt_.reset(); }
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;

  Query& bind(std::int64_t v) {
    stmt_.bind_i64(++index_, v);
    return *this;
  }
  Query& bind(int v) { return bind(static_cast<std::int64_t>(v)); }
  Query& bind(std::string_view v) {
    stmt_.bind_text(++index_, v, false);
    return *this;
  }
  Query& bind(const std::string& v) { return bind(std::string_view(v)); }
  Query& bind(const char* v) { return bind(std::string_view(v)); }
  template <typename T>
  Query& bind(const std::optional<T>& v) {
    if (v) return bind(*v);
    stmt_.bind_null(++index_);
    return *this;
  }
  // For values that outlive the statement's run: no copy where the engine allows it.
  Query& bind_static(const std::string& v) {
    stmt_.bind_text(++index_, v, true);
    return *this;
  }
  Query& bind_static(const std::optional<std::string>& v) {
    if (v) return bind_static(*v);
    stmt_.bind_null(++index_);
    return *this;
  }
  // A view of storage that lives as long as the program (a state's name).
  Query& bind_constant(std::string_view v) {
    stmt_.bind_text(++index_, v, true);
    return *this;
  }
  // `stable`: `v` outlives the statement's step (a bulk insert's rows), bound without a copy.
  Query& bind_blob(const std::optional<std::string>& v, bool stable = false) {
    if (v) {
      stmt_.bind_blob(++index_, *v, stable);
    } else {
      stmt_.bind_null(++index_);
    }
    return *this;
  }

  bool step() { return stmt_.step(); }
  // Ready to bind and run again (a statement run once per row of a bulk write).
  void again() {
    stmt_.reset();
    index_ = 0;
  }
  void run() {
    while (step()) {
    }
  }
  std::int64_t changes() { return stmt_.changes(); }

  bool null(int col) { return stmt_.is_null(col); }
  std::int64_t i64(int col) { return stmt_.i64(col); }
  std::string text(int col) { return stmt_.text(col); }
  std::optional<std::string> opt_text(int col) {
    return null(col) ? std::nullopt : std::optional<std::string>(text(col));
  }
  std::optional<std::string> opt_blob(int col) {
    return null(col) ? std::nullopt : std::optional<std::string>(stmt_.blob(col));
  }
  std::optional<std::int64_t> opt_i64(int col) {
    return null(col) ? std::nullopt : std::optional<std::int64_t>(i64(col));
  }

 private:
  Statement& stmt_;
  int index_ = 0;
};

// Runs an INSERT ... RETURNING id and gives the id.
inline std::int64_t returning_id(Query& q) {
  q.step();
  std::int64_t id = q.i64(0);
  q.run();
  return id;
}

}  // namespace relais::store::sql
