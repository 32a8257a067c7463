// The PostgreSQL engine: the driver over libpq (statements prepared once per connection,
// text results), a pool of connections, write transactions decided by one advisory lock, and
// the card moves that go through COPY.
#include <libpq-fe.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <future>
#include <iterator>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

#include "core/error.hpp"
#include "store/sql/sql_store.hpp"

namespace relais::store {
namespace {

using sql::Connection;
using sql::Dialect;
using sql::Query;

// Every write transaction of every process holds this transaction-scoped advisory lock from
// its first statement to its end (docs/architecture.md, "Concurrency"). The number is
// arbitrary; it only has to be the same everywhere ("RELAIS" in ASCII).
constexpr long long kWriteLock = 0x52454c414953;

[[noreturn]] void fail_result(PGconn* conn, PGresult* res, std::string_view what) {
  const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  std::string message = res ? PQresultErrorMessage(res) : PQerrorMessage(conn);
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  std::string sqlstate = state ? state : "";
  if (res) PQclear(res);
  // Class 23: integrity constraint violation (unique, foreign key, check).
  if (sqlstate.rfind("23", 0) == 0) {
    throw Error(ErrorKind::kConflict, "constraint_violation", {message});
  }
  // Waited past lock_timeout (10 s, as SQLite's busy timeout) for another write: try again.
  if (sqlstate == "55P03") {
    throw Error(ErrorKind::kUnavailable, "database_busy").with_retry_after(2);
  }
  // Class 22: a value the database cannot take (bytes that are not UTF-8, say): the caller's.
  if (sqlstate.rfind("22", 0) == 0) {
    throw Error(ErrorKind::kBadRequest, "bad_parameter", {"value", message});
  }
  throw Error(ErrorKind::kInternal, "database_error", {std::string(what), message});
}

// "?" placeholders become "$1", "$2"...; quoted strings and identifiers are left alone.
std::string numbered_placeholders(const std::string& sql, int& count) {
  std::string out;
  out.reserve(sql.size() + 16);
  count = 0;
  char quote = 0;
  for (char c : sql) {
    if (quote) {
      if (c == quote) quote = 0;
      out += c;
    } else if (c == '\'' || c == '"') {
      quote = c;
      out += c;
    } else if (c == '?') {
      out += '$' + std::to_string(++count);
    } else {
      out += c;
    }
  }
  return out;
}

// The connection and what is on its wire. A read transaction's BEGIN is not sent on its own:
// it goes with the first statement, in one round trip (libpq's pipeline mode). A ROLLBACK is
// sent without waiting for its answer, which is read before the connection's next use. So a
// read of one statement costs one round trip, not three.
struct PgLink {
  PGconn* conn = nullptr;
  std::string deferred_begin;
  bool rollback_in_flight = false;

  // Reads the answer of a ROLLBACK sent earlier.
  void settle() {
    if (!rollback_in_flight) return;
    rollback_in_flight = false;
    bool ok = true;
    while (PGresult* r = PQgetResult(conn)) {
      ok = ok && PQresultStatus(r) == PGRES_COMMAND_OK;
      PQclear(r);
    }
    if (!ok) fail_result(conn, nullptr, "ROLLBACK");
  }

  void exec(const std::string& sql) {
    PGresult* res = PQexec(conn, sql.c_str());
    auto status = PQresultStatus(res);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) fail_result(conn, res, sql);
    PQclear(res);
  }

  // Before anything but a prepared statement: the pending BEGIN goes on its own.
  void ready() {
    settle();
    if (deferred_begin.empty()) return;
    std::string begin = std::move(deferred_begin);
    deferred_begin.clear();
    exec(begin);
  }

