#include "core/packing.hpp"

#include <cstdio>

namespace relais {

std::string_view packing_order_state_name(PackingOrderState state) {
  switch (state) {
    case PackingOrderState::kOpen:
      return "open";
    case PackingOrderState::kPacked:
      return "packed";
    case PackingOrderState::kShipped:
      return "shipped";
    case PackingOrderState::kDelivered:
      return "delivered";
    case PackingOrderState::kLost:
      return "lost";
    case PackingOrderState::kReturned:
      return "returned";
  }
  return "";
}

std::optional<PackingOrderState> parse_packing_order_state(std::string_view name) {
  return state_named(kAllPackingOrderStates, packing_order_state_name, name);
}

const std::vector<PackingOrderTransition>& packing_order_transitions() {
  using S = PackingOrderState;
  static const std::vector<PackingOrderTransition> all = {
      {"close", {S::kOpen}, S::kPacked},
      {"ship", {S::kPacked}, S::kShipped},
      {"deliver", {S::kShipped}, S::kDelivered},
      {"declare_lost", {S::kShipped}, S::kLost},
      {"return", {S::kShipped}, S::kReturned},
  };
  return all;
}

const PackingOrderTransition* find_packing_order_transition(std::string_view name) {
  return find_transition(packing_order_transitions(), name);
}

std::optional<PackingOrderState> next_packing_order_state(PackingOrderState from,
                                                          std::string_view transition) {
  return next_state(packing_order_transitions(), from, transition);
}

std::string_view scan_outcome(std::int64_t order_id, bool is_iccid,
                              const std::optional<ScannedCard>& card) {
  if (!is_iccid) return "scan_invalid";
  if (!card) return "scan_unknown";
  if (card->packing_order != order_id) return "scan_other_order";
  if (card->state == SimState::kPacked) return "scan_already_packed";
  if (card->state != SimState::kReserved) return "scan_wrong_state";
  return "packed";
}

std::string packing_reference(std::int64_t id) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "CO-%06lld", static_cast<long long>(id));
  return buf;
}

}  // namespace relais
