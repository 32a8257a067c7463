// Shipments of packed parcels and the check of what a structure really received (issue 5). Pure.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/state_machine.hpp"

namespace relais {

enum class ShipmentState { kPrepared, kShipped, kDelivered, kLost, kReturned };

inline constexpr std::array<ShipmentState, 5> kAllShipmentStates = {
    ShipmentState::kPrepared, ShipmentState::kShipped, ShipmentState::kDelivered,
    ShipmentState::kLost, ShipmentState::kReturned};

std::string_view shipment_state_name(ShipmentState state);
std::optional<ShipmentState> parse_shipment_state(std::string_view name);

using ShipmentTransition = Transition<ShipmentState>;

// What people apply: prepared -ship-> shipped -declare_lost-> lost, -return-> returned.
const std::vector<ShipmentTransition>& shipment_transitions();

// The transition called `name` among those people apply, or nullptr when there is none.
const ShipmentTransition* find_shipment_transition(std::string_view name);

// The state after `transition` from `from`, or nullopt when unknown or not allowed.
std::optional<ShipmentState> next_shipment_state(ShipmentState from, std::string_view transition);

// shipped -> delivered: a shipment becomes delivered when the last of its parcels is confirmed,
// a step the confirmations take, not a transition anyone applies.
const ShipmentTransition& shipment_delivery();

// The carrier's tracking page: `url_template` with "{tracking}" replaced by the number,
// percent-encoded. nullopt when the template has no "{tracking}".
std::optional<std::string> tracking_url(std::string_view url_template, std::string_view number);

// What a structure's scan of a parcel says against what was sent: cards received, cards sent
// but not scanned (missing), cards scanned but not sent (unexpected). Each list in the order of
// the input, without repeats; `scanned` entries are canonical ICCIDs.
struct DeliveryCheck {
  std::vector<std::string> received, missing, unexpected;
};
DeliveryCheck check_delivery(const std::vector<std::string>& sent,
                             const std::vector<std::string>& scanned);

}  // namespace relais
