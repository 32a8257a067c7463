// The persistence interface of Relais. `app` sees only this header; `sqlite/` implements it
// today and a PostgreSQL twin will implement the same. Every method runs inside the
// Transaction it is called on.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
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
  std::optional<std::int64_t> request_id;        // the request it was set aside for
  std::optional<std::int64_t> packing_order_id;  // the parcel it goes in
  std::int64_t plan_id = 0;
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

struct ProgrammeRecord {
  std::int64_t id = 0;
  std::string code;
  std::string name;
  std::int64_t plan_id = 0;
  std::string plan_code;  // filled on reads
  std::string created_at;
};

// A need and how many people behind a request have it.
using NeedCounts = std::vector<std::pair<std::string, std::int64_t>>;

struct RequestRecord {
  std::int64_t id = 0;
  std::int64_t programme_id = 0;
  std::int64_t structure_id = 0;
  std::int64_t quantity = 0;
  NeedCounts needs;
  std::vector<std::string> leaflet_languages;
  std::string comment;
  std::string state;
  std::optional<std::int64_t> approved_quantity;
  std::optional<std::int64_t> allocated;
  std::optional<std::string> decision_reason;
  std::string created_by;
  std::string created_at;
  std::optional<std::string> submitted_at;
  std::string updated_at;
  // Filled on reads:
  std::string programme_code;
  std::int64_t plan_id = 0;
  std::string structure_name;
  std::optional<std::string> department;
  std::optional<int> capacity;
};

struct RequestQuery {
  std::optional<std::string> state;
  std::vector<std::string> any_state;  // scope: when not empty, only these states
  std::optional<std::int64_t> structure_id;
  std::optional<std::int64_t> programme_id;
  std::optional<std::string> department;
  // Approved (wholly or partly) requests the allocation has not served yet.
  bool unallocated_only = false;
  bool submitted_only = false;  // leave out drafts cancelled before they were ever submitted
  int limit = 50;
  std::optional<Cursor> after;  // key: id
};

struct RequestEventRecord {
  std::int64_t id = 0;
  std::int64_t request_id = 0;
  std::string at;
  std::string actor;
  std::string transition;
  std::string from_state;
  std::string to_state;
  std::string reason;
};

struct ReferralRecord {
  std::int64_t id = 0;
  std::string pseudonym;
  std::int64_t association_id = 0;
  std::int64_t structure_id = 0;
  int adults = 1;
  int children = 0;
  std::vector<std::string> languages;
  std::vector<std::string> needs;
  std::optional<std::string> note_sealed;  // bytes
  std::string status;
  std::optional<std::int64_t> request_id;
  std::string created_by;
  std::string created_at;
  std::string updated_at;
  // Filled on reads:
  std::string association_name;
  std::string structure_name;
};

struct ReferralQuery {
  std::optional<std::int64_t> association_id;
  std::optional<std::int64_t> structure_id;
  std::optional<std::string> status;
  int limit = 50;
  std::optional<Cursor> after;  // key: id
};

// A card that the allocation sets aside for a request.
struct Reservation {
  std::string iccid;
  std::int64_t batch_id = 0;
  std::int64_t request_id = 0;
  std::int64_t row = 0;  // the store's own key for the card, when it has one (faster updates)
};

struct PackingOrderRecord {
  std::int64_t id = 0;
  std::int64_t structure_id = 0;
  std::int64_t logistics_id = 0;
  std::vector<std::string> leaflet_languages;
  std::string state;
  std::string delivery_token;
  std::string created_at;
  std::optional<std::string> packed_at;
  std::string updated_at;
  std::optional<std::int64_t> shipment_id;
  std::optional<std::string> delivered_at;
  std::optional<std::string> delivered_by;
  // Filled on reads:
  Organisation structure;  // name and address for the documents
  std::string logistics_name;
  std::int64_t total = 0;   // cards in the order (defective ones replaced are no longer in it)
  std::int64_t packed = 0;  // of which packed
};

struct PackingOrderQuery {
  std::optional<std::int64_t> logistics_id;
  std::optional<std::int64_t> structure_id;
  std::optional<std::int64_t> shipment_id;
  std::optional<std::string> state;
  int limit = 50;
  std::optional<Cursor> after;  // key: id
};

