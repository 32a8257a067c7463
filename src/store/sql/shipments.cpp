// Carriers, shipments and incidents.
#include "core/incident.hpp"
#include "core/shipment.hpp"
#include "store/sql/parts.hpp"
#include "store/sql/rows.hpp"

namespace relais::store::sql {
namespace {

const std::string kShipmentColumns =
    "h.id, h.carrier, h.tracking_number, h.logistics_id, h.state, h.created_by, h.created_at, "
    "h.shipped_at, h.closed_at, h.updated_at, c.name, c.tracking_url, l.name, " +
    user_name_of("h.created_by") + ", h.parcel_price_cents FROM shipments h "
    "JOIN carriers c ON c.code = h.carrier JOIN organisations l ON l.id = h.logistics_id";

ShipmentRecord read_shipment(Query& q) {
  ShipmentRecord r;
  r.id = q.i64(0);
  r.carrier = q.text(1);
  r.tracking_number = q.text(2);
  r.logistics_id = q.i64(3);
  r.state = read_state<ShipmentState>(q, 4);
  r.created_by = q.text(5);
  r.created_at = q.text(6);
  r.shipped_at = q.opt_text(7);
  r.closed_at = q.opt_text(8);
  r.updated_at = q.text(9);
  r.carrier_name = q.text(10);
  r.carrier_tracking_url = q.text(11);
  r.logistics_name = q.text(12);
  r.created_by_name = q.opt_text(13);
  r.parcel_price_cents = q.opt_i64(14);
  return r;
}

const std::string kIncidentColumns =
    "i.id, i.kind, i.iccid, i.packing_order_id, i.structure_id, i.state, i.resolution, i.note, "
    "i.created_by, i.created_at, i.resolved_by, i.resolved_at, s.name, " +
    user_name_of("i.created_by") + ", " + user_name_of("i.resolved_by") +
    " FROM incidents i JOIN organisations s ON s.id = i.structure_id";

IncidentRecord read_incident(Query& q) {
  IncidentRecord r;
  r.id = q.i64(0);
  r.kind = read_state<IncidentKind>(q, 1);
  r.iccid = q.text(2);
  r.packing_order_id = q.i64(3);
  r.structure_id = q.i64(4);
  r.state = read_state<IncidentState>(q, 5);
  r.resolution = q.opt_text(6);
  r.note = q.text(7);
  r.created_by = q.text(8);
  r.created_at = q.text(9);
  r.resolved_by = q.opt_text(10);
  r.resolved_at = q.opt_text(11);
  r.structure_name = q.text(12);
  r.created_by_name = q.opt_text(13);
  r.resolved_by_name = q.opt_text(14);
  return r;
}

class SqlShipments final : public Shipments {
 public:
  explicit SqlShipments(Connection& conn) : conn_(conn) {}

  std::vector<CarrierRecord> carriers() override {
    Query q(conn_,
            "SELECT code, name, tracking_url, parcel_price_cents FROM carriers ORDER BY name");
    std::vector<CarrierRecord> out;
    while (q.step()) out.push_back({q.text(0), q.text(1), q.text(2), q.i64(3)});
    return out;
  }

  void put_carrier(const CarrierRecord& c) override {
    Query q(conn_,
            "INSERT INTO carriers (code, name, tracking_url, parcel_price_cents) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (code) DO UPDATE SET name = excluded.name, "
            "tracking_url = excluded.tracking_url, "
            "parcel_price_cents = excluded.parcel_price_cents");
    q.bind(c.code).bind(c.name).bind(c.tracking_url).bind(c.parcel_price_cents).run();
  }

