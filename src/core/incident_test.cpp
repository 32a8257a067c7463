#include "core/incident.hpp"

#include <gtest/gtest.h>

namespace relais {

TEST(Incident, KindNamesRoundTrip) {
  for (IncidentKind k : kAllIncidentKinds) EXPECT_EQ(parse_incident_kind(incident_kind_name(k)), k);
  EXPECT_EQ(incident_kind_name(IncidentKind::kMissingSim), "missing_sim");
  EXPECT_EQ(incident_kind_name(IncidentKind::kUnexpectedSim), "unexpected_sim");
  EXPECT_FALSE(parse_incident_kind("broken_sim"));
  EXPECT_FALSE(parse_incident_kind(""));
}

TEST(Incident, StateNamesRoundTrip) {
  for (IncidentState s : kAllIncidentStates) {
    EXPECT_EQ(parse_incident_state(incident_state_name(s)), s);
  }
  EXPECT_EQ(incident_state_name(IncidentState::kOpen), "open");
  EXPECT_EQ(incident_state_name(IncidentState::kResolved), "resolved");
  EXPECT_FALSE(parse_incident_state("closed"));
  EXPECT_FALSE(parse_incident_state("Open"));
}

TEST(Incident, IsResolvedOnceOnly) {
  EXPECT_EQ(next_incident_state(IncidentState::kOpen, "resolve"), IncidentState::kResolved);
  EXPECT_FALSE(next_incident_state(IncidentState::kResolved, "resolve"));
  EXPECT_FALSE(next_incident_state(IncidentState::kOpen, "reopen"));
}

}  // namespace relais
