// What each role may do and see: the single place that answers DESIGN.md's table.
// `app` asks these functions before every read and write; nothing else decides access.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/role.hpp"

namespace relais {

enum class Action {
  kReadOrganisations,
  kWriteOrganisations,  // create, update (a liaison: structures only, see may_write_kind)
  kImportStructures,
  kManageUsers,  // list and create accounts
  kReadDepartments,
  kImportSims,  // an operator: its own batches only (see may_act_for_operator)
  kReadStock,   // the stock summary: counts only
  kReadSims,    // batches and exchanges (an operator: its own only)
  kListSims,    // the cards list: an operator its own, a structure those it holds
  kReadPuk,     // the coordinator; a structure for the cards it holds
  kWriteReferrals,   // an association refers people to structures
  kReadReferrals,    // an association its own, a structure those sent to it, the coordinator
                     // all without their notes
  kWriteRequests,    // a structure asks for cards (its own requests only)
  kReadRequests,     // a structure its own, the liaison those it may endorse, the coordinator
                     // all but other structures' drafts
  kEndorseRequests,  // the liaison
  kDecideRequests,   // the coordinator: approve, reject, fulfil, cancel
  kAllocate,         // the coordinator: preview and apply the allocation
  kReadNeedCounts,   // counts of requests and referrals (masked for the funder)
  kPrepareParcels,   // the coordinator: packing orders from the applied allocation
  kPack,             // logistics (its own orders) and the coordinator: scans, close, replace
  kReadParcels,      // coordinator all, logistics its own, a structure those sent to it
  kShip,             // logistics (its own parcels) and the coordinator: shipments
  kDeclareShipmentLost,  // the coordinator
  kConfirmDelivery,  // a structure, for the parcels sent to it
  kReadIncidents,    // the coordinator all, a structure its own
  kReviewIncidents,  // the coordinator
  kManageCarriers,   // the coordinator: carriers and their tracking pages
  kReadResidents,    // a structure its own residents; the coordinator pseudonyms only; an
                     // association the status of the people it referred
  kWriteResidents,   // a structure: residents, consents, handovers, export and erasure
  kReadLines,        // lines in use, top-ups, line incidents, to-do lists: a structure its
                     // own, the coordinator all
  kRequestTopups,    // a structure for its residents' lines; the coordinator for any line or
                     // a whole programme (approved at once)
  kDecideTopups,     // the coordinator, within the programme's budget
  kDeclareLineIncidents,  // a structure: a resident's line lost, stolen or defective
  kRequestBlocks,    // the coordinator asks the operator to block a line
  kReplaceLines,     // a structure replaces a blocked line with a card it holds
  kRecordFollowUps,  // a structure, with residents who consented
  kReadResults,      // a programme's results and their exports (aggregates, disclosed): the
                     // coordinator and the funder
  kShareResults,     // read-only links to a programme's results: the coordinator and the funder
  kManageBudget,     // a programme's budget lines, funders and IATI profile: the coordinator
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

// Whether the actor may act on the SIM cards of the operator organisation `operator_id`:
// the coordinator for every operator, an operator's users for their own.
bool may_act_for_operator(Role role, std::int64_t own_organisation, std::int64_t operator_id);

// Whether `role` may apply the named SIM transition by hand to a card it can see: the
// coordinator any but the chain's own steps (reserve, release, pack, unpack, ship, deliver,
// which allocation, packing and shipping make; hand_over and take_back, which a handover to a
// resident makes); the operator its line events (activate, suspend, reactivate, expire,
// terminate) on its cards; the holding structure what happens at its door (declare_lost,
// declare_defective, return).
bool may_apply_sim_transition(Role role, std::string_view transition, bool is_operator_of_card,
                              bool is_holder_of_card);

// Who may apply a named request transition (the state machine decides whether it is legal
// now): the structure submits its own requests and cancels them until they are served (reserved
// cards then go back to stock), the liaison
// endorses, the coordinator approves (wholly or in part), rejects, fulfils and cancels. The
// allocation also approves in part a request it cannot serve whole.
bool may_apply_request_transition(Role role, std::string_view transition, bool is_own_request);

// Whether `role` may create or edit an organisation of `kind`.
bool may_write_kind(Role role, Role kind);

}  // namespace relais
