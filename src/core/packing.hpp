// Packing a parcel at the logistics partner's station: the states of a packing order (the
// parcel) and what a scanned ICCID means for the order being packed. Pure: app reads the card
// and the order, this decides.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/sim_lifecycle.hpp"
#include "core/state_machine.hpp"

namespace relais {

// open -close-> packed -ship-> shipped, then -deliver-> delivered (its structure confirms it),
// -declare_lost-> lost or -return-> returned (with its shipment).
enum class PackingOrderState { kOpen, kPacked, kShipped, kDelivered, kLost, kReturned };

inline constexpr std::array<PackingOrderState, 6> kAllPackingOrderStates = {
    PackingOrderState::kOpen,      PackingOrderState::kPacked, PackingOrderState::kShipped,
    PackingOrderState::kDelivered, PackingOrderState::kLost,   PackingOrderState::kReturned};

// Being packed, closed or on the road: its cards move with the parcel, not by hand.
inline constexpr std::array<PackingOrderState, 3> kPackingOrderStatesUnderway = {
    PackingOrderState::kOpen, PackingOrderState::kPacked, PackingOrderState::kShipped};

std::string_view packing_order_state_name(PackingOrderState state);
std::optional<PackingOrderState> parse_packing_order_state(std::string_view name);

using PackingOrderTransition = Transition<PackingOrderState>;

// Every named transition of a parcel, in the order of the chain.
const std::vector<PackingOrderTransition>& packing_order_transitions();

// The transition called `name`, or nullptr when there is none.
const PackingOrderTransition* find_packing_order_transition(std::string_view name);

// The state after `transition` from `from`, or nullopt when unknown or not allowed.
std::optional<PackingOrderState> next_packing_order_state(PackingOrderState from,
                                                          std::string_view transition);

// What the station knows of the scanned card (nullopt: no card has this ICCID).
struct ScannedCard {
  SimState state = SimState::kInStock;
  std::optional<std::int64_t> packing_order;  // the order it was put in
};

// The outcome of scanning a card for order `order_id`: "packed" when it goes into the parcel
// (reserved -> packed), else the stable code of a wrong scan:
//   scan_invalid         not an ICCID (a wrong check digit, length or character): a typing
//                        or reading error, to scan or type again, not a card to set aside
//   scan_unknown         a well-formed ICCID that no card has
//   scan_other_order     the card belongs to another order, or to none
//   scan_already_packed  already scanned into this parcel
//   scan_wrong_state     this order's card, but not reserved (declared defective, lost...)
std::string_view scan_outcome(std::int64_t order_id, bool is_iccid,
                              const std::optional<ScannedCard>& card);

// "CO-000012": the reference printed on a packing order's documents.
std::string packing_reference(std::int64_t id);

}  // namespace relais