  PGresult* exec_prepared(const std::string& name, int n, const char* const* values,
                          const int* lengths, const int* formats) {
    settle();
    if (deferred_begin.empty()) {
      return PQexecPrepared(conn, name.c_str(), n, values, lengths, formats, 0);
    }
    std::string begin = std::move(deferred_begin);
    deferred_begin.clear();
    if (PQenterPipelineMode(conn) != 1) {
      exec(begin);
      return PQexecPrepared(conn, name.c_str(), n, values, lengths, formats, 0);
    }
    bool sent = PQsendQueryParams(conn, begin.c_str(), 0, nullptr, nullptr, nullptr, nullptr, 0) &&
                PQsendQueryPrepared(conn, name.c_str(), n, values, lengths, formats, 0) &&
                PQpipelineSync(conn);
    // Each query's results end with a null; the sync point has one result of its own.
    auto next_query = [&]() {
      PGresult* first = PQgetResult(conn);
      if (first) {
        while (PGresult* more = PQgetResult(conn)) PQclear(more);
      }
      return first;
    };
    PGresult* began = sent ? next_query() : nullptr;
    PGresult* res = sent ? next_query() : nullptr;
    PGresult* sync = sent ? PQgetResult(conn) : nullptr;
    if (sync) PQclear(sync);
    const bool left = PQexitPipelineMode(conn) == 1;
    if (!sent || !left || PQresultStatus(began) != PGRES_COMMAND_OK) {
      if (res) PQclear(res);
      fail_result(conn, began, begin);
    }
    PQclear(began);
    return res;
  }
};

class PgStatement final : public sql::Statement {
 public:
  PgStatement(PgLink* link, std::string name, int params)
      : link_(link),
        name_(std::move(name)),
        values_(params),
        null_(params, true),
        formats_(params, 0),
        pointers_(params),
        lengths_(params) {}
  ~PgStatement() override { clear(); }

  void bind_null(int i) override { null_.at(i - 1) = true; }
  void bind_i64(int i, std::int64_t v) override { set(i, std::to_string(v), 0); }
  void bind_text(int i, std::string_view v, bool) override {
    // libpq sends text parameters up to their first NUL: refuse rather than store less.
    if (v.find('\0') != std::string_view::npos) {
      throw Error(ErrorKind::kBadRequest, "bad_parameter", {"text", "NUL"});
    }
    set(i, std::string(v), 0);
  }
  void bind_blob(int i, std::string_view v, bool) override { set(i, std::string(v), 1); }

  bool step() override {
    if (!res_) run();
    return ++row_ < rows_;
  }

  void reset() override {
    clear();
    std::fill(null_.begin(), null_.end(), true);
  }

  std::int64_t changes() override {
    return res_ ? std::strtoll(PQcmdTuples(res_), nullptr, 10) : 0;
  }

  bool is_null(int c) override { return PQgetisnull(res_, row_, c) != 0; }
  std::int64_t i64(int c) override { return std::strtoll(PQgetvalue(res_, row_, c), nullptr, 10); }
  std::string text(int c) override {
    return std::string(PQgetvalue(res_, row_, c),
                       static_cast<std::size_t>(PQgetlength(res_, row_, c)));
  }
  std::string blob(int c) override {
    std::size_t length = 0;
    unsigned char* bytes = PQunescapeBytea(
        reinterpret_cast<const unsigned char*>(PQgetvalue(res_, row_, c)), &length);
    if (!bytes) throw Error(ErrorKind::kInternal, "database_error", {"bytea", "out of memory"});
    std::string out(reinterpret_cast<const char*>(bytes), length);
    PQfreemem(bytes);
    return out;
  }

 private:
  void set(int i, std::string value, int format) {
    values_.at(i - 1) = std::move(value);
    null_[i - 1] = false;
    formats_[i - 1] = format;
  }

  void run() {
    for (std::size_t i = 0; i < values_.size(); ++i) {
      pointers_[i] = null_[i] ? nullptr : values_[i].data();
      lengths_[i] = static_cast<int>(values_[i].size());
    }
    res_ = link_->exec_prepared(name_, static_cast<int>(values_.size()), pointers_.data(),
                                lengths_.data(), formats_.data());
    auto status = PQresultStatus(res_);
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
      PGresult* failed = res_;
      res_ = nullptr;
      fail_result(link_->conn, failed, name_);
    }
    rows_ = PQntuples(res_);
    row_ = -1;
  }

