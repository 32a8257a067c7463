// The persistence interface of Relais. `app` sees only this header; `sqlite/` implements it
// today and a PostgreSQL twin will implement the same. Every method runs inside the
// Transaction it is called on.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/audit_chain.hpp"
#include "core/cursor.hpp"
#include "core/organisation.hpp"
#include "core/role.hpp"

namespace relais::store {

template <typename T>
struct Page {
  std::vector<T> items;
  std::optional<Cursor> next;  // set when more rows follow
  std::int64_t total = 0;      // rows matching the filters, all pages
};

struct OrganisationQuery {
  std::optional<Role> kind;
  std::optional<std::string> department;
  std::optional<std::string> text;  // fragment of name or commune, case-insensitive
  // Scope: when set, only this organisation, plus structures if with_structures.
  std::optional<std::int64_t> own_organisation;
  bool with_structures = false;
  int limit = 50;
  std::optional<Cursor> after;
};

struct UserRecord {
  std::int64_t id = 0;
  std::int64_t organisation_id = 0;
  std::string organisation_name;  // filled on reads
  std::string email;
  std::string name;
  Role role = Role::kStructure;
  std::string password_hash;
  std::string created_at;
};

struct SessionRecord {
  std::int64_t id = 0;
  std::string token_hash;
  std::int64_t user_id = 0;
  std::string csrf_token;
  std::string created_at;
  std::string expires_at;
  std::optional<std::string> revoked_at;
};

struct ApiTokenRecord {
  std::int64_t id = 0;
  std::string token_hash;
  std::int64_t user_id = 0;
  std::string name;
  std::string created_at;
  std::optional<std::string> revoked_at;
};

struct LoginFailures {
  std::string email;
  int failures = 0;
  std::string last_failure_at;
  std::optional<std::string> locked_until;
};

struct OperatorProfile {
  std::int64_t organisation_id = 0;
  std::vector<std::string> iccid_prefixes;        // "893310"
  std::vector<std::string> mobile_network_codes;  // "10", under MCC 208
};

struct PlanRecord {
  std::int64_t id = 0;
  std::int64_t operator_id = 0;
  std::string code;
  std::string name;
  int data_gb = 0;
  int validity_days = 0;
  bool calls_sms_included = false;
  int unit_cost_cents = 0;
  bool rechargeable = false;
  std::string created_at;
};

struct BatchRecord {
  std::int64_t id = 0;
  std::int64_t operator_id = 0;
  std::string operator_code;  // filled on reads
  std::int64_t plan_id = 0;
  std::string plan_code;  // filled on reads
  std::string reference;
  std::string file_sha256;
  std::int64_t quantity = 0;
  std::string received_at;
  std::string received_by;
};

struct SimRecord {
  std::string iccid;
  std::string msisdn;
  std::optional<std::string> imsi;
  std::optional<std::string> puk_sealed;  // bytes
  std::int64_t batch_id = 0;
  std::string state;
  std::optional<std::int64_t> holder_id;
  std::string updated_at;
  // Filled on reads:
  std::int64_t operator_id = 0;
  std::string plan_code;
  std::string holder_name;
  std::optional<long long> data_used_mb;
  std::optional<std::string> reported_at;
};

struct SimQuery {
  std::optional<std::string> iccid_fragment;   // the card matches one of the two fragments
  std::optional<std::string> msisdn_fragment;
  std::optional<std::string> state;
  std::optional<std::int64_t> plan_id;
  std::optional<std::int64_t> batch_id;
  std::optional<std::int64_t> holder_id;
  std::optional<std::int64_t> operator_id;  // scope of an operator's users
  int limit = 50;
  std::optional<Cursor> after;  // key: ICCID
};

struct SimEventRecord {
  std::int64_t id = 0;
  std::string iccid;
  std::string at;
  std::optional<std::int64_t> actor_user_id;
  std::string actor;
  std::string transition;
  std::string from_state;
  std::string to_state;
  std::string reason;
};

struct StateCount {
  std::int64_t batch_id = 0;
  std::string state;
  std::int64_t count = 0;
};

enum class Mode { kRead, kWrite };

// A unit of work on one connection. Destroyed without commit(), it rolls back.
class Transaction {
 public:
  virtual ~Transaction() = default;
  virtual void commit() = 0;

  virtual int schema_version() = 0;
  virtual bool holds_data() = 0;  // any organisation, user or audit event
  virtual std::optional<std::string> setting(std::string_view key) = 0;
  virtual void put_setting(std::string_view key, std::string_view value) = 0;

  virtual std::int64_t insert_organisation(const Organisation& org) = 0;
  virtual void update_organisation(const Organisation& org) = 0;
  virtual std::optional<Organisation> organisation(std::int64_t id) = 0;
  virtual Page<Organisation> organisations(const OrganisationQuery& query) = 0;
  // The id of another organisation with this name and commune, if any.
  virtual std::optional<std::int64_t> organisation_named(
      std::string_view name, const std::optional<std::string>& commune) = 0;

