// Carriers, shipments of packed parcels, and the incidents a delivery check finds.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/records/page.hpp"
#include "core/records/parcels.hpp"

namespace relais::store {

struct ShipmentQuery {
  std::optional<std::int64_t> logistics_id;
  std::optional<std::int64_t> structure_id;  // shipments carrying a parcel for it
  std::optional<ShipmentState> state;
  int limit = 50;
  std::optional<Cursor> after;  // key: id
};

struct IncidentQuery {
  std::optional<IncidentState> state;
  std::optional<std::int64_t> structure_id;
  std::optional<std::int64_t> packing_order_id;
  int limit = 50;
  std::optional<Cursor> after;  // key: id
};

class Shipments {
 public:
  virtual ~Shipments() = default;

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
};

}  // namespace relais::store