  void clear() {
    if (res_) PQclear(res_);
    res_ = nullptr;
    rows_ = 0;
    row_ = -1;
  }

  PgLink* link_;
  std::string name_;
  std::vector<std::string> values_;
  std::vector<bool> null_;
  std::vector<int> formats_;
  std::vector<const char*> pointers_;
  std::vector<int> lengths_;
  PGresult* res_ = nullptr;
  int rows_ = 0;
  int row_ = -1;
};

class PgConnection final : public Connection {
 public:
  explicit PgConnection(const std::string& url) {
    conn_ = link_.conn = PQconnectdb(url.c_str());
    if (PQstatus(conn_) != CONNECTION_OK) {
      std::string msg = PQerrorMessage(conn_);
      PQfinish(conn_);
      conn_ = link_.conn = nullptr;
      while (!msg.empty() && msg.back() == '\n') msg.pop_back();
      throw Error(ErrorKind::kInternal, "database_error", {"connect", msg});
    }
    // Notices ("relation already exists, skipping") are not errors: keep them off stderr.
    PQsetNoticeProcessor(conn_, [](void*, const char*) {}, nullptr);
    exec("SET client_encoding = 'UTF8'");
  }
  ~PgConnection() override {
    cache_.clear();
    if (conn_) PQfinish(conn_);
  }

  Dialect dialect() const override { return Dialect::kPostgres; }
  bool usable() const override { return PQstatus(conn_) == CONNECTION_OK; }

  sql::Statement& prepare(const std::string& sql) override {
    auto it = cache_.find(sql);
    if (it != cache_.end()) return *it->second;
    link_.settle();
    int params = 0;
    std::string text = numbered_placeholders(sql, params);
    std::string name = "s" + std::to_string(cache_.size() + 1);
    PGresult* res = PQprepare(conn_, name.c_str(), text.c_str(), params, nullptr);
    if (PQresultStatus(res) != PGRES_COMMAND_OK) fail_result(conn_, res, sql);
    PQclear(res);
    return *cache_.emplace(sql, std::make_unique<PgStatement>(&link_, name, params)).first->second;
  }

  void exec(const std::string& sql) override {
    link_.ready();
    link_.exec(sql);
  }

  void control(const std::string& sql) override {
    link_.settle();
    if (sql == "ROLLBACK" || sql == "COMMIT") {
      // A transaction that ran nothing has nothing to end.
      if (!link_.deferred_begin.empty()) {
        link_.deferred_begin.clear();
        return;
      }
      if (sql == "ROLLBACK") {
        if (PQsendQuery(conn_, "ROLLBACK") != 1) fail_result(conn_, nullptr, sql);
        link_.rollback_in_flight = true;
        return;
      }
    }
    link_.exec(sql);
  }

  // The BEGIN of a read transaction, sent with its first statement.
  void begin_with_first_statement(const std::string& sql) {
    link_.settle();
    link_.deferred_begin = sql;
  }

  // COPY `target` FROM STDIN with rows already in COPY's binary format; returns the rows
  // copied. A refused row fails the whole COPY (and the transaction, up to its savepoint).
  std::int64_t copy_in(const std::string& target, const std::string& rows) {
    link_.ready();
    const std::string what = "COPY " + target;
    PGresult* res = PQexec(conn_, (what + " FROM STDIN WITH (FORMAT binary)").c_str());
    if (PQresultStatus(res) != PGRES_COPY_IN) fail_result(conn_, res, what);
    PQclear(res);
    constexpr std::size_t kPiece = 1 << 20;
    for (std::size_t at = 0; at < rows.size(); at += kPiece) {
      std::size_t n = std::min(kPiece, rows.size() - at);
      if (PQputCopyData(conn_, rows.data() + at, static_cast<int>(n)) != 1) {
        fail_result(conn_, nullptr, what);
      }
    }
    if (PQputCopyEnd(conn_, nullptr) != 1) fail_result(conn_, nullptr, what);
    // Every result is read before a failure is told, so the connection is ready for the
    // ROLLBACK that follows.
    std::int64_t copied = 0;
    PGresult* failed = nullptr;
    while (PGresult* r = PQgetResult(conn_)) {
      if (PQresultStatus(r) != PGRES_COMMAND_OK && !failed) {
        failed = r;
        continue;
      }
      copied += std::strtoll(PQcmdTuples(r), nullptr, 10);
      PQclear(r);
    }
    if (failed) fail_result(conn_, failed, what);
    return copied;
  }