// Reserved cards not in a packing order yet, per structure, with the leaflet languages its
// requests asked for.
struct UnpackedDemand {
  std::int64_t structure_id = 0;
  std::int64_t cards = 0;
  std::vector<std::string> leaflet_languages;
};

struct PackingScanRecord {
  std::int64_t packing_order_id = 0;
  std::string scanned;
  std::optional<std::string> iccid;
  std::string outcome;
  std::string actor;
  std::string at;
};

struct CarrierRecord {
  std::string code;
  std::string name;
  std::string tracking_url;  // with "{tracking}"
};

struct ShipmentRecord {
  std::int64_t id = 0;
  std::string carrier;
  std::string tracking_number;
  std::int64_t logistics_id = 0;
  std::string state;
  std::string created_by;
  std::string created_at;
  std::optional<std::string> shipped_at;
  std::optional<std::string> closed_at;
  std::string updated_at;
  // Filled on reads:
  std::string carrier_name;
  std::string carrier_tracking_url;
  std::string logistics_name;
};

struct ShipmentQuery {
  std::optional<std::int64_t> logistics_id;
  std::optional<std::int64_t> structure_id;  // shipments carrying a parcel for it
  std::optional<std::string> state;
  int limit = 50;
  std::optional<Cursor> after;  // key: id
};

struct IncidentRecord {
  std::int64_t id = 0;
  std::string kind;  // missing_sim, unexpected_sim
  std::string iccid;
  std::int64_t packing_order_id = 0;
  std::int64_t structure_id = 0;
  std::string state;  // open, resolved
  std::optional<std::string> resolution;
  std::string note;
  std::string created_by;
  std::string created_at;
  std::optional<std::string> resolved_by;
  std::optional<std::string> resolved_at;
  // Filled on reads:
  std::string structure_name;
};

struct IncidentQuery {
  std::optional<std::string> state;
  std::optional<std::int64_t> structure_id;
  std::optional<std::int64_t> packing_order_id;
  int limit = 50;
  std::optional<Cursor> after;  // key: id
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

  virtual std::int64_t insert_programme(const ProgrammeRecord& programme) = 0;
  virtual std::vector<ProgrammeRecord> programmes() = 0;
  virtual std::optional<ProgrammeRecord> programme_by_code(std::string_view code) = 0;

  virtual std::int64_t insert_request(const RequestRecord& request) = 0;
  // Writes every field but the id, the programme, the structure and created_*.
  virtual void update_request(const RequestRecord& request) = 0;
  virtual std::optional<RequestRecord> request(std::int64_t id) = 0;
  virtual Page<RequestRecord> requests(const RequestQuery& query) = 0;
  virtual void insert_request_event(const RequestEventRecord& event) = 0;
  virtual std::vector<RequestEventRecord> request_events(std::int64_t request_id) = 0;
  // Cards a structure holds and has not handed over yet.
  virtual std::int64_t cards_held_by(std::int64_t structure_id) = 0;
  // Cards on their way to a structure (reserved, packed or in transit for its requests) plus
  // what its requests waiting for the allocation ask for (approved part, or all of it),
  // leaving out request `except`.
  virtual std::int64_t cards_coming_to(std::int64_t structure_id, std::int64_t except) = 0;

  virtual std::int64_t insert_referral(const ReferralRecord& referral) = 0;
  // Writes the status, the request and updated_at.
  virtual void update_referral_status(const ReferralRecord& referral) = 0;
  virtual std::optional<ReferralRecord> referral(std::int64_t id) = 0;
  virtual bool pseudonym_taken(std::string_view pseudonym) = 0;
  // Erases the notes of referrals served or closed before `before`; returns how many.
  virtual std::int64_t erase_referral_notes(std::string_view before) = 0;
  virtual Page<ReferralRecord> referrals(const ReferralQuery& query) = 0;
  // The referrals linked to a request (any status), oldest first.
  virtual std::vector<ReferralRecord> referrals_of_request(std::int64_t request_id) = 0;

