// What each role may do and see: the single place that answers DESIGN.md's table.
// `app` asks these functions before every read and write; nothing else decides access.
#pragma once

#include <cstdint>

#include "core/role.hpp"

namespace relais {

enum class Action {
  kReadOrganisations,
  kWriteOrganisations,  // create, update (a liaison: structures only, see may_write_kind)
  kImportStructures,
  kManageUsers,  // list and create accounts
  kReadDepartments,
};

bool allowed(Role role, Action action);

// Which organisations a role may read.
enum class OrganisationScope {
  kAll,               // coordinator, liaison
  kOwnAndStructures,  // operator, logistics, association: the structures directory
  kOwnOnly,           // structure, funder
};
OrganisationScope organisation_scope(Role role);

// Whether `role` may read organisation `target` (of `target_kind`), given its own organisation.
bool may_read_organisation(Role role, std::int64_t own_organisation, std::int64_t target,
                           Role target_kind);

// Whether `role` may create or edit an organisation of `kind`.
bool may_write_kind(Role role, Role kind);

}  // namespace relais
