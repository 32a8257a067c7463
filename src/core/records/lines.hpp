// The records of lines in use (issue 12): top-ups, incidents and their replacement, follow-up
// surveys, the lists of lines, and the to-do items of a structure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/records/residents.hpp"
#include "core/sim_lifecycle.hpp"

namespace relais {

struct TopupRecord {
  std::int64_t id = 0;
  std::int64_t handover_id = 0;
  std::string iccid;
  std::int64_t programme_id = 0;
  std::int64_t structure_id = 0;
  std::int64_t operator_id = 0;
  std::int64_t cost_cents = 0;
  int validity_days = 0;
  std::string status;  // kTopupStatuses
  std::string requested_at;
  std::optional<std::int64_t> requested_by;
  std::optional<std::string> decided_at = std::nullopt;
  std::optional<std::int64_t> decided_by = std::nullopt;
  std::optional<std::string> confirmed_at = std::nullopt;
  // Filled on reads:
  std::string msisdn;
  std::string structure_name;
  std::string pseudonym;
  std::string programme_code;
  std::string operator_code;
};

struct LineIncidentRecord {
  std::int64_t id = 0;
  std::int64_t handover_id = 0;
  std::string iccid;
  std::int64_t resident_id = 0;
  std::int64_t structure_id = 0;
  std::int64_t operator_id = 0;
  std::string kind;    // kIncidentKinds
  std::string status;  // kIncidentStatuses
  std::string declared_at;
  std::optional<std::int64_t> declared_by;
  std::optional<std::string> block_requested_at = std::nullopt;
  std::optional<std::int64_t> block_requested_by = std::nullopt;
  std::optional<std::string> blocked_at = std::nullopt;
  std::optional<std::string> replacement_mode = std::nullopt;
  std::optional<std::string> replacement_iccid = std::nullopt;
  std::optional<std::int64_t> replacement_handover_id = std::nullopt;
  std::optional<std::string> replaced_at = std::nullopt;
  std::optional<std::int64_t> replaced_by = std::nullopt;
  std::optional<std::string> swapped_at = std::nullopt;
  // Filled on reads:
  std::string msisdn;  // of the lost card (empty once its number moved to the new card)
  std::string structure_name;
  std::string pseudonym;
  std::string operator_code;
};

struct FollowUpRecord {
  std::int64_t id = 0;
  std::int64_t resident_id = 0;
  std::int64_t handover_id = 0;
  std::int64_t structure_id = 0;
  std::int64_t programme_id = 0;
  std::string recorded_at;
  std::optional<std::int64_t> recorded_by;
  std::string language;
  std::string answers;  // JSON object
  std::vector<std::string> uses;
  std::optional<bool> still_used;
  std::optional<int> satisfaction;
  std::optional<std::string> testimony;
  // Filled on reads:
  std::optional<std::string> recorded_by_name = std::nullopt;
};

// A line as the lists show it: the handover, its resident and the card's state.
struct LineRow {
  HandoverRecord line;
  std::string pseudonym;
  std::string structure_name;
  SimState state = SimState::kHandedOver;
  std::optional<long long> data_used_mb;
  std::int64_t id = 0;  // the handover's, for pages
};

// The data lines used in a month, as the operator's reports said.
struct UsageMonth {
  std::string month;  // YYYY-MM
  std::int64_t lines = 0;
  std::int64_t used = 0;  // more than 0 MB
  std::int64_t total_mb = 0;
  bool operator==(const UsageMonth&) const = default;
};

struct TodoItemRecord {
  std::int64_t id = 0;
  std::int64_t structure_id = 0;
  std::string kind;  // kTodoKinds
  std::optional<std::int64_t> resident_id;
  std::optional<std::int64_t> handover_id;
  std::optional<std::int64_t> incident_id;
  std::optional<std::string> iccid;
  std::string due_at;
  std::string detail;
  std::string built_at;
  // Filled on reads:
  std::string pseudonym;
  std::string structure_name;
};

}  // namespace relais
