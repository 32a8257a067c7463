#include "core/sim_lifecycle.hpp"

namespace relais {

std::string_view sim_state_name(SimState state) {
  switch (state) {
    case SimState::kInStock:
      return "in_stock";
    case SimState::kReserved:
      return "reserved";
    case SimState::kPacked:
      return "packed";
    case SimState::kInTransit:
      return "in_transit";
    case SimState::kAtStructure:
      return "at_structure";
    case SimState::kHandedOver:
      return "handed_over";
    case SimState::kActive:
      return "active";
    case SimState::kSuspended:
      return "suspended";
    case SimState::kExpired:
      return "expired";
    case SimState::kLost:
      return "lost";
    case SimState::kDefective:
      return "defective";
    case SimState::kReturned:
      return "returned";
    case SimState::kTerminated:
      return "terminated";
  }
  return "";
}

std::optional<SimState> parse_sim_state(std::string_view name) {
  return state_named(kAllSimStates, sim_state_name, name);
}

const std::vector<SimTransition>& sim_transitions() {
  using S = SimState;
  static const std::vector<SimTransition> all = {
      {"reserve", {S::kInStock}, S::kReserved},
      {"release", {S::kReserved}, S::kInStock},
      {"pack", {S::kReserved}, S::kPacked},
      {"unpack", {S::kPacked}, S::kReserved},
      {"ship", {S::kPacked}, S::kInTransit},
      {"deliver", {S::kInTransit}, S::kAtStructure},
      {"hand_over", {S::kAtStructure}, S::kHandedOver},
      {"take_back", {S::kHandedOver}, S::kAtStructure},
      {"activate", {S::kHandedOver}, S::kActive},
      {"suspend", {S::kActive}, S::kSuspended},
      {"reactivate", {S::kSuspended}, S::kActive},
      {"expire", {S::kActive, S::kSuspended}, S::kExpired},
      // Also a resident's line lost or stolen with the phone (a line incident).
      {"declare_lost",
       {S::kReserved, S::kPacked, S::kInTransit, S::kAtStructure, S::kHandedOver, S::kActive,
        S::kSuspended},
       S::kLost},
      {"declare_defective",
       {S::kInStock, S::kReserved, S::kPacked, S::kAtStructure, S::kHandedOver, S::kActive,
        S::kSuspended},
       S::kDefective},
      // Also a parcel sent back to the sender: its cards come back to the programme.
      {"return", {S::kInTransit, S::kAtStructure, S::kHandedOver, S::kDefective, S::kExpired},
       S::kReturned},
      {"restock", {S::kReturned}, S::kInStock},
      {"terminate",
       {S::kActive, S::kSuspended, S::kExpired, S::kLost, S::kDefective, S::kReturned},
       S::kTerminated},
  };
  return all;
}

const SimTransition* find_sim_transition(std::string_view name) {
  return find_transition(sim_transitions(), name);
}

std::optional<SimState> next_sim_state(SimState from, std::string_view name) {
  return next_state(sim_transitions(), from, name);
}

}  // namespace relais