 private:
  PGconn* conn_ = nullptr;
  PgLink link_;
  std::unordered_map<std::string, std::unique_ptr<PgStatement>> cache_;
};

// Rows in COPY's binary format: fields go as they are (no escaping on this side, no parsing
// on the server's), each after its length; text and bytea are their bytes, BIGINT 8 bytes in
// network order.
class CopyRows {
 public:
  explicit CopyRows(std::int16_t fields, std::size_t row_bytes, std::size_t rows) : fields_(fields) {
    out_.reserve(19 + rows * row_bytes + 2);
    out_.append("PGCOPY\n\xff\r\n\0", 11);
    put(std::uint32_t{0});  // flags
    put(std::uint32_t{0});  // header extension
  }
  void row() { put(static_cast<std::uint16_t>(fields_)); }
  void text(std::string_view v) {
    put(static_cast<std::uint32_t>(v.size()));
    out_.append(v);
  }
  void text(const std::optional<std::string>& v) {
    if (v) {
      text(std::string_view(*v));
    } else {
      null();
    }
  }
  void i64(std::int64_t v) {
    put(std::uint32_t{8});
    put(static_cast<std::uint64_t>(v));
  }
  void i64(const std::optional<std::int64_t>& v) {
    if (v) {
      i64(*v);
    } else {
      null();
    }
  }
  void null() { put(std::uint32_t{0xffffffff}); }
  const std::string& finish() {
    put(std::uint16_t{0xffff});
    return out_;
  }

 private:
  template <typename U>
  void put(U v) {
    char bytes[sizeof(U)];
    for (std::size_t i = 0; i < sizeof(U); ++i) {
      bytes[i] = static_cast<char>(v >> (8 * (sizeof(U) - 1 - i)));
    }
    out_.append(bytes, sizeof(U));
  }
  std::int16_t fields_;
  std::string out_;
};

// Cards arrive and are reserved through COPY into a temporary table, then one set statement.
class PgCards final : public sql::SqlCards {
 public:
  PgCards(PgConnection& conn) : SqlCards(conn), pg_(conn) {}

  std::size_t bulk_rows() const override { return 32768; }
  bool bulk_in_background() const override { return true; }

