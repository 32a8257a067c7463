// The records of needs: programmes, associations' referrals, structures' requests and their
// events.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/request_lifecycle.hpp"

namespace relais {

struct ProgrammeRecord {
  std::int64_t id = 0;
  std::string code;
  std::string name;
  std::int64_t plan_id = 0;
  std::string plan_code;  // filled on reads
  std::string created_at;
  // The number residents call for help, printed on their leaflets ("01 84 60 00 00").
  std::optional<std::string> helpline = std::nullopt;
  // What its lines may cost in top-ups, all together; none: no top-up.
  std::optional<std::int64_t> topup_budget_cents = std::nullopt;
  int follow_up_days = 30;  // after a handover, the follow-up survey is due
  // Its follow-up survey as JSON (core/line.hpp's questions); none: the standard survey.
  std::optional<std::string> follow_up_questions = std::nullopt;
};

// A need and how many people behind a request have it.
using NeedCounts = std::vector<std::pair<std::string, std::int64_t>>;

struct RequestRecord {
  std::int64_t id = 0;
  std::int64_t programme_id = 0;
  std::int64_t structure_id = 0;
  std::int64_t quantity = 0;
  NeedCounts needs;
  std::vector<std::string> leaflet_languages;
  std::string comment;
  RequestState state = RequestState::kDraft;
  std::optional<std::int64_t> approved_quantity;
  std::optional<std::int64_t> allocated;
  std::optional<std::string> decision_reason;
  std::string created_by;
  std::string created_at;
  std::optional<std::string> submitted_at;
  std::string updated_at;
  // Filled on reads:
  std::string programme_code;
  std::int64_t plan_id = 0;
  std::string structure_name;
  std::optional<std::string> department;
  std::optional<int> capacity;
  std::optional<std::string> structure_type;
  std::optional<std::string> created_by_name;  // the user's name
};

struct RequestEventRecord {
  std::int64_t id = 0;
  std::int64_t request_id = 0;
  std::string at;
  std::string actor;
  std::string transition;
  std::optional<RequestState> from_state;  // none for "create"
  RequestState to_state = RequestState::kDraft;
  std::string reason;
  std::optional<std::string> actor_name = std::nullopt;  // filled on reads: the user's name, none for the system
};

struct ReferralRecord {
  std::int64_t id = 0;
  std::string pseudonym;
  std::int64_t association_id = 0;
  std::int64_t structure_id = 0;
  int adults = 1;
  int children = 0;
  std::vector<std::string> languages;
  std::vector<std::string> needs;
  std::optional<std::string> note_sealed;  // bytes
  std::string status;
  std::optional<std::int64_t> request_id;
  std::string created_by;
  std::string created_at;
  std::string updated_at;
  // Filled on reads:
  std::string association_name;
  std::string structure_name;
};

}  // namespace relais
