// Packing orders, the cards they hold and the station's scans.
#include <algorithm>

#include "store/sql/parts.hpp"
#include "store/sql/rows.hpp"

namespace relais::store::sql {
namespace {

// A packing order with its structure (for the documents) and its card counts. Packed: scanned
// into the parcel, whatever happened to the card since (a card of a parcel only leaves
// `reserved` by its scan: no hand transition touches it, a replaced one leaves the parcel).
const std::string& packing_order_columns() {
  static const std::string columns =
      "o.id, o.structure_id, o.logistics_id, o.leaflet_languages, o.state, o.delivery_token, "
      "o.created_at, o.packed_at, o.updated_at, l.name, "
      "(SELECT COUNT(*) FROM sims c WHERE c.packing_order_id = o.id), "
      "(SELECT COUNT(*) FROM sims c WHERE c.packing_order_id = o.id AND c.state <> " +
      state_literal(SimState::kReserved) +
      "), s.id, s.kind, s.name, s.code, s.structure_type, s.capacity, s.address, s.postcode, "
      "s.commune, s.department, s.created_at, s.updated_at, o.shipment_id, o.delivered_at, "
      "o.delivered_by, " + user_name_of("o.delivered_by") +
      " FROM packing_orders o JOIN organisations s ON s.id = o.structure_id "
      "JOIN organisations l ON l.id = o.logistics_id";
  return columns;
}

PackingOrderRecord read_packing_order(Query& q) {
  PackingOrderRecord r;
  r.id = q.i64(0);
  r.structure_id = q.i64(1);
  r.logistics_id = q.i64(2);
  r.leaflet_languages = split_words(q.text(3));
  r.state = read_state<PackingOrderState>(q, 4);
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
  r.delivered_by_name = q.opt_text(27);
  return r;
}

class SqlPacking final : public Packing {
 public:
  explicit SqlPacking(Connection& conn) : conn_(conn) {}

  std::vector<UnpackedDemand> unpacked_demand() override {
    // One row per structure and list of languages; the lists are merged here, in order.
    static const std::string sql =
        "SELECT r.structure_id, r.leaflet_languages, COUNT(*) FROM sims s "
        "JOIN requests r ON r.id = s.request_id WHERE s.request_id IS NOT NULL AND s.state = ? "
        "AND s.packing_order_id IS NULL GROUP BY r.structure_id, r.leaflet_languages "
        "ORDER BY r.structure_id, r.leaflet_languages";
    Query q(conn_, sql);
    q.bind(sim_state_name(SimState::kReserved));
    std::vector<UnpackedDemand> out;
    while (q.step()) {
      std::int64_t structure = q.i64(0);
      if (out.empty() || out.back().structure_id != structure) out.push_back({structure, 0, {}});
      UnpackedDemand& d = out.back();
      d.cards += q.i64(2);
      for (auto& code : split_words(q.text(1))) {
        if (std::find(d.leaflet_languages.begin(), d.leaflet_languages.end(), code) ==
            d.leaflet_languages.end()) {
          d.leaflet_languages.push_back(code);
        }
      }
    }
    return out;
  }

  std::int64_t insert_packing_order(const PackingOrderRecord& o) override {
    Query q(conn_,
            "INSERT INTO packing_orders (structure_id, logistics_id, leaflet_languages, state, "
            "delivery_token, created_at, packed_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
            "RETURNING id");
    q.bind(o.structure_id).bind(o.logistics_id).bind(join_words(o.leaflet_languages));
    q.bind(packing_order_state_name(o.state)).bind(o.delivery_token).bind(o.created_at);
    q.bind(o.packed_at);
    q.bind(o.updated_at);
    return returning_id(q);
  }

  void update_packing_order(const PackingOrderRecord& o) override {
    Query q(conn_,
            "UPDATE packing_orders SET leaflet_languages = ?, state = ?, packed_at = ?, "
            "updated_at = ? WHERE id = ?");
    q.bind(join_words(o.leaflet_languages)).bind(packing_order_state_name(o.state));
    q.bind(o.packed_at).bind(o.updated_at).bind(o.id);
    q.run();
  }