  std::vector<RefusedCard> insert_sims(const std::vector<SimRecord>& cards) override {
    if (cards.empty()) return {};
    require_batches(cards);
    // A chunk goes straight into sims by COPY, under a savepoint. When a card is refused (its
    // ICCID or number already held), the chunk is rolled back and goes in again through a
    // staging table, so that the refusals are told as SQLite tells them: row by row, against
    // what was stored before each row.
    static const std::string kColumns =
        "iccid, msisdn, imsi, puk_sealed, batch_id, state, holder_id, updated_at";
    pg_.control("SAVEPOINT cards_chunk");
    try {
      pg_.copy_in("sims (" + kColumns + ")", card_rows(cards, false));
      pg_.control("RELEASE SAVEPOINT cards_chunk");
      return {};
    } catch (const Error& e) {
      if (e.kind() != ErrorKind::kConflict) throw;
    }
    pg_.control("ROLLBACK TO SAVEPOINT cards_chunk");
    pg_.control(
        "CREATE TEMP TABLE IF NOT EXISTS sims_staging (seq BIGINT NOT NULL, iccid TEXT NOT NULL, "
        "msisdn TEXT, imsi TEXT, puk_sealed BYTEA, batch_id BIGINT NOT NULL, "
        "state TEXT NOT NULL, holder_id BIGINT, updated_at TEXT NOT NULL) "
        "ON COMMIT DELETE ROWS");
    pg_.control("TRUNCATE sims_staging");
    pg_.copy_in("sims_staging", card_rows(cards, true));
    // Who held each ICCID and number before this chunk (earlier chunks of the same import
    // included: they are "in the file").
    std::unordered_map<std::size_t, std::pair<std::int64_t, std::int64_t>> held;  // 0: nobody
    {
      Query q(conn_,
              "SELECT st.seq, COALESCE(si.batch_id, 0), COALESCE(sm.batch_id, 0) "
              "FROM sims_staging st LEFT JOIN sims si ON si.iccid = st.iccid "
              "LEFT JOIN sims sm ON sm.msisdn = st.msisdn "
              "WHERE si.iccid IS NOT NULL OR sm.msisdn IS NOT NULL");
      while (q.step()) held[static_cast<std::size_t>(q.i64(0))] = {q.i64(1), q.i64(2)};
    }
    {
      Query q(conn_, "INSERT INTO sims (" + kColumns + ") SELECT " + kColumns +
                         " FROM sims_staging ORDER BY seq ON CONFLICT DO NOTHING");
      q.run();
    }
    pg_.control("RELEASE SAVEPOINT cards_chunk");
    // Then row by row, as the insert took them: a row is stored unless its ICCID, or else its
    // number, was held before the chunk or by a row stored before it in the chunk.
    std::vector<RefusedCard> refused;
    std::unordered_map<std::string, std::int64_t> iccids, numbers;  // stored in this chunk
    for (std::size_t i = 0; i < cards.size(); ++i) {
      const SimRecord& c = cards[i];
      auto before = held.find(i);
      const std::int64_t iccid_holder = before != held.end() ? before->second.first : 0;
      const std::int64_t number_holder = before != held.end() ? before->second.second : 0;
      auto in_chunk_iccid = iccids.find(c.iccid);
      auto in_chunk_number = c.msisdn.empty() ? numbers.end() : numbers.find(c.msisdn);
      if (iccid_holder || in_chunk_iccid != iccids.end()) {
        refused.push_back({i, RefusedCard::Why::kIccidTaken,
                           iccid_holder ? iccid_holder : in_chunk_iccid->second});
      } else if (number_holder || in_chunk_number != numbers.end()) {
        refused.push_back({i, RefusedCard::Why::kMsisdnTaken,
                           number_holder ? number_holder : in_chunk_number->second});
      } else {
        iccids.emplace(c.iccid, c.batch_id);
        if (!c.msisdn.empty()) numbers.emplace(c.msisdn, c.batch_id);
      }
    }
    return refused;
  }

  std::int64_t reserve_sims(const std::vector<Reservation>& cards, std::string_view at,
                            std::optional<std::int64_t> actor_user_id,
                            std::string_view actor) override {
    const SimTransition& reserve = *find_sim_transition("reserve");
    pg_.control(
        "CREATE TEMP TABLE IF NOT EXISTS reservations (seq BIGINT PRIMARY KEY, "
        "iccid TEXT NOT NULL, request_id BIGINT NOT NULL) ON COMMIT DELETE ROWS");
    pg_.control("TRUNCATE reservations");
    CopyRows rows(3, 48, cards.size());
    for (std::size_t i = 0; i < cards.size(); ++i) {
      rows.row();
      rows.i64(static_cast<std::int64_t>(i));
      rows.text(std::string_view(cards[i].iccid));
      rows.i64(cards[i].request_id);
    }
    pg_.copy_in("reservations", rows.finish());
    pg_.control("ANALYZE reservations");
    require_none(
        "SELECT COUNT(*) FROM reservations r WHERE NOT EXISTS "
        "(SELECT 1 FROM requests q WHERE q.id = r.request_id)",
        "sims.request_id");
    std::int64_t moved = 0;
    {
      Query q(conn_,
              "UPDATE sims s SET state = ?, updated_at = ?, packing_order_id = NULL, "
              "request_id = r.request_id FROM reservations r "
              "WHERE s.iccid = r.iccid AND s.state = ?");
      q.bind(sim_state_name(reserve.to)).bind(at).bind(sim_state_name(reserve.from.front()));
      q.run();
      moved = q.changes();
    }
    insert_reserve_events(at, actor_user_id, actor);
    return moved;
  }

