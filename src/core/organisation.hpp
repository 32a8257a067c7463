// Organisations of a programme and the rules their fields obey (DESIGN.md rule 5 for
// department codes). Pure: the store keeps them, app decides who may change them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/role.hpp"

namespace relais {

inline constexpr std::array<std::string_view, 6> kStructureTypes = {"CADA", "HUDA",   "CPH",
                                                                    "CAES", "PRAHDA", "other"};

struct Organisation {
  std::int64_t id = 0;
  Role kind = Role::kStructure;
  std::string name;
  std::optional<std::string> code;            // operator code, e.g. "SFR"
  std::optional<std::string> structure_type;  // structures only
  std::optional<int> capacity;                // places, structures only
  std::optional<std::string> address;
  std::optional<std::string> postcode;
  std::optional<std::string> commune;
  std::optional<std::string> department;  // INSEE code
  std::string created_at;
  std::string updated_at;
};

// Raw input as text, from a JSON form or a CSV line. A field left unset was not given;
// an empty string clears it.
struct OrganisationDraft {
  std::optional<std::string> kind, name, code, structure_type, capacity, address, postcode, commune,
      department;

  // The draft that reproduces `org`, onto which a partial update is laid.
  static OrganisationDraft from(const Organisation& org);
  // Copies every field that `patch` sets.
  void overlay(const OrganisationDraft& patch);
};

struct OrganisationResult {
  Organisation organisation;
  std::vector<FieldError> errors;  // empty when valid; messages not yet localised
};

// Validates a complete draft and builds the organisation (id and timestamps left empty).
OrganisationResult build_organisation(const OrganisationDraft& draft);

}  // namespace relais
