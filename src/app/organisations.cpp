#include "app/organisations.hpp"
#include "store/store.hpp"

#include "app/audit.hpp"
#include "app/clock.hpp"
#include "app/pagination.hpp"
#include "app/versioned_cache.hpp"
#include "core/authorization.hpp"
#include "core/department.hpp"
#include "core/error.hpp"
#include "core/operators.hpp"
#include "core/structure_import.hpp"

namespace relais::app {
namespace {

void require(const Actor& actor, Action action) {
  if (!allowed(actor.role, action)) throw Error(ErrorKind::kForbidden, "forbidden");
}

[[noreturn]] void not_found() {
  throw Error(ErrorKind::kNotFound, "not_found", {"entity.organisation"});
}

FieldError name_taken(const Organisation& org) {
  return field_error("name", org.name, "name_taken");
}

// Validation shared by create and update: field rules, then the role's right to the kind,
// then uniqueness of (name, commune).
Organisation checked(store::Transaction& tx, const Actor& actor, const OrganisationDraft& draft,
                     std::int64_t id) {
  OrganisationResult result = build_organisation(draft);
  if (result.errors.empty() && !may_write_kind(actor.role, result.organisation.kind)) {
    throw Error(ErrorKind::kForbidden, "forbidden");
  }
  if (result.errors.empty()) {
    const Organisation& org = result.organisation;
    auto other = tx.accounts().organisation_named(org.name, org.commune);
    if (other && *other != id) result.errors.push_back(name_taken(org));
    if (org.code) {
      auto holder = tx.accounts().organisation_with_code(*org.code);
      if (holder && *holder != id)
        result.errors.push_back(field_error("code", *org.code, "code_taken"));
    }
  }
  if (!result.errors.empty()) {
    throw Error::validation(std::move(result.errors));
  }
  result.organisation.id = id;
  return result.organisation;
}

std::string describe(const Organisation& o) {
  std::string s = std::string(role_name(o.kind)) + " \"" + o.name + "\"";
  if (o.department) s += " (" + *o.department + ")";
  return s;
}

}  // namespace

std::shared_ptr<const Page<Organisation>> list_organisations(
    store::Store& store, const Actor& actor, const OrganisationFilter& filter) {
  require(actor, Action::kReadOrganisations);
  store::OrganisationQuery q;
  if (filter.kind && !filter.kind->empty()) {
    q.kind = parse_role(*filter.kind);
    if (!q.kind) throw Error(ErrorKind::kBadRequest, "bad_parameter", {"kind", *filter.kind});
  }
  if (filter.department && !filter.department->empty()) {
    auto d = find_department(*filter.department);
    if (!d) {
      throw Error(ErrorKind::kBadRequest, "bad_parameter", {"department", *filter.department});
    }
    q.department = d->code;
  }
  if (filter.text && !filter.text->empty()) q.text = filter.text;
  q.limit = parse_limit(filter.limit);
  q.after = parse_cursor(filter.cursor);
  switch (organisation_scope(actor.role)) {
    case OrganisationScope::kAll:
      break;
    case OrganisationScope::kOwnAndStructures:
      q.own_organisation = actor.organisation_id;
      q.with_structures = true;
      break;
    case OrganisationScope::kOwnOnly:
      q.own_organisation = actor.organisation_id;
      break;
  }
  // Everything the answer depends on; scope is in own_organisation and with_structures.
  std::string key = std::string(q.kind ? role_name(*q.kind) : "") + '\x1f' +
                    q.department.value_or("") + '\x1f' + q.text.value_or("") + '\x1f' +
                    std::to_string(q.own_organisation.value_or(0)) + '\x1f' +
                    (q.with_structures ? "s" : "") + '\x1f' + std::to_string(q.limit) + '\x1f' +
                    (q.after ? encode_cursor(*q.after) : "");
  static VersionedCache<Page<Organisation>> cache(512);
  // The version read with the session in this request costs no query; else one is read.
  if (!actor.data_version.empty()) {
    if (auto hit = cache.get(actor.data_version, key)) return hit;
  }
  auto tx = store.begin(store::Mode::kRead);
  const std::string version = tx->audit().data_version();
  if (auto hit = cache.get(version, key)) return hit;
  auto page = std::make_shared<const Page<Organisation>>(tx->accounts().organisations(q));
  cache.put(version, key, page);
  return page;
}

const std::vector<Department>& list_departments(const Actor& actor) {
  require(actor, Action::kReadDepartments);
  return departments();
}

Organisation get_organisation(store::Store& store, const Actor& actor, std::int64_t id) {
  require(actor, Action::kReadOrganisations);
  auto tx = store.begin(store::Mode::kRead);
  auto org = tx->accounts().organisation(id);
  // Out of scope answers like unknown: a structure must not learn that another id exists.
  if (!org || !may_read_organisation(actor.role, actor.organisation_id, org->id, org->kind)) {
    not_found();
  }
  return *org;
}

Organisation create_organisation(store::Store& store, const Actor& actor,
                                 const OrganisationDraft& draft) {
  require(actor, Action::kWriteOrganisations);
  auto tx = store.begin(store::Mode::kWrite);
  Organisation org = checked(*tx, actor, draft, 0);
  org.created_at = org.updated_at = now_iso();
  org.id = tx->accounts().insert_organisation(org);
  // A known French operator comes with its numbering, which batch imports check.
  if (org.kind == Role::kOperator && org.code) {
    if (const KnownOperator* known = find_french_operator(*org.code)) {
      tx->operators().put_operator_profile(known_profile(org.id, *known));
    }
  }
  append_audit(*tx, actor, "organisation.create", "organisation", org.id, describe(org));
  tx->commit();
  return org;
}

Organisation update_organisation(store::Store& store, const Actor& actor, std::int64_t id,
                                 const OrganisationDraft& patch) {
  require(actor, Action::kWriteOrganisations);
  auto tx = store.begin(store::Mode::kWrite);
  auto existing = tx->accounts().organisation(id);
  if (!existing ||
      !may_read_organisation(actor.role, actor.organisation_id, existing->id, existing->kind)) {
    not_found();
  }
  if (!may_write_kind(actor.role, existing->kind)) throw Error(ErrorKind::kForbidden, "forbidden");
  OrganisationDraft draft = OrganisationDraft::from(*existing);
  draft.overlay(patch);
  Organisation org = checked(*tx, actor, draft, id);
  // A user's role is their organisation's kind: the kind cannot change under them.
  if (org.kind != existing->kind && tx->accounts().count_users_of(id) > 0) {
    throw Error::validation({field_error("kind", std::string(role_name(org.kind)), "kind_locked")});
  }
  org.created_at = existing->created_at;
  org.updated_at = now_iso();
  tx->accounts().update_organisation(org);
  append_audit(*tx, actor, "organisation.update", "organisation", id, describe(org));
  tx->commit();
  return org;
}

std::vector<Organisation> import_structures(store::Store& store, const Actor& actor,
                                            std::string_view csv_text) {
  require(actor, Action::kImportStructures);
  StructureImport parsed = parse_structure_file(csv_text);
  auto tx = store.begin(store::Mode::kWrite);
  for (const auto& s : parsed.structures) {
    if (tx->accounts().organisation_named(s.organisation.name, s.organisation.commune)) {
      FieldError e = name_taken(s.organisation);
      e.field = parsed.name_column;
      e.line = s.line;
      parsed.errors.push_back(std::move(e));
    }
  }
  if (!parsed.errors.empty()) throw Error::import_failed(std::move(parsed.errors));
  std::vector<Organisation> created;
  const std::string now = now_iso();
  for (auto& s : parsed.structures) {
    Organisation org = std::move(s.organisation);
    org.created_at = org.updated_at = now;
    org.id = tx->accounts().insert_organisation(org);
    created.push_back(std::move(org));
  }
  append_audit(*tx, actor, "organisation.import", "organisation", std::nullopt,
               std::to_string(created.size()) + " structures imported");
  tx->commit();
  return created;
}

}  // namespace relais::app
