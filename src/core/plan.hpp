// An operator's plan (offre): what a SIM card of a batch gives its holder, and what it costs.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace relais {

struct PlanDraft {
  std::optional<std::string> code, name;
  std::optional<long long> data_gb, validity_days, unit_cost_cents;
  std::optional<bool> calls_sms_included, rechargeable;
};

struct Plan {
  std::string code;
  std::string name;
  int data_gb = 0;
  int validity_days = 0;
  bool calls_sms_included = false;
  int unit_cost_cents = 0;
  bool rechargeable = false;
};

struct PlanResult {
  Plan plan;
  std::vector<FieldError> errors;  // messages not yet localised
};

// Every field is required: code (capitals, digits, - or _; 20 at most), name (200 at most),
// data_gb 0..1000, validity_days 1..3650, unit_cost_cents 0..1000000, and the two booleans.
PlanResult build_plan(const PlanDraft& draft);

}  // namespace relais