  // The id of the organisation with this code (operator codes are unique), if any.
  virtual std::optional<std::int64_t> organisation_with_code(std::string_view code) = 0;

  virtual std::int64_t insert_user(const UserRecord& user) = 0;
  virtual std::optional<UserRecord> user(std::int64_t id) = 0;
  virtual std::optional<UserRecord> user_by_email(std::string_view email) = 0;
  virtual Page<UserRecord> users(int limit, const std::optional<Cursor>& after) = 0;
  virtual std::int64_t count_users_of(std::int64_t organisation_id) = 0;

  virtual std::int64_t insert_session(const SessionRecord& session) = 0;
  // The session and its user in one read: every authenticated request asks for it.
  virtual std::optional<std::pair<SessionRecord, UserRecord>> session_with_user(
      std::string_view token_hash) = 0;
  virtual void revoke_session(std::int64_t id, std::string_view at) = 0;
  virtual void delete_sessions_expired_before(std::string_view at) = 0;

  virtual std::int64_t insert_api_token(const ApiTokenRecord& token) = 0;
  virtual std::optional<ApiTokenRecord> api_token_by_hash(std::string_view token_hash) = 0;

  virtual std::optional<LoginFailures> login_failures(std::string_view email) = 0;
  virtual void put_login_failures(const LoginFailures& failures) = 0;
  virtual void clear_login_failures(std::string_view email) = 0;

  virtual void put_operator_profile(const OperatorProfile& profile) = 0;
  virtual std::optional<OperatorProfile> operator_profile(std::int64_t organisation_id) = 0;
  virtual std::optional<Organisation> organisation_by_code(std::string_view code) = 0;

  virtual std::int64_t insert_plan(const PlanRecord& plan) = 0;
  virtual std::optional<PlanRecord> plan_by_code(std::int64_t operator_id,
                                                 std::string_view code) = 0;
  virtual std::vector<PlanRecord> plans() = 0;

  virtual std::int64_t insert_batch(const BatchRecord& batch) = 0;
  virtual void set_batch_quantity(std::int64_t batch_id, std::int64_t quantity) = 0;
  virtual std::optional<BatchRecord> batch(std::int64_t id) = 0;
  virtual std::optional<BatchRecord> batch_by_sha256(std::string_view sha256) = 0;
  virtual std::vector<BatchRecord> batches() = 0;

  // False when the ICCID or the MSISDN is already stored (nothing is written then).
  virtual bool insert_sim(const SimRecord& sim) = 0;
  // The batch that holds a card with this ICCID, or with this MSISDN.
  virtual std::optional<std::int64_t> batch_of_iccid(std::string_view iccid) = 0;
  virtual std::optional<std::int64_t> batch_of_msisdn(std::string_view msisdn) = 0;
  virtual std::optional<SimRecord> sim(std::string_view iccid) = 0;
  virtual bool holds_sealed_puks() = 0;
  virtual Page<SimRecord> sims(const SimQuery& query) = 0;
  virtual void update_sim_state(std::string_view iccid, std::string_view state,
                                std::optional<std::int64_t> holder_id, std::string_view at) = 0;
  virtual void set_sim_usage(std::string_view iccid, std::optional<long long> data_used_mb,
                             std::string_view reported_at) = 0;
  virtual void insert_sim_event(const SimEventRecord& event) = 0;
  virtual std::vector<SimEventRecord> sim_events(std::string_view iccid) = 0;
  virtual void add_state_count(std::int64_t batch_id, std::string_view state,
                               std::int64_t delta) = 0;
  virtual std::vector<StateCount> state_counts() = 0;
  // The same counted from the cards themselves (slow on a large stock): to check the counters.
  virtual std::vector<StateCount> counted_states() = 0;

  virtual std::optional<AuditEvent> last_audit_event() = 0;
  // The hash at the head of the audit log ("" when empty): it changes with every audited write.
  virtual std::string data_version() = 0;
  virtual void insert_audit_event(const AuditEvent& event) = 0;  // with its id already set
  virtual std::vector<AuditEvent> audit_events(std::int64_t after_id, int limit) = 0;
};

class Store {
 public:
  virtual ~Store() = default;
  // Waits for a free connection. A write transaction takes the database's write lock at once.
  virtual std::unique_ptr<Transaction> begin(Mode mode) = 0;
  virtual std::string_view kind() const = 0;  // "sqlite" or "postgresql"
  // Applies pending migrations, each in its own transaction; returns the schema version.
  virtual int migrate() = 0;
};

// Opens (creating if needed) an SQLite database file in WAL mode with foreign keys on.
std::unique_ptr<Store> open_sqlite(const std::string& path, int max_connections = 8);

}  // namespace relais::store
