#include "core/request.hpp"

#include <gtest/gtest.h>

#include "core/authorization.hpp"

namespace relais {
namespace {

std::vector<std::pair<std::string, std::string>> reasons(const std::vector<FieldError>& errors) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& e : errors) out.emplace_back(e.field, e.reason);
  return out;
}

}  // namespace

TEST(Request, AcceptsAWellFormedDraft) {
  RequestDraft d{12, {{"keep_in_touch", 8}, {"schooling", 12}}, {"fr", "prs"}, "Arrivées récentes."};
  EXPECT_TRUE(check_request(d).empty());
}

TEST(Request, NamesEveryBadField) {
  RequestDraft d{0, {{"flying", 1}, {"job_search", -2}, {"job_search", 1}}, {"fr", "xx", "fr"},
                 std::string(501, 'a')};
  using P = std::pair<std::string, std::string>;
  EXPECT_EQ(reasons(check_request(d)),
            (std::vector<P>{{"quantity", "out_of_range"},
                            {"needs", "unknown_needs"},
                            {"needs", "out_of_range"},
                            {"needs", "repeated"},
                            {"leaflet_languages", "unknown_languages"},
                            {"leaflet_languages", "repeated"},
                            {"comment", "too_long"}}));
  RequestDraft missing{};
  EXPECT_EQ(reasons(check_request(missing)),
            (std::vector<P>{{"quantity", "required"}, {"leaflet_languages", "required"}}));
}

TEST(Request, CountsPeoplePerNeedNotCards) {
  // A family of five behind a request for three cards is a valid count.
  RequestDraft d{3, {{"keep_in_touch", 5}}, {"fr"}, ""};
  EXPECT_TRUE(check_request(d).empty());
}

TEST(Request, CapacityMinusCardsHeldBoundsTheQuantity) {
  EXPECT_FALSE(capacity_error(93, 98, 5));
  auto over = capacity_error(94, 98, 5);
  ASSERT_TRUE(over);
  EXPECT_EQ(over->reason, "over_capacity");
  EXPECT_EQ(over->args, (std::vector<std::string>{"98", "5", "0", "93"}));
  // Cards on their way or asked for by other waiting requests take room too.
  EXPECT_FALSE(capacity_error(81, 98, 5, 12));
  EXPECT_EQ(capacity_error(82, 98, 5, 12)->args, (std::vector<std::string>{"98", "5", "12", "81"}));
  // Holding more than its places (capacity lowered since): no room at all, said as 0.
  EXPECT_EQ(capacity_error(1, 10, 12)->args, (std::vector<std::string>{"10", "12", "0", "0"}));
  EXPECT_EQ(capacity_error(1, std::nullopt, 0)->reason, "capacity_unknown");
}

TEST(Authorization, EachRoleAppliesOnlyItsRequestTransitions) {
  EXPECT_TRUE(may_apply_request_transition(Role::kStructure, "submit", true));
  EXPECT_FALSE(may_apply_request_transition(Role::kStructure, "submit", false));
  EXPECT_FALSE(may_apply_request_transition(Role::kStructure, "approve", true));
  EXPECT_TRUE(may_apply_request_transition(Role::kLiaison, "endorse", false));
  EXPECT_FALSE(may_apply_request_transition(Role::kLiaison, "approve", false));
  for (const char* t : {"approve", "approve_partially", "reject", "fulfil", "cancel"}) {
    EXPECT_TRUE(may_apply_request_transition(Role::kCoordinator, t, false)) << t;
  }
  EXPECT_FALSE(may_apply_request_transition(Role::kCoordinator, "submit", false));
  EXPECT_FALSE(may_apply_request_transition(Role::kCoordinator, "endorse", false));
  for (Role r : {Role::kFunder, Role::kOperator, Role::kLogistics, Role::kAssociation}) {
    EXPECT_FALSE(may_apply_request_transition(r, "approve", true));
    EXPECT_FALSE(allowed(r, Action::kAllocate));
  }
  EXPECT_TRUE(allowed(Role::kAssociation, Action::kWriteReferrals));
  EXPECT_FALSE(allowed(Role::kStructure, Action::kWriteReferrals));
  EXPECT_FALSE(allowed(Role::kFunder, Action::kReadRequests));
  EXPECT_TRUE(allowed(Role::kFunder, Action::kReadNeedCounts));
}

}  // namespace relais
