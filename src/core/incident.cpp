#include "core/incident.hpp"

namespace relais {

std::string_view incident_kind_name(IncidentKind kind) {
  switch (kind) {
    case IncidentKind::kMissingSim:
      return "missing_sim";
    case IncidentKind::kUnexpectedSim:
      return "unexpected_sim";
  }
  return "";
}

std::optional<IncidentKind> parse_incident_kind(std::string_view name) {
  return state_named(kAllIncidentKinds, incident_kind_name, name);
}

std::string_view incident_state_name(IncidentState state) {
  switch (state) {
    case IncidentState::kOpen:
      return "open";
    case IncidentState::kResolved:
      return "resolved";
  }
  return "";
}

std::optional<IncidentState> parse_incident_state(std::string_view name) {
  return state_named(kAllIncidentStates, incident_state_name, name);
}

const std::vector<IncidentTransition>& incident_transitions() {
  static const std::vector<IncidentTransition> all = {
      {"resolve", {IncidentState::kOpen}, IncidentState::kResolved},
  };
  return all;
}

std::optional<IncidentState> next_incident_state(IncidentState from, std::string_view transition) {
  return next_state(incident_transitions(), from, transition);
}

}  // namespace relais
