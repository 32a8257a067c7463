// Operators' profiles, plans and batches.
#include "store/sql/parts.hpp"
#include "store/sql/rows.hpp"

namespace relais::store::sql {
namespace {

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

class SqlOperators final : public Operators {
 public:
  explicit SqlOperators(Connection& conn) : conn_(conn) {}

  void put_operator_profile(const OperatorProfile& p) override {
    Query q(conn_,
            "INSERT INTO operator_profiles (organisation_id, iccid_prefixes, mobile_network_codes, "
            "apn) VALUES (?, ?, ?, ?) ON CONFLICT (organisation_id) DO UPDATE SET "
            "iccid_prefixes = excluded.iccid_prefixes, "
            "mobile_network_codes = excluded.mobile_network_codes, apn = excluded.apn");
    q.bind(p.organisation_id).bind(join_words(p.iccid_prefixes));
    q.bind(join_words(p.mobile_network_codes)).bind(p.apn).run();
  }

  std::optional<OperatorProfile> operator_profile(std::int64_t organisation_id) override {
    Query q(conn_,
            "SELECT organisation_id, iccid_prefixes, mobile_network_codes, apn "
            "FROM operator_profiles WHERE organisation_id = ?");
    q.bind(organisation_id);
    if (!q.step()) return std::nullopt;
    return OperatorProfile{q.i64(0), split_words(q.text(1)), split_words(q.text(2)), q.opt_text(3)};
  }

  std::int64_t insert_plan(const PlanRecord& p) override {
    Query q(conn_,
            "INSERT INTO plans (operator_id, code, name, data_gb, validity_days, "
            "calls_sms_included, unit_cost_cents, rechargeable, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    q.bind(p.operator_id).bind(p.code).bind(p.name).bind(p.data_gb).bind(p.validity_days);
    q.bind(p.calls_sms_included ? 1 : 0).bind(p.unit_cost_cents).bind(p.rechargeable ? 1 : 0);
    q.bind(p.created_at);
    return returning_id(q);
  }

  std::optional<PlanRecord> plan_by_code(std::int64_t operator_id, std::string_view code) override {
    Query q(conn_, std::string("SELECT ") + kPlanColumns +
                       " FROM plans WHERE operator_id = ? AND code = ?");
    q.bind(operator_id).bind(code);
    if (!q.step()) return std::nullopt;
    return read_plan(q);
  }

  std::vector<PlanRecord> plans() override {
    Query q(conn_, std::string("SELECT ") + kPlanColumns + " FROM plans ORDER BY code, id");
    std::vector<PlanRecord> out;
    while (q.step()) out.push_back(read_plan(q));
    return out;
  }

  std::int64_t insert_batch(const BatchRecord& b) override {
    Query q(conn_,
            "INSERT INTO sim_batches (operator_id, plan_id, reference, file_sha256, quantity, "
            "received_at, received_by) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
    q.bind(b.operator_id).bind(b.plan_id).bind(b.reference).bind(b.file_sha256);
    q.bind(b.quantity).bind(b.received_at).bind(b.received_by);
    return returning_id(q);
  }

  void set_batch_quantity(std::int64_t batch_id, std::int64_t quantity) override {
    Query q(conn_, "UPDATE sim_batches SET quantity = ? WHERE id = ?");
    q.bind(quantity).bind(batch_id).run();
  }

  std::optional<BatchRecord> batch(std::int64_t id) override {
    Query q(conn_, std::string("SELECT ") + kBatchColumns + " WHERE b.id = ?");
    q.bind(id);
    if (!q.step()) return std::nullopt;
    return read_batch(q);
  }

  std::optional<BatchRecord> batch_by_sha256(std::string_view sha256) override {
    Query q(conn_, std::string("SELECT ") + kBatchColumns + " WHERE b.file_sha256 = ?");
    q.bind(sha256);
    if (!q.step()) return std::nullopt;
    return read_batch(q);
  }

  std::vector<BatchRecord> batches() override {
    Query q(conn_, std::string("SELECT ") + kBatchColumns + " ORDER BY b.id");
    std::vector<BatchRecord> out;
    while (q.step()) out.push_back(read_batch(q));
    return out;
  }

 private:
  Connection& conn_;
};

}  // namespace

std::unique_ptr<Operators> make_operators(Connection& conn) {
  return std::make_unique<SqlOperators>(conn);
}

}  // namespace relais::store::sql