 private:
  // The cards in COPY's binary format, in the columns of sims (after their rank in the
  // chunk, `seq`, for the staging table).
  static std::string card_rows(const std::vector<SimRecord>& cards, bool seq) {
    CopyRows rows(seq ? 9 : 8, 160, cards.size());
    for (std::size_t i = 0; i < cards.size(); ++i) {
      const SimRecord& r = cards[i];
      rows.row();
      if (seq) rows.i64(static_cast<std::int64_t>(i));
      rows.text(std::string_view(r.iccid));
      if (r.msisdn.empty()) {
        rows.text(std::optional<std::string>());  // given at activation
      } else {
        rows.text(std::string_view(r.msisdn));
      }
      rows.text(r.imsi);
      rows.text(r.puk_sealed);
      rows.i64(r.batch_id);
      rows.text(sim_state_name(r.state));
      rows.i64(r.holder_id);
      rows.text(std::string_view(r.updated_at));
    }
    return rows.finish();
  }

  // The cards' batches exist (sims has no per-row key check): one look per batch, most
  // often one for a whole import.
  void require_batches(const std::vector<SimRecord>& cards) {
    std::vector<std::int64_t> batches;
    for (const auto& c : cards) {
      if (std::find(batches.begin(), batches.end(), c.batch_id) == batches.end()) {
        batches.push_back(c.batch_id);
      }
    }
    for (std::int64_t id : batches) {
      Query q(conn_, "SELECT COUNT(*) FROM sim_batches WHERE id = ?");
      q.bind(id);
      if (q.step() && q.i64(0) == 0) {
        throw Error(ErrorKind::kConflict, "constraint_violation", {"sims.batch_id: missing"});
      }
    }
  }

  // The set check that stands for the foreign keys sims has not on PostgreSQL: `count_sql`
  // counts the rows whose reference is missing; any is a conflict, as a key would have said.
  void require_none(const std::string& count_sql, const char* reference) {
    Query q(conn_, count_sql);
    if (q.step() && q.i64(0) != 0) {
      throw Error(ErrorKind::kConflict, "constraint_violation",
                  {std::string(reference) + ": " + std::to_string(q.i64(0)) + " missing"});
    }
  }

  PgConnection& pg_;
};

// Each write transaction sends this notification as it commits; every server listens for it.
constexpr const char* kChangesChannel = "relais_changes";

