// Where a SIM card is and what may happen to it next (DESIGN.md rules 1 and 2): states change
// only through named transitions, each allowed from a fixed set of states.
#pragma once

#include <array>
#include <optional>
#include <string_view>
#include <vector>

#include "core/state_machine.hpp"

namespace relais {

enum class SimState {
  kInStock,
  kReserved,
  kPacked,
  kInTransit,
  kAtStructure,
  kHandedOver,
  kActive,
  kSuspended,
  kExpired,
  kLost,
  kDefective,
  kReturned,
  kTerminated,
};

inline constexpr std::array<SimState, 13> kAllSimStates = {
    SimState::kInStock,     SimState::kReserved,   SimState::kPacked,    SimState::kInTransit,
    SimState::kAtStructure, SimState::kHandedOver, SimState::kActive,    SimState::kSuspended,
    SimState::kExpired,     SimState::kLost,       SimState::kDefective, SimState::kReturned,
    SimState::kTerminated};

// The groups of states the chain counts by (the store binds them; no SQL names a state).
// On their way to a structure: set aside for one of its requests, packed, or in transit.
inline constexpr std::array<SimState, 3> kSimStatesOnTheWay = {
    SimState::kReserved, SimState::kPacked, SimState::kInTransit};
// Arrived at their structure, whatever happened to them there since.
inline constexpr std::array<SimState, 5> kSimStatesDelivered = {
    SimState::kAtStructure, SimState::kHandedOver, SimState::kActive, SimState::kSuspended,
    SimState::kExpired};
// A journey not settled yet: on the way, or sent back to the logistics partner.
inline constexpr std::array<SimState, 4> kSimStatesUnsettled = {
    SimState::kReserved, SimState::kPacked, SimState::kInTransit, SimState::kReturned};

std::string_view sim_state_name(SimState state);
std::optional<SimState> parse_sim_state(std::string_view name);

using SimTransition = Transition<SimState>;  // "reserve", "activate"...

// Every named transition, in the order of the chain.
const std::vector<SimTransition>& sim_transitions();

// The transition called `name`, or nullopt when there is none.
const SimTransition* find_sim_transition(std::string_view name);

// The state after `name` from `from`, or nullopt when the transition is unknown or not
// allowed from that state (a 409 for the caller).
std::optional<SimState> next_sim_state(SimState from, std::string_view name);

}  // namespace relais
