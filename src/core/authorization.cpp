#include "core/authorization.hpp"

namespace relais {

bool allowed(Role role, Action action) {
  switch (action) {
    case Action::kReadOrganisations:
    case Action::kReadDepartments:
      return true;  // every role, within organisation_scope
    case Action::kWriteOrganisations:
    case Action::kImportStructures:
      return role == Role::kCoordinator || role == Role::kLiaison;
    case Action::kManageUsers:
      return role == Role::kCoordinator;
    case Action::kImportSims:
    case Action::kReadSims:
      return role == Role::kCoordinator || role == Role::kOperator;
    case Action::kListSims:
      return role == Role::kCoordinator || role == Role::kOperator || role == Role::kStructure;
    case Action::kReadStock:
      return role == Role::kCoordinator || role == Role::kOperator || role == Role::kFunder ||
             role == Role::kLiaison;
    case Action::kReadPuk:
      return role == Role::kCoordinator || role == Role::kStructure;
    case Action::kWriteReferrals:
      return role == Role::kAssociation;
    case Action::kReadReferrals:
      return role == Role::kAssociation || role == Role::kStructure || role == Role::kCoordinator;
    case Action::kWriteRequests:
      return role == Role::kStructure;
    case Action::kReadRequests:
      return role == Role::kStructure || role == Role::kLiaison || role == Role::kCoordinator;
    case Action::kEndorseRequests:
      return role == Role::kLiaison;
    case Action::kDecideRequests:
    case Action::kAllocate:
      return role == Role::kCoordinator;
    case Action::kReadNeedCounts:
      return role == Role::kCoordinator || role == Role::kFunder || role == Role::kLiaison;
    case Action::kPrepareParcels:
      return role == Role::kCoordinator;
    case Action::kPack:
      return role == Role::kCoordinator || role == Role::kLogistics;
    case Action::kReadParcels:
      return role == Role::kCoordinator || role == Role::kLogistics || role == Role::kStructure;
    case Action::kShip:
      return role == Role::kCoordinator || role == Role::kLogistics;
    case Action::kDeclareShipmentLost:
    case Action::kReviewIncidents:
    case Action::kManageCarriers:
      return role == Role::kCoordinator;
    case Action::kConfirmDelivery:
      return role == Role::kStructure;
    case Action::kReadIncidents:
      return role == Role::kCoordinator || role == Role::kStructure;
    case Action::kReadResidents:
      return role == Role::kStructure || role == Role::kCoordinator ||
             role == Role::kAssociation;
    case Action::kWriteResidents:
    case Action::kDeclareLineIncidents:
    case Action::kReplaceLines:
    case Action::kRecordFollowUps:
      return role == Role::kStructure;
    case Action::kReadLines:
    case Action::kRequestTopups:
      return role == Role::kStructure || role == Role::kCoordinator;
    case Action::kDecideTopups:
    case Action::kRequestBlocks:
    case Action::kManageBudget:
      return role == Role::kCoordinator;
    case Action::kReadResults:
    case Action::kShareResults:
      return role == Role::kCoordinator || role == Role::kFunder;
  }
  return false;
}

OrganisationScope organisation_scope(Role role) {
  switch (role) {
    case Role::kCoordinator:
    case Role::kLiaison:
      return OrganisationScope::kAll;
    case Role::kOperator:
    case Role::kLogistics:
    case Role::kAssociation:
      return OrganisationScope::kOwnAndStructures;
    case Role::kStructure:
    case Role::kFunder:
      return OrganisationScope::kOwnOnly;
  }
  return OrganisationScope::kOwnOnly;
}

bool may_read_organisation(Role role, std::int64_t own_organisation, std::int64_t target,
                           Role target_kind) {
  if (target == own_organisation) return true;
  switch (organisation_scope(role)) {
    case OrganisationScope::kAll:
      return true;
    case OrganisationScope::kOwnAndStructures:
      return target_kind == Role::kStructure;
    case OrganisationScope::kOwnOnly:
      return false;
  }
  return false;
}

bool may_apply_request_transition(Role role, std::string_view t, bool is_own_request) {
  switch (role) {
    case Role::kStructure:
      return is_own_request && (t == "submit" || t == "cancel");
    case Role::kLiaison:
      return t == "endorse";
    case Role::kCoordinator:
      return t == "approve" || t == "approve_partially" || t == "reject" || t == "fulfil" ||
             t == "cancel";
    default:
      return false;
  }
}

bool may_act_for_operator(Role role, std::int64_t own_organisation, std::int64_t operator_id) {
  if (role == Role::kCoordinator) return true;
  return role == Role::kOperator && own_organisation == operator_id;
}

bool may_apply_sim_transition(Role role, std::string_view t, bool is_operator_of_card,
                              bool is_holder_of_card) {
  auto any_of = [&](std::initializer_list<std::string_view> names) {
    for (auto n : names) {
      if (n == t) return true;
    }
    return false;
  };
  // The chain's own steps: allocation, packing, shipping and delivery; and the handover of a
  // line to a resident and its taking back, which go through /handovers (consent, one line).
  const bool chain = any_of({"reserve", "release", "pack", "unpack", "ship", "deliver",
                             "hand_over", "take_back"});
  switch (role) {
    case Role::kCoordinator:
      return !chain;
    case Role::kOperator:
      return is_operator_of_card &&
             any_of({"activate", "suspend", "reactivate", "expire", "terminate"});
    case Role::kStructure:
      return is_holder_of_card &&
             any_of({"declare_lost", "declare_defective", "return"});
    default:
      return false;
  }
}

bool may_write_kind(Role role, Role kind) {
  if (role == Role::kCoordinator) return true;
  if (role == Role::kLiaison) return kind == Role::kStructure;
  return false;
}

}  // namespace relais
