#include "core/referral.hpp"

#include <gtest/gtest.h>

#include "core/needs.hpp"

namespace relais {

TEST(Referral, BuildsAMinimalReferral) {
  ReferralDraft d{12, 2, 3, {"prs", "fr"}, {"schooling", "keep_in_touch"}, "Besoin urgent"};
  auto r = build_referral(d);
  ASSERT_TRUE(r.errors.empty());
  EXPECT_EQ(r.referral.children, 3);
  EXPECT_EQ(r.referral.languages, (std::vector<std::string>{"prs", "fr"}));
}

TEST(Referral, NamesEveryBadField) {
  ReferralDraft d{std::nullopt, 0, 21, {"xx", "fr", "fr"}, {}, std::string(281, 'a')};
  std::vector<std::string> got;
  for (const auto& e : build_referral(d).errors) got.push_back(e.field + ":" + e.reason);
  EXPECT_EQ(got,
            (std::vector<std::string>{"structure_id:required", "adults:out_of_range",
                                      "children:out_of_range", "languages:unknown_languages",
                                      "languages:repeated", "needs:required", "note:too_long"}));
}

TEST(Referral, PseudonymsUseAnUnambiguousAlphabet) {
  EXPECT_EQ(format_pseudonym({0, 0, 0, 0, 0}), "R-0000-0000");
  EXPECT_EQ(format_pseudonym({0xFF, 0xFF, 0xFF, 0xFF, 0xFF}), "R-ZZZZ-ZZZZ");
  const std::string p = format_pseudonym({0x3A, 0x91, 0x07, 0xC4, 0x5E});
  EXPECT_EQ(p.size(), 11u);
  EXPECT_EQ(p.find_first_of("ILOU"), std::string::npos);
}

TEST(Languages, CoverTheIssuesListWithNativeNames) {
  for (const char* code : {"fr", "en", "ar", "prs", "ps", "ti", "so", "ru", "ka", "sq", "uk", "es",
                           "pt", "tr", "bn", "ur"}) {
    ASSERT_NE(find_language(code), nullptr) << code;
  }
  EXPECT_EQ(find_language("prs")->native, "دری");
  EXPECT_EQ(find_language("prs")->french, "dari");
  EXPECT_FALSE(is_need("nationality"));
}

}  // namespace relais
