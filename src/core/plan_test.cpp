#include "core/plan.hpp"

#include <gtest/gtest.h>

namespace relais {

TEST(Plan, BuildsTheOperationsPlan) {
  PlanDraft d{"CU-2020", "Connexion d'Urgence", 10, 90, 1000, true, true};
  auto r = build_plan(d);
  ASSERT_TRUE(r.errors.empty());
  EXPECT_EQ(r.plan.code, "CU-2020");
  EXPECT_EQ(r.plan.validity_days, 90);
  EXPECT_TRUE(r.plan.rechargeable);
}

TEST(Plan, NamesEveryBadField) {
  PlanDraft d{"cu 2020", "", -1, 0, std::nullopt, std::nullopt, false};
  std::vector<std::string> got;
  for (const auto& e : build_plan(d).errors) got.push_back(e.field + ":" + e.reason);
  EXPECT_EQ(got, (std::vector<std::string>{"code:bad_code", "name:required", "data_gb:out_of_range",
                                           "validity_days:out_of_range", "unit_cost_cents:required",
                                           "calls_sms_included:required"}));
}

}  // namespace relais