// Counts the writes committed to the database by every server, from the notifications of
// kChangesChannel, on a connection and a thread of its own.
//
// current() is exact, not hopeful: it sends an empty query on the listening connection and
// waits for its answer. A committing server has signalled every listener before its COMMIT
// returns, and PostgreSQL hands a listener its pending notifications before it answers the
// next query; so the answer comes after the notification of every write committed before
// current() was called, and the count then includes them. Callers that wait at the same time
// share one round trip. While not listening (connecting, or the connection was lost), it
// knows nothing and says so.
class ChangeListener {
 public:
  explicit ChangeListener(std::string url)
      : url_(std::move(url)), wake_(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)),
        thread_([this](std::stop_token stop) { run(stop); }) {}
  ~ChangeListener() {
    thread_.request_stop();
    wake();
    thread_.join();
    close(wake_);
  }

  using Done = std::function<void(std::optional<std::uint64_t>)>;

  // Calls `done` with the count once a round trip sent after this call is answered (on the
  // listener's thread), or at once with nullopt when not listening.
  void current_then(Done done) {
    {
      std::lock_guard lock(mutex_);
      if (listening_) {
        waiting_.push_back({++wanted_, std::move(done)});
        // The listener only needs waking when it waits for nothing; else it sends the next
        // round trip as the current one ends.
        if (!in_flight_) wake();
        return;
      }
    }
    done(std::nullopt);
  }

  std::optional<std::uint64_t> current() {
    std::promise<std::optional<std::uint64_t>> known;
    auto answer = known.get_future();
    current_then([&known](std::optional<std::uint64_t> c) { known.set_value(c); });
    return answer.get();
  }

 private:
  void wake() {
    std::uint64_t one = 1;
    [[maybe_unused]] auto n = write(wake_, &one, sizeof one);
  }
  void drain_wake() {
    std::uint64_t n;
    [[maybe_unused]] auto r = read(wake_, &n, sizeof n);
  }

  void run(std::stop_token stop) {
    while (!stop.stop_requested()) {
      PGconn* conn = PQconnectdb(url_.c_str());
      PQsetNoticeProcessor(conn, [](void*, const char*) {}, nullptr);
      const std::string listen = std::string("LISTEN ") + kChangesChannel;
      PGresult* res = PQstatus(conn) == CONNECTION_OK ? PQexec(conn, listen.c_str()) : nullptr;
      const bool ok = res && PQresultStatus(res) == PGRES_COMMAND_OK;
      if (res) PQclear(res);
      if (ok) {
        {
          // What happened while nobody listened is unknown: the count moves on.
          std::lock_guard lock(mutex_);
          ++count_;
          listening_ = true;
        }
        listen_until_lost(conn, stop);
        std::vector<Waiting> left;
        {
          std::lock_guard lock(mutex_);
          listening_ = false;
          in_flight_ = 0;
          ++count_;
          left.swap(waiting_);
        }
        for (auto& w : left) w.done(std::nullopt);
      }
      PQfinish(conn);
      if (!stop.stop_requested()) {
        pollfd fd{wake_, POLLIN, 0};
        if (poll(&fd, 1, 1000) > 0) drain_wake();  // then connect again
      }
    }
  }

  // Only this thread changes in_flight_ (under the lock, which the callers read it under).
  void listen_until_lost(PGconn* conn, const std::stop_token& stop) {
    // A round trip unanswered for this long: the connection is taken as lost.
    constexpr auto kPatience = std::chrono::seconds(2);
    auto sent_at = std::chrono::steady_clock::now();
    while (!stop.stop_requested()) {
      {
        std::lock_guard lock(mutex_);
        if (!in_flight_ && wanted_ > synced_) {
          if (PQsendQuery(conn, "") != 1) return;
          in_flight_ = wanted_;
          sent_at = std::chrono::steady_clock::now();
        }
      }
      pollfd fds[2] = {{PQsocket(conn), POLLIN, 0}, {wake_, POLLIN, 0}};
      if (poll(fds, 2, 500) < 0 && errno != EINTR) return;
      if (fds[1].revents & POLLIN) drain_wake();
      if (stop.stop_requested() || !PQconsumeInput(conn) || PQstatus(conn) != CONNECTION_OK) {
        return;
      }
      // Parsing what came in puts its notifications in the list before the query's answer.
      const bool busy = PQisBusy(conn);
      bool heard = false;
      while (PGnotify* n = PQnotifies(conn)) {
        heard = true;
        PQfreemem(n);
      }
      const bool answered_now = in_flight_ && !busy;
      if (answered_now) {
        while (PGresult* r = PQgetResult(conn)) PQclear(r);
      } else if (in_flight_ && std::chrono::steady_clock::now() - sent_at > kPatience) {
        return;
      }
      std::vector<Waiting> answered;
      std::uint64_t count = 0;
      if (heard || answered_now) {
        std::lock_guard lock(mutex_);
        if (heard) ++count_;
        if (answered_now) {
          // The callers who asked before this round trip was sent (their tickets are the
          // first ones: tickets grow in the order of the list).
          auto end = std::find_if(waiting_.begin(), waiting_.end(),
                                  [&](const Waiting& w) { return w.ticket > in_flight_; });
          answered.assign(std::make_move_iterator(waiting_.begin()), std::make_move_iterator(end));
          waiting_.erase(waiting_.begin(), end);
          synced_ = in_flight_;
          in_flight_ = 0;
        }
        count = count_;
      }
      for (auto& w : answered) w.done(count);
    }
  }

  struct Waiting {
    std::uint64_t ticket;
    Done done;
  };

  std::string url_;
  int wake_;
  std::mutex mutex_;
  std::vector<Waiting> waiting_;  // in the order of their tickets
  bool listening_ = false;
  std::uint64_t count_ = 0;
  std::uint64_t wanted_ = 0;  // tickets handed to callers of current()
  std::uint64_t synced_ = 0;  // tickets answered
  std::uint64_t in_flight_ = 0;  // the ticket the empty query on the wire answers, or 0
  std::jthread thread_;
};