  std::int64_t insert_shipment(const ShipmentRecord& h) override {
    Query q(conn_,
            "INSERT INTO shipments (carrier, tracking_number, logistics_id, state, created_by, "
            "created_at, shipped_at, closed_at, updated_at, parcel_price_cents) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    q.bind(h.carrier).bind(h.tracking_number).bind(h.logistics_id);
    q.bind(shipment_state_name(h.state));
    q.bind(h.created_by).bind(h.created_at).bind(h.shipped_at).bind(h.closed_at);
    q.bind(h.updated_at).bind(h.parcel_price_cents);
    return returning_id(q);
  }

  void update_shipment(const ShipmentRecord& h) override {
    Query q(conn_,
            "UPDATE shipments SET state = ?, shipped_at = ?, closed_at = ?, updated_at = ?, "
            "parcel_price_cents = ? WHERE id = ?");
    q.bind(shipment_state_name(h.state)).bind(h.shipped_at).bind(h.closed_at);
    q.bind(h.updated_at).bind(h.parcel_price_cents).bind(h.id).run();
  }

  std::optional<ShipmentRecord> shipment(std::int64_t id) override {
    Query q(conn_, std::string("SELECT ") + kShipmentColumns + " WHERE h.id = ?");
    q.bind(id);
    if (!q.step()) return std::nullopt;
    return read_shipment(q);
  }

  Page<ShipmentRecord> shipments(const ShipmentQuery& query) override {
    std::string where = " WHERE 1 = 1";
    if (query.logistics_id) where += " AND h.logistics_id = ?";
    if (query.structure_id) {
      where += " AND h.id IN (SELECT shipment_id FROM packing_orders WHERE structure_id = ?)";
    }
    if (query.state) where += " AND h.state = ?";
    auto bind_filters = [&](Query& q) {
      if (query.logistics_id) q.bind(*query.logistics_id);
      if (query.structure_id) q.bind(*query.structure_id);
      if (query.state) q.bind(shipment_state_name(*query.state));
    };
    return id_page<ShipmentRecord>(conn_, "shipments h" + where,
                                   std::string("SELECT ") + kShipmentColumns + where, "h.id", false,
                                   bind_filters, read_shipment, query.after, query.limit);
  }

  std::int64_t insert_incident(const IncidentRecord& i) override {
    Query q(conn_,
            "INSERT INTO incidents (kind, iccid, packing_order_id, structure_id, state, "
            "resolution, note, created_by, created_at, resolved_by, resolved_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    q.bind(incident_kind_name(i.kind)).bind(i.iccid).bind(i.packing_order_id);
    q.bind(i.structure_id).bind(incident_state_name(i.state));
    q.bind(i.resolution).bind(i.note).bind(i.created_by).bind(i.created_at).bind(i.resolved_by);
    q.bind(i.resolved_at);
    return returning_id(q);
  }

  void update_incident(const IncidentRecord& i) override {
    Query q(conn_,
            "UPDATE incidents SET state = ?, resolution = ?, note = ?, resolved_by = ?, "
            "resolved_at = ? WHERE id = ?");
    q.bind(incident_state_name(i.state)).bind(i.resolution).bind(i.note).bind(i.resolved_by);
    q.bind(i.resolved_at);
    q.bind(i.id).run();
  }

  std::optional<IncidentRecord> incident(std::int64_t id) override {
    Query q(conn_, std::string("SELECT ") + kIncidentColumns + " WHERE i.id = ?");
    q.bind(id);
    if (!q.step()) return std::nullopt;
    return read_incident(q);
  }

  Page<IncidentRecord> incidents(const IncidentQuery& query) override {
    std::string where = " WHERE 1 = 1";
    if (query.state) where += " AND i.state = ?";
    if (query.structure_id) where += " AND i.structure_id = ?";
    if (query.packing_order_id) where += " AND i.packing_order_id = ?";
    auto bind_filters = [&](Query& q) {
      if (query.state) q.bind(incident_state_name(*query.state));
      if (query.structure_id) q.bind(*query.structure_id);
      if (query.packing_order_id) q.bind(*query.packing_order_id);
    };
    return id_page<IncidentRecord>(conn_, "incidents i" + where,
                                   std::string("SELECT ") + kIncidentColumns + where, "i.id", false,
                                   bind_filters, read_incident, query.after, query.limit);
  }

 private:
  Connection& conn_;
};

}  // namespace

std::unique_ptr<Shipments> make_shipments(Connection& conn) {
  return std::make_unique<SqlShipments>(conn);
}

}  // namespace relais::store::sql
