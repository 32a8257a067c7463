#include "app/retention.hpp"
#include "store/store.hpp"

#include <chrono>
#include <string>

#include "app/audit.hpp"
#include "app/clock.hpp"
#include "app/resident_documents.hpp"
#include "app/use_case_helpers.hpp"
#include "core/error.hpp"

namespace relais::app {
namespace {

void check_days(int days) {
  if (days < 0 || days > 3650) {
    throw Error::validation(
        {field_error("days", std::to_string(days), "out_of_range", {"0", "3650"})});
  }
}

}  // namespace

PurgeOutcome purge_personal_data(store::Store& store, const Actor& actor,
                                 std::optional<int> days, bool quiet) {
  if (!actor.is_system()) require(actor, Action::kDecideRequests);
  PurgeOutcome out;
  out.days = days.value_or(retention_days(store));
  check_days(out.days);
  const std::string now = now_iso();
  const std::string before = iso_utc(Clock::now() - std::chrono::hours(24) * out.days);
  auto tx = store.begin(store::Mode::kWrite);
  out.referral_notes = tx->requests().erase_referral_notes(before);
  for (std::int64_t id : tx->residents().residents_due(before)) {
    for (const auto& c : tx->residents().consents_of(id)) {
      if (c.status == "given") tx->residents().end_consent(c.id, "expired", now, std::nullopt);
    }
    tx->residents().erase_resident(id, now);
    ++out.residents;
  }
  if (quiet && out.referral_notes == 0 && out.residents == 0) return out;  // rolled back: nothing
  append_audit(*tx, actor, "personal_data.purge", "retention", std::nullopt,
               std::to_string(out.referral_notes) + " referral notes and " +
                   std::to_string(out.residents) + " residents whose time ended before " + before);
  tx->commit();
  return out;
}

void set_retention_days(store::Store& store, const Actor& actor, int days) {
  if (!actor.is_system()) require(actor, Action::kDecideRequests);
  check_days(days);
  auto tx = store.begin(store::Mode::kWrite);
  if (tx->setting("retention_days") == std::to_string(days)) return;
  tx->put_setting("retention_days", std::to_string(days));
  append_audit(*tx, actor, "settings.retention_days", "settings", std::nullopt,
               std::to_string(days) + " days");
  tx->commit();
}

}  // namespace relais::app
