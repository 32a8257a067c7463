// Retention (DESIGN.md rule 4): personal data is erased once its period is over, by the server
// every day and by `relais purge`. The notes of referrals served or closed, and the first names
// and contact numbers of residents whose lines all ended (or, without a line, who were recorded),
// more than the retention period ago; consents in force then expire. Counts stay for the reports.
#pragma once

#include <cstdint>
#include <optional>

#include "app/actor.hpp"
#include "app/store_fwd.hpp"

namespace relais::app {

struct PurgeOutcome {
  int days = 0;                    // the retention period applied
  std::int64_t referral_notes = 0;
  std::int64_t residents = 0;
};

// `days`: the period, 0 to 3650; by default the setting `retention_days` (180 unless set).
// The system or the coordinator; one write, one audit event. `quiet` (the server's daily run):
// nothing is written, not even the audit event, when nothing was due.
PurgeOutcome purge_personal_data(store::Store& store, const Actor& actor,
                                 std::optional<int> days = std::nullopt, bool quiet = false);

// Sets the retention period every server and `relais purge` apply (and leaflets print).
void set_retention_days(store::Store& store, const Actor& actor, int days);

}  // namespace relais::app
