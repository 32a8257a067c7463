// The records of what leaves the stock: packing orders and their scans, carriers, shipments,
// and the incidents a delivery check finds.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/incident.hpp"
#include "core/organisation.hpp"
#include "core/packing.hpp"
#include "core/shipment.hpp"

namespace relais {

struct PackingOrderRecord {
  std::int64_t id = 0;
  std::int64_t structure_id = 0;
  std::int64_t logistics_id = 0;
  std::vector<std::string> leaflet_languages;
  PackingOrderState state = PackingOrderState::kOpen;
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
  std::optional<std::string> delivered_by_name;  // the user's name
  // Set by the application for the structure the parcel is for, the only reader who may confirm
  // its delivery: the delivery token, so that its home opens the confirmation without the paper.
  std::optional<std::string> recipient_token;
};

// A parcel holding cards of one request, as the request's history tells it: made, closed,
// shipped, delivered.
struct RequestParcel {
  std::int64_t order_id = 0;
  PackingOrderState state = PackingOrderState::kOpen;
  std::int64_t cards = 0;  // the request's cards in it
  std::string created_at;
  std::optional<std::string> packed_at;
  std::optional<std::string> shipped_at;
  std::optional<std::string> delivered_at;
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
  std::int64_t parcel_price_cents = 0;  // what it charges per parcel (the shipping's cost)
};

struct ShipmentRecord {
  std::int64_t id = 0;
  std::string carrier;
  std::string tracking_number;
  std::int64_t logistics_id = 0;
  ShipmentState state = ShipmentState::kPrepared;
  std::string created_by;
  std::string created_at;
  std::optional<std::string> shipped_at;
  std::optional<std::string> closed_at;
  std::string updated_at;
  std::optional<std::int64_t> parcel_price_cents = std::nullopt;  // its carrier's, when shipped
  // Filled on reads:
  std::string carrier_name;
  std::string carrier_tracking_url;
  std::string logistics_name;
  std::optional<std::string> created_by_name;  // the users' names (none for the system)
};

struct IncidentRecord {
  std::int64_t id = 0;
  IncidentKind kind = IncidentKind::kMissingSim;
  std::string iccid;
  std::int64_t packing_order_id = 0;
  std::int64_t structure_id = 0;
  IncidentState state = IncidentState::kOpen;
  std::optional<std::string> resolution;
  std::string note;
  std::string created_by;
  std::string created_at;
  std::optional<std::string> resolved_by;
  std::optional<std::string> resolved_at;
  // Filled on reads:
  std::string structure_name;
  std::optional<std::string> created_by_name;  // the users' names (none for the system)
  std::optional<std::string> resolved_by_name;
};

}  // namespace relais
