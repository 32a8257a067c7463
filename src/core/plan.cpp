#include "core/plan.hpp"

#include <algorithm>

#include "core/utf8.hpp"

namespace relais {

PlanResult build_plan(const PlanDraft& d) {
  PlanResult r;
  auto& errors = r.errors;
  if (!d.code || d.code->empty()) {
    errors.push_back(field_error("code", "", "required"));
  } else if (d.code->size() > 20 || !std::all_of(d.code->begin(), d.code->end(), [](char c) {
               return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
             })) {
    errors.push_back(field_error("code", *d.code, "bad_code"));
  } else {
    r.plan.code = *d.code;
  }
  if (!d.name || d.name->empty()) {
    errors.push_back(field_error("name", "", "required"));
  } else if (utf8_length(*d.name) > 200) {
    errors.push_back(field_error("name", *d.name, "too_long", {"200"}));
  } else {
    r.plan.name = *d.name;
  }
  auto number = [&](const char* field, const std::optional<long long>& v, long long lo,
                    long long hi, int& into) {
    if (!v) {
      errors.push_back(field_error(field, "", "required"));
    } else if (*v < lo || *v > hi) {
      errors.push_back(field_error(field, std::to_string(*v), "out_of_range",
                                   {std::to_string(lo), std::to_string(hi)}));
    } else {
      into = static_cast<int>(*v);
    }
  };
  number("data_gb", d.data_gb, 0, 1000, r.plan.data_gb);
  number("validity_days", d.validity_days, 1, 3650, r.plan.validity_days);
  number("unit_cost_cents", d.unit_cost_cents, 0, 1000000, r.plan.unit_cost_cents);
  auto flag = [&](const char* field, const std::optional<bool>& v, bool& into) {
    if (!v) {
      errors.push_back(field_error(field, "", "required"));
    } else {
      into = *v;
    }
  };
  flag("calls_sms_included", d.calls_sms_included, r.plan.calls_sms_included);
  flag("rechargeable", d.rechargeable, r.plan.rechargeable);
  return r;
}

}  // namespace relais
