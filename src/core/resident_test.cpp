#include "core/resident.hpp"

#include <gtest/gtest.h>

#include "core/needs.hpp"

namespace relais {
namespace {

std::vector<std::string> reasons(const ResidentCheck& c) {
  std::vector<std::string> out;
  for (const auto& e : c.errors) out.push_back(e.field + ":" + e.reason);
  return out;
}

TEST(Resident, KeepsTheFewFieldsItMayHold) {
  auto c = check_resident({3, 1, {"ar", "fr"}, {"schooling"}, "  Zaïnab "});
  ASSERT_TRUE(c.errors.empty());
  EXPECT_EQ(c.fields.household_size, 3);
  EXPECT_EQ(c.fields.children, 1);
  EXPECT_EQ(c.fields.languages, (std::vector<std::string>{"ar", "fr"}));
  EXPECT_EQ(c.fields.first_name, "Zaïnab");
  // Only household size and languages are required; an empty first name is no first name.
  auto least = check_resident({1, std::nullopt, {"ti"}, {}, ""});
  EXPECT_TRUE(least.errors.empty());
  EXPECT_EQ(least.fields.children, 0);
  EXPECT_FALSE(least.fields.first_name);
}

TEST(Resident, RefusesEachBadFieldWithItsReason) {
  EXPECT_EQ(reasons(check_resident({std::nullopt, std::nullopt, {}, {}, std::nullopt})),
            (std::vector<std::string>{"household_size:required", "languages:required"}));
  EXPECT_EQ(reasons(check_resident({21, 0, {"xx", "ar", "ar"}, {"health"}, std::nullopt})),
            (std::vector<std::string>{"household_size:out_of_range", "languages:unknown_languages",
                                      "languages:repeated", "needs:unknown_needs"}));
  // Children are part of the household: at most its size less one adult.
  EXPECT_EQ(reasons(check_resident({2, 2, {"fr"}, {}, std::nullopt})),
            (std::vector<std::string>{"children:out_of_range"}));
  EXPECT_EQ(reasons(check_resident({2, -1, {"fr"}, {}, std::nullopt})),
            (std::vector<std::string>{"children:out_of_range"}));
  EXPECT_EQ(reasons(check_resident({1, 0, {"fr"}, {}, std::string(51, 'a')})),
            (std::vector<std::string>{"first_name:too_long"}));
  EXPECT_EQ(reasons(check_resident({1, 0, {"fr"}, {}, "Ali\nDROP"})),
            (std::vector<std::string>{"first_name:control_characters"}));
  // 50 characters, not bytes.
  std::string fifty;
  for (int i = 0; i < 50; ++i) fifty += "é";
  EXPECT_TRUE(check_resident({1, 0, {"fr"}, {}, fifty}).errors.empty());
}

TEST(Resident, ALongListIsRefusedOnceNotItemByItem) {
  // 100,000 unknown languages: one error, not 100,000 (DESIGN.md rule 7).
  std::vector<std::string> many(100000, "xx");
  auto c = check_resident({1, 0, many, std::vector<std::string>(7, "training"), std::nullopt});
  EXPECT_EQ(reasons(c), (std::vector<std::string>{"languages:too_many", "needs:too_many"}));
  EXPECT_EQ(c.errors[0].value, "100000");
  EXPECT_EQ(c.errors[0].args, (std::vector<std::string>{"20"}));
  // As many as there are codes is not too many.
  std::vector<std::string> all;
  for (const auto& l : languages()) all.emplace_back(l.code);
  EXPECT_TRUE(check_resident({1, 0, all, {}, std::nullopt}).errors.empty());
  // An unknown code is echoed at most 40 bytes long.
  auto echoed = check_resident({1, 0, {std::string(5000, 'z')}, {}, std::nullopt});
  EXPECT_EQ(echoed.errors.at(0).value.size(), 40u);
}

TEST(Consent, VocabularyIsClosed) {
  EXPECT_TRUE(is_one_of(kConsentPurposes, "follow_up"));
  EXPECT_FALSE(is_one_of(kConsentPurposes, "marketing"));
  EXPECT_TRUE(is_one_of(kConsentMethods, "oral"));
  EXPECT_FALSE(is_one_of(kTakeBackReasons, ""));
}

}  // namespace
}  // namespace relais
