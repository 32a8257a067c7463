// Packing orders, the cards put in them and the scans at the logistics partner's station.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/records/cards.hpp"
#include "core/records/page.hpp"
#include "core/records/parcels.hpp"

namespace relais::store {

struct PackingOrderQuery {
  std::optional<std::int64_t> logistics_id;
  std::optional<std::int64_t> structure_id;
  std::optional<std::int64_t> shipment_id;
  std::optional<PackingOrderState> state;
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

class Packing {
 public:
  virtual ~Packing() = default;

  virtual std::vector<UnpackedDemand> unpacked_demand() = 0;
  virtual std::int64_t insert_packing_order(const PackingOrderRecord& order) = 0;
  // Writes the leaflet languages, the state, packed_at and updated_at.
  virtual void update_packing_order(const PackingOrderRecord& order) = 0;
  virtual std::optional<PackingOrderRecord> packing_order(std::int64_t id) = 0;
  virtual Page<PackingOrderRecord> packing_orders(const PackingOrderQuery& query) = 0;
  virtual std::optional<PackingOrderRecord> packing_order_by_token(std::string_view token) = 0;
  // Puts the structure's reserved cards that are in no order into `order_id`; returns how many.
  virtual std::int64_t assign_cards_to_order(std::int64_t structure_id, std::int64_t order_id) = 0;
  virtual std::vector<SimRecord> cards_of_order(std::int64_t order_id) = 0;
  // The parcels holding cards of the request, oldest first.
  virtual std::vector<RequestParcel> parcels_of_request(std::int64_t request_id) = 0;
  virtual void insert_packing_scan(const PackingScanRecord& scan) = 0;
  virtual void set_order_shipment(std::int64_t order_id, std::optional<std::int64_t> shipment) = 0;
  // The parcel's "deliver" transition (core's): its state, delivered_at/by and updated_at.
  virtual void set_order_delivered(std::int64_t order_id, std::string_view at,
                                   std::string_view by) = 0;
};

}  // namespace relais::store
