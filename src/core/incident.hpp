// What a structure's delivery check finds wrong with a parcel (issue 5): an incident's kind, and
// its state from open to resolved by the coordinator.
#pragma once

#include <array>
#include <optional>
#include <string_view>
#include <vector>

#include "core/state_machine.hpp"

namespace relais {

// A card sent but not scanned on arrival, or scanned but not sent.
enum class IncidentKind { kMissingSim, kUnexpectedSim };

inline constexpr std::array<IncidentKind, 2> kAllIncidentKinds = {IncidentKind::kMissingSim,
                                                                  IncidentKind::kUnexpectedSim};

std::string_view incident_kind_name(IncidentKind kind);
std::optional<IncidentKind> parse_incident_kind(std::string_view name);

enum class IncidentState { kOpen, kResolved };

inline constexpr std::array<IncidentState, 2> kAllIncidentStates = {IncidentState::kOpen,
                                                                    IncidentState::kResolved};

std::string_view incident_state_name(IncidentState state);
std::optional<IncidentState> parse_incident_state(std::string_view name);

using IncidentTransition = Transition<IncidentState>;

// open -resolve-> resolved.
const std::vector<IncidentTransition>& incident_transitions();

// The state after `transition` from `from`, or nullopt when unknown or not allowed.
std::optional<IncidentState> next_incident_state(IncidentState from, std::string_view transition);

}  // namespace relais
