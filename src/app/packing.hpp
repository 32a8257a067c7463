// Use cases of packing (issue 5): packing orders made from the applied allocation, the packing
// station's scans, closing a parcel, replacing a defective card, and the parcel's documents.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/actor.hpp"
#include "app/store_fwd.hpp"
#include "core/records/cards.hpp"
#include "core/records/page.hpp"
#include "core/records/parcels.hpp"

namespace relais::app {

// The reserved cards in no order yet go, per structure, into the order still open for that
// structure with the logistics organisation `logistics_id` (or the only one there is): one
// parcel to one address, not two. A structure with no such order gets a new one.
struct PreparedOrders {
  std::vector<PackingOrderRecord> made;    // new orders
  std::vector<PackingOrderRecord> filled;  // open orders the new cards were added to
};
PreparedOrders create_packing_orders(store::Store& store, const Actor& actor,
                                     std::optional<std::int64_t> logistics_id);

struct PackingFilter {
  std::optional<std::string> state, limit, cursor;
};
Page<PackingOrderRecord> list_packing_orders(store::Store& store, const Actor& actor,
                                                           const PackingFilter& filter);

struct PackingOrderView {
  PackingOrderRecord order;
  std::vector<SimRecord> cards;  // ICCIDs and states only are shown
};
PackingOrderView get_packing_order(store::Store& store, const Actor& actor, std::int64_t id);

struct ScanResult {
  PackingOrderRecord order;  // with its new counts
  std::string iccid;                // canonical
};
// A scan at the station: the card goes into the parcel (reserved -> packed), or a 409 problem
// whose code says what is wrong (core/packing.hpp). Every scan is recorded, good or wrong.
ScanResult scan_card(store::Store& store, const Actor& actor, std::int64_t order_id,
                     const std::string& scanned);

// The parcel is closed: every card of the order packed (409 order_incomplete otherwise).
PackingOrderRecord close_packing_order(store::Store& store, const Actor& actor,
                                              std::int64_t order_id);

// A card of the order found defective: declared so, taken out of the order, and another card
// of the same plan taken from stock for the same request (409 no_stock when there is none).
// Returns the replacement's ICCID, to scan next.
std::string replace_defective_card(store::Store& store, const Actor& actor,
                                   std::int64_t order_id, const std::string& iccid);

}  // namespace relais::app