class PgStore final : public sql::SqlStore {
 public:
  PgStore(const std::string& url, int max_connections)
      : SqlStore([url] { return std::make_unique<PgConnection>(url); }, max_connections),
        url_(url) {
    check_connection();
  }

  std::string_view kind() const override { return "postgresql"; }
  bool shared() const override { return true; }

  std::optional<std::uint64_t> changes() override {
    return listener().current();
  }
  void changes_then(std::function<void(std::optional<std::uint64_t>)> done) override {
    listener().current_then(std::move(done));
  }

  // A write tells every server as it commits.
  void commit(Connection& conn, Mode mode) override {
    static const std::string kNotifyAndCommit =
        std::string("NOTIFY ") + kChangesChannel + "; COMMIT";
    if (mode == Mode::kWrite) {
      conn.control(kNotifyAndCommit);
    } else {
      SqlStore::commit(conn, mode);
    }
  }

  // Writes: READ COMMITTED, and the advisory lock taken before anything is read, so that
  // every write transaction of every server sees all the writes committed before it and none
  // runs beside it (the same order SQLite's write lock gives). Reads: one snapshot for the
  // whole transaction, never waiting for a writer.
  void begin_transaction(Connection& conn, Mode mode) override {
    if (mode == Mode::kWrite) {
      static const std::string kBegin =
          "BEGIN ISOLATION LEVEL READ COMMITTED; SET LOCAL lock_timeout = '10s'; "
          "SELECT pg_advisory_xact_lock(" + std::to_string(kWriteLock) + ")";
      conn.control(kBegin);
    } else {
      static const std::string kBegin = "BEGIN ISOLATION LEVEL REPEATABLE READ";
      static_cast<PgConnection&>(conn).begin_with_first_statement(kBegin);
    }
  }

  std::unique_ptr<sql::SqlCards> make_cards(Connection& conn) override {
    return std::make_unique<PgCards>(static_cast<PgConnection&>(conn));
  }

  const std::vector<Migration>& migrations() const override { return postgresql_migrations(); }

  std::string migrations_table_sql() const override {
    return "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, "
           "name TEXT NOT NULL, applied_at TEXT NOT NULL DEFAULT "
           "to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'))";
  }

 private:
  // The listener starts with the first question, so that a command that never asks (import,
  // migrate...) opens no connection for it.
  ChangeListener& listener() {
    std::call_once(listener_started_, [this] { listener_ = std::make_unique<ChangeListener>(url_); });
    return *listener_;
  }

  std::string url_;
  std::once_flag listener_started_;
  std::unique_ptr<ChangeListener> listener_;
};

}  // namespace

std::unique_ptr<Store> open_postgres(const std::string& url, int max_connections) {
  return std::make_unique<PgStore>(url, max_connections);
}

}  // namespace relais::store
