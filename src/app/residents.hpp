// Use cases of residents (issue 11): a structure records the people it hands lines to (a
// pseudonym, household, languages, needs; a first name and a contact number only if they wish,
// sealed), their consents purpose by purpose, the handover of a card and its taking back, the
// reading of a PUK, the export of everything held on a person and their erasure, and the purge
// of personal data once the retention period is over.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/actor.hpp"
#include "app/sealer.hpp"
#include "app/store_fwd.hpp"
#include "core/records/page.hpp"
#include "core/records/lines.hpp"
#include "core/records/residents.hpp"

namespace relais::app {

struct ResidentInput {
  std::optional<long long> household_size, children, referral_id;
  std::vector<std::string> languages, needs;
  std::optional<std::string> first_name, contact;
};

// What one reader may see of a resident. The structure sees everything; the coordinator all
// but the first name and the contact; an association only the pseudonym, the structure and the
// status of the people it referred (`limited`).
struct ResidentView {
  ResidentRecord resident;  // its sealed fields are never handed out
  std::optional<std::string> first_name, contact;
  // One resident's answers carry its consents and lines; a list's rows do not (`detailed`).
  bool detailed = false;
  std::vector<ConsentRecord> consents;
  std::vector<HandoverRecord> lines;
  // Its lines' incidents, top-ups and follow-up surveys (issue 12).
  std::vector<LineIncidentRecord> incidents;
  std::vector<TopupRecord> topups;
  std::vector<FollowUpRecord> follow_ups;
  bool limited = false;
  bool personal = false;  // the reader may see the first name and the contact (its structure)
};

ResidentView create_resident(store::Store& store, const Sealer& sealer, const Actor& actor,
                             const ResidentInput& input);
struct ResidentFilter {
  std::optional<std::string> status, limit, cursor;
};
Page<ResidentView> list_residents(store::Store& store, const Sealer& sealer, const Actor& actor,
                                  const ResidentFilter& filter);
ResidentView get_resident(store::Store& store, const Sealer& sealer, const Actor& actor,
                          std::int64_t id);
// Everything held on the resident, for the person themself (the structure only); audited.
ResidentView export_resident(store::Store& store, const Sealer& sealer, const Actor& actor,
                             std::int64_t id);
// Destroys the personal fields (first name, contact), withdraws the consents in force and
// marks the resident erased; counts (household, languages, lines) stay for the reports.
ResidentView erase_resident(store::Store& store, const Sealer& sealer, const Actor& actor,
                            std::int64_t id);

struct ConsentInput {
  std::optional<std::string> purpose, method, notice_language;
};
ConsentRecord give_consent(store::Store& store, const Actor& actor, std::int64_t resident_id,
                           const ConsentInput& input);
ConsentRecord withdraw_consent(store::Store& store, const Actor& actor, std::int64_t consent_id);

// The card goes at_structure -> handed_over; 422 when either is missing or the ICCID is not
// one, 409 consent_missing, sim_not_at_structure, resident_has_line.
HandoverRecord hand_over(store::Store& store, const Actor& actor,
                         const std::optional<std::int64_t>& resident_id,
                         const std::optional<std::string>& iccid);
// Back to the structure's hands (wrong_person, refused): handed_over -> at_structure.
HandoverRecord take_back(store::Store& store, const Actor& actor, std::int64_t handover_id,
                         const std::string& reason);

// The PUK of a card, for the coordinator or the structure that holds it; each reading is
// audited.
std::string read_puk(store::Store& store, const Sealer& sealer, const Actor& actor,
                     const std::string& iccid);

// A structure's home: cards at its door, lines handed over this week (since Monday), residents
// waiting for a line (consent given) or for their consent to be asked.
struct ResidentSummary {
  std::int64_t cards_on_hand = 0;
  std::int64_t handed_over_this_week = 0;
  std::int64_t waiting_for_line = 0;
  std::int64_t needs_consent = 0;
  std::int64_t residents = 0;
};
ResidentSummary resident_summary(store::Store& store, const Actor& actor);

// The contexts that bind a resident's sealed fields to their row.
std::string first_name_context(std::int64_t resident_id);
std::string contact_context(std::int64_t resident_id);

}  // namespace relais::app
