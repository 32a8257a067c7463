// Packing a parcel at the logistics partner's station: what a scanned ICCID means for the order
// being packed. Pure: app reads the card and the order, this decides.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/sim_lifecycle.hpp"

namespace relais {

inline constexpr std::string_view kPackingOrderStates[] = {"open",      "packed", "shipped",
                                                          "delivered", "lost",   "returned"};

// What the station knows of the scanned card (nullopt: no card has this ICCID).
struct ScannedCard {
  SimState state = SimState::kInStock;
  std::optional<std::int64_t> packing_order;  // the order it was put in
};

// The outcome of scanning a card for order `order_id`: "packed" when it goes into the parcel
// (reserved -> packed), else the stable code of a wrong scan:
//   scan_unknown         no card with this ICCID (or not an ICCID at all)
//   scan_other_order     the card belongs to another order, or to none
//   scan_already_packed  already scanned into this parcel
//   scan_wrong_state     this order's card, but not reserved (declared defective, lost...)
std::string_view scan_outcome(std::int64_t order_id, const std::optional<ScannedCard>& card);

// "CO-000012": the reference printed on a packing order's documents.
std::string packing_reference(std::int64_t id);

}  // namespace relais