  // Reception places per department: the sum of its structures' capacities.
  virtual std::vector<std::pair<std::string, std::int64_t>> department_capacities() = 0;
  // Per state: requests, cards they ask for, cards allocated to them. Referrals per status.
  virtual std::vector<std::tuple<std::string, std::int64_t, std::int64_t, std::int64_t>>
  request_counts() = 0;
  virtual std::vector<std::pair<std::string, std::int64_t>> referral_counts() = 0;

  // Cards in stock per plan, from the counters.
  virtual std::vector<std::pair<std::int64_t, std::int64_t>> in_stock_by_plan() = 0;
  // Up to `limit` cards in stock of a plan, oldest batch first, then by ICCID.
  virtual std::vector<Reservation> in_stock_cards(std::int64_t plan_id, std::int64_t limit) = 0;
  // in_stock -> reserved for each card's request, with one "reserve" event per card (reason
  // "#<request id>"), in set operations: the allocation reserves up to millions at once.
  // Returns how many were reserved: fewer than given when some were no longer in stock.
  virtual std::int64_t reserve_sims(const std::vector<Reservation>& cards, std::string_view at,
                                    std::optional<std::int64_t> actor_user_id,
                                    std::string_view actor) = 0;
  // The cards reserved for a request (still reserved, not yet packed).
  virtual std::vector<Reservation> reserved_for(std::int64_t request_id) = 0;
  // How many cards of a request are in `state`.
  virtual std::int64_t count_cards_of_request(std::int64_t request_id, std::string_view state) = 0;
  // reserved -> in_stock, no longer set aside for any request.
  virtual void release_sim(std::string_view iccid, std::string_view at) = 0;

  virtual std::vector<UnpackedDemand> unpacked_demand() = 0;
  virtual std::int64_t insert_packing_order(const PackingOrderRecord& order) = 0;
  // Writes the state, packed_at and updated_at.
  virtual void update_packing_order(const PackingOrderRecord& order) = 0;
  virtual std::optional<PackingOrderRecord> packing_order(std::int64_t id) = 0;
  virtual Page<PackingOrderRecord> packing_orders(const PackingOrderQuery& query) = 0;
  // Puts the structure's reserved cards that are in no order into `order_id`; returns how many.
  virtual std::int64_t assign_cards_to_order(std::int64_t structure_id, std::int64_t order_id) = 0;
  virtual std::vector<SimRecord> cards_of_order(std::int64_t order_id) = 0;
  // Sets (or clears) the request and the packing order of a card.
  virtual void set_card_destination(std::string_view iccid, std::optional<std::int64_t> request_id,
                                    std::optional<std::int64_t> packing_order_id) = 0;
  virtual void insert_packing_scan(const PackingScanRecord& scan) = 0;
  virtual std::optional<PackingOrderRecord> packing_order_by_token(std::string_view token) = 0;
  virtual void set_order_shipment(std::int64_t order_id, std::optional<std::int64_t> shipment) = 0;
  virtual void set_order_delivered(std::int64_t order_id, std::string_view at,
                                   std::string_view by) = 0;

  virtual std::vector<CarrierRecord> carriers() = 0;
  virtual void put_carrier(const CarrierRecord& carrier) = 0;
  virtual std::int64_t insert_shipment(const ShipmentRecord& shipment) = 0;
  // Writes the state, shipped_at, closed_at and updated_at.
  virtual void update_shipment(const ShipmentRecord& shipment) = 0;
  virtual std::optional<ShipmentRecord> shipment(std::int64_t id) = 0;
  virtual Page<ShipmentRecord> shipments(const ShipmentQuery& query) = 0;

  virtual std::int64_t insert_incident(const IncidentRecord& incident) = 0;
  // Writes the state, resolution, note, resolved_by and resolved_at.
  virtual void update_incident(const IncidentRecord& incident) = 0;
  virtual std::optional<IncidentRecord> incident(std::int64_t id) = 0;
  virtual Page<IncidentRecord> incidents(const IncidentQuery& query) = 0;
  // Requests with cards allocated, approved (wholly or in part), none of whose cards is still
  // reserved, packed, in transit or returned, and some delivered: the requests a delivery has
  // just served (cards lost on the way do not hold them back; a parcel sent back does).
  virtual std::vector<std::int64_t> requests_all_delivered(std::int64_t structure_id) = 0;

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
