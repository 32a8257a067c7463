#include "core/resident.hpp"

#include "core/needs.hpp"
#include "core/utf8.hpp"

namespace relais {

ResidentCheck check_resident(const ResidentDraft& d) {
  ResidentCheck r;
  auto& e = r.errors;
  if (!d.household_size) {
    e.push_back(field_error("household_size", "", "required"));
  } else if (*d.household_size < 1 || *d.household_size > 20) {
    e.push_back(field_error("household_size", std::to_string(*d.household_size), "out_of_range",
                            {"1", "20"}));
  } else {
    r.fields.household_size = static_cast<int>(*d.household_size);
  }
  const long long children = d.children.value_or(0);
  const long long most = r.fields.household_size - 1;
  if (children < 0 || children > most) {
    e.push_back(field_error("children", std::to_string(children), "out_of_range",
                            {"0", std::to_string(most)}));
  } else {
    r.fields.children = static_cast<int>(children);
  }
  r.fields.languages = check_codes(CodeList::kLanguageCodes, "languages", d.languages, true, e);
  r.fields.needs = check_codes(CodeList::kNeedCodes, "needs", d.needs, false, e);
  if (d.first_name) {
    const std::string_view name = trim_spaces(*d.first_name);
    const bool control = has_control_characters(name);
    if (utf8_length(name) > kMaxFirstName) {
      e.push_back(field_error("first_name", "", "too_long", {std::to_string(kMaxFirstName)}));
    } else if (control) {
      e.push_back(field_error("first_name", "", "control_characters"));
    } else if (!name.empty()) {
      r.fields.first_name = std::string(name);
    }
  }
  return r;
}

}  // namespace relais
