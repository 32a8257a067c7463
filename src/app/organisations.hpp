// Use cases of the organisations directory: list, read, create, update, import structures.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "app/actor.hpp"
#include "core/department.hpp"
#include "core/organisation.hpp"
#include "app/store_fwd.hpp"
#include "core/records/page.hpp"

namespace relais::app {

struct OrganisationFilter {
  std::optional<std::string> kind;
  std::optional<std::string> department;
  std::optional<std::string> text;
  std::optional<std::string> limit;
  std::optional<std::string> cursor;
};

// Pages are shared, read-only, and served from memory while no write has happened since.
std::shared_ptr<const Page<Organisation>> list_organisations(
    store::Store& store, const Actor& actor, const OrganisationFilter& filter);

// The reference list of departments, for filters and forms.
const std::vector<Department>& list_departments(const Actor& actor);

Organisation get_organisation(store::Store& store, const Actor& actor, std::int64_t id);

Organisation create_organisation(store::Store& store, const Actor& actor,
                                 const OrganisationDraft& draft);

Organisation update_organisation(store::Store& store, const Actor& actor, std::int64_t id,
                                 const OrganisationDraft& patch);

// All-or-nothing: throws import_failed (422) listing every bad line, or stores every line.
std::vector<Organisation> import_structures(store::Store& store, const Actor& actor,
                                            std::string_view csv_text);

}  // namespace relais::app
