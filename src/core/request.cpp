#include "core/request.hpp"

#include <set>

#include "core/needs.hpp"
#include "core/utf8.hpp"

namespace relais {

std::vector<FieldError> check_request(const RequestDraft& d) {
  std::vector<FieldError> e;
  if (!d.quantity) {
    e.push_back(field_error("quantity", "", "required"));
  } else if (*d.quantity < 1 || *d.quantity > kMaxRequestQuantity) {
    e.push_back(field_error("quantity", std::to_string(*d.quantity), "out_of_range",
                            {"1", std::to_string(kMaxRequestQuantity)}));
  }
  std::set<std::string> seen;
  if (d.needs.size() > kNeeds.size()) {
    // Refused once, not need by need (DESIGN.md rule 7).
    e.push_back(field_error("needs", std::to_string(d.needs.size()), "too_many",
                            {std::to_string(kNeeds.size())}));
  } else {
    for (const auto& [need, count] : d.needs) {
      if (!is_need(need)) {
        e.push_back(field_error("needs", need.substr(0, 40), "unknown_needs"));
      } else if (!seen.insert(need).second) {
        e.push_back(field_error("needs", need, "repeated"));
      } else if (count < 0 || count > kMaxPeoplePerNeed) {
        // People, not cards: a family of five may share the three cards asked for.
        e.push_back(field_error("needs", need + ": " + std::to_string(count), "out_of_range",
                                {"0", std::to_string(kMaxPeoplePerNeed)}));
      }
    }
  }
  check_codes(CodeList::kLanguageCodes, "leaflet_languages", d.leaflet_languages, true, e);
  if (first_invalid_utf8(d.comment) != std::string_view::npos) {
    e.push_back(field_error("comment", "", "not_utf8_text"));
  } else if (utf8_length(d.comment) > kMaxRequestComment) {
    e.push_back(field_error("comment", "", "too_long", {std::to_string(kMaxRequestComment)}));
  }
  return e;
}

std::optional<FieldError> capacity_error(long long quantity, std::optional<int> capacity,
                                         std::int64_t held, std::int64_t coming) {
  if (!capacity) return field_error("quantity", std::to_string(quantity), "capacity_unknown");
  const long long room = *capacity - held - coming;
  if (quantity <= room) return std::nullopt;
  return field_error("quantity", std::to_string(quantity), "over_capacity",
                     {std::to_string(*capacity), std::to_string(held), std::to_string(coming),
                      std::to_string(room < 0 ? 0 : room)});
}

}  // namespace relais