  std::optional<PackingOrderRecord> packing_order(std::int64_t id) override {
    Query q(conn_, "SELECT " + packing_order_columns() + " WHERE o.id = ?");
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
      if (query.state) q.bind(packing_order_state_name(*query.state));
    };
    return id_page<PackingOrderRecord>(conn_, "packing_orders o" + where,
                                       "SELECT " + packing_order_columns() + where, "o.id", false,
                                       bind_filters, read_packing_order, query.after, query.limit);
  }

  std::optional<PackingOrderRecord> packing_order_by_token(std::string_view token) override {
    Query q(conn_, "SELECT " + packing_order_columns() + " WHERE o.delivery_token = ?");
    q.bind(token);
    if (!q.step()) return std::nullopt;
    return read_packing_order(q);
  }

  std::int64_t assign_cards_to_order(std::int64_t structure_id, std::int64_t order_id) override {
    Query q(conn_,
            "UPDATE sims SET packing_order_id = ? WHERE request_id IN "
            "(SELECT id FROM requests WHERE structure_id = ?) AND state = ? "
            "AND packing_order_id IS NULL");
    q.bind(order_id).bind(structure_id).bind(sim_state_name(SimState::kReserved)).run();
    return q.changes();
  }

  std::vector<SimRecord> cards_of_order(std::int64_t order_id) override {
    Query q(conn_, std::string("SELECT ") + kSimColumns +
                       " WHERE s.packing_order_id = ? ORDER BY s.iccid");
    q.bind(order_id);
    std::vector<SimRecord> out;
    while (q.step()) out.push_back(read_sim(q));
    return out;
  }

  std::vector<RequestParcel> parcels_of_request(std::int64_t request_id) override {
    // Through the index of cards by request (003_requests.sql).
    static const std::string sql =
        "SELECT o.id, o.state, COUNT(*), o.created_at, o.packed_at, sh.shipped_at, o.delivered_at "
        "FROM sims s JOIN packing_orders o ON o.id = s.packing_order_id "
        "LEFT JOIN shipments sh ON sh.id = o.shipment_id WHERE s.request_id = ? "
        "GROUP BY o.id, o.state, o.created_at, o.packed_at, sh.shipped_at, o.delivered_at "
        "ORDER BY o.id";
    Query q(conn_, sql);
    q.bind(request_id);
    std::vector<RequestParcel> out;
    while (q.step()) {
      out.push_back({q.i64(0), read_state<PackingOrderState>(q, 1), q.i64(2), q.text(3),
                     q.opt_text(4), q.opt_text(5), q.opt_text(6)});
    }
    return out;
  }

  void insert_packing_scan(const PackingScanRecord& s) override {
    Query q(conn_,
            "INSERT INTO packing_scans (packing_order_id, scanned, iccid, outcome, actor, at) "
            "VALUES (?, ?, ?, ?, ?, ?)");
    q.bind(s.packing_order_id).bind(s.scanned).bind(s.iccid).bind(s.outcome).bind(s.actor);
    q.bind(s.at).run();
  }

  void set_order_shipment(std::int64_t order_id, std::optional<std::int64_t> shipment) override {
    Query q(conn_, "UPDATE packing_orders SET shipment_id = ? WHERE id = ?");
    q.bind(shipment).bind(order_id).run();
  }

  void set_order_delivered(std::int64_t order_id, std::string_view at,
                           std::string_view by) override {
    const PackingOrderTransition& deliver = *find_packing_order_transition("deliver");
    Query q(conn_,
            "UPDATE packing_orders SET state = ?, delivered_at = ?, delivered_by = ?, "
            "updated_at = ? WHERE id = ?");
    q.bind(packing_order_state_name(deliver.to)).bind(at).bind(by).bind(at).bind(order_id).run();
  }

 private:
  Connection& conn_;
};

}  // namespace

std::unique_ptr<Packing> make_packing(Connection& conn) {
  return std::make_unique<SqlPacking>(conn);
}

}  // namespace relais::store::sql
