// Records of a programme's results (issue 13): its budget lines and funders, its share links,
// and the rows the results are computed from (no personal field among them).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace relais {

// What a part of the programme may cost; `spent_cents` entered by hand for what Relais does not
// see happen (devices, training, coordination).
struct BudgetLineRecord {
  std::string category;
  std::int64_t budget_cents = 0;
  std::optional<std::int64_t> spent_cents = std::nullopt;
};

// Who pays: a share (basis points) of the programme or of one budget line, or an amount.
struct FunderRecord {
  std::int64_t id = 0;
  std::string name;
  std::optional<std::string> iati_ref = std::nullopt;
  std::optional<std::string> category = std::nullopt;  // none: the whole programme
  std::optional<std::int64_t> share_bp = std::nullopt;
  std::optional<std::int64_t> amount_cents = std::nullopt;
};

struct ShareLinkRecord {
  std::int64_t id = 0;
  std::int64_t programme_id = 0;
  std::string token_sha256;
  std::string expires_at;
  std::optional<std::int64_t> created_by = std::nullopt;
  std::string created_at;
  std::optional<std::string> revoked_at = std::nullopt;
};

// What the IATI activity needs beside the programme's own fields.
struct ProgrammeProfileRecord {
  std::optional<std::int64_t> target_people = std::nullopt;
  std::optional<std::string> starts_on = std::nullopt, ends_on = std::nullopt;
  std::optional<std::string> iati_identifier = std::nullopt;  // "FR-RNA-W751234567-CU2020"
  std::optional<std::string> iati_org_ref = std::nullopt;     // the reporting organisation's
};

// The rows results are computed from. Times are ISO 8601 as stored; "" when it did not happen.
struct ResultStructureRow {
  std::int64_t id = 0;
  std::string department, structure_type;
  std::int64_t capacity = 0;
};
struct ResultBatchRow {
  std::string received_at;
  std::int64_t quantity = 0;
};
struct ResultRequestRow {
  std::int64_t id = 0;
  std::int64_t structure_id = 0;
  std::string submitted_at;
};
// A card of the programme that moved: where it went and when each step first happened.
struct ResultCardRow {
  std::string iccid;
  std::optional<std::int64_t> structure_id = std::nullopt;
  std::optional<std::int64_t> request_id = std::nullopt;
  std::string reserved_at, packed_at, shipped_at, delivered_at, handed_over_at, activated_at;
};
// A line handed to a resident: what the breakdowns need of the household.
struct ResultLineRow {
  std::string iccid;
  bool replacement = false;  // it replaces a lost, stolen or defective line
  std::int64_t household_size = 0;
  std::string main_language;  // the first the resident speaks
};
struct ResultFollowUpRow {
  std::string iccid;
  std::string recorded_at, language, uses;
  std::optional<bool> still_used = std::nullopt;
  std::optional<std::int64_t> satisfaction = std::nullopt;
  std::optional<std::string> testimony = std::nullopt;  // only while its consent is given
};
struct ResultTopupRow {
  std::string iccid, status, requested_at, confirmed_at;
  std::int64_t cost_cents = 0;
};
struct ResultParcelRow {
  std::int64_t structure_id = 0;
  std::string packed_at, shipped_at;
  std::int64_t price_cents = 0;  // its carrier's price per parcel, once shipped
};

}  // namespace relais
