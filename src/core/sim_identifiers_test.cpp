#include "core/sim_identifiers.hpp"

#include <gtest/gtest.h>

#include "core/operators.hpp"

namespace relais {

// Vectors published by others (operators' and vendors' documentation, test suites), copied
// as data: the issue lists them.
TEST(Iccid, AcceptsPublishedValidVectors) {
  for (const char* v : {"8988211000000530082", "89882110000005300811", "8949440000001155314",
                        "89445310150011013678", "89000123456789012341", "8965030119110000013"}) {
    std::string reason;
    EXPECT_EQ(canonical_iccid(v, &reason), std::string(v)) << v << " " << reason;
  }
}

TEST(Iccid, StripsTheTrailingFiller) {
  EXPECT_EQ(canonical_iccid("8931089318104284409F"), "8931089318104284409");
  EXPECT_EQ(canonical_iccid(" 8931089318104284409f "), "8931089318104284409");
}

TEST(Iccid, RefusesPublishedInvalidVectorsWithTheReason) {
  std::string reason;
  EXPECT_FALSE(canonical_iccid("2222334455667788990", &reason));
  EXPECT_EQ(reason, "not_telecom");
  EXPECT_FALSE(canonical_iccid("8988211000000000001", &reason));
  EXPECT_EQ(reason, "bad_check_digit");
  EXPECT_FALSE(canonical_iccid("896503011911000001", &reason));
  EXPECT_EQ(reason, "bad_length");
  EXPECT_FALSE(canonical_iccid("89852202401310123456", &reason));
  EXPECT_EQ(reason, "bad_check_digit");
  EXPECT_FALSE(canonical_iccid("89331O0000000000001", &reason));
  EXPECT_EQ(reason, "not_digits");
  EXPECT_FALSE(canonical_iccid("", &reason));
  EXPECT_EQ(reason, "not_digits");
}

TEST(Iccid, ChecksTheOperatorsIssuerPrefix) {
  std::vector<std::string> sfr = {"893310"};
  EXPECT_TRUE(iccid_has_prefix("8933101234567890123", sfr));
  EXPECT_FALSE(iccid_has_prefix("8933011234567890123", sfr));  // Orange
}

TEST(Iccid, EachKnownOperatorOwnsItsPrefix) {
  const auto* orange = find_french_operator("ORANGE");
  ASSERT_NE(orange, nullptr);
  EXPECT_TRUE(iccid_has_prefix("8933011000000000019", orange->iccid_prefixes));
  EXPECT_FALSE(iccid_has_prefix("8933101000000000010", orange->iccid_prefixes));
  EXPECT_EQ(find_french_operator("BOUYGUES")->mobile_network_codes,
            (std::vector<std::string>{"20", "21", "88"}));
  EXPECT_EQ(find_french_operator("LYCA"), nullptr);
}

TEST(Numbering, ChecksPrefixesAndNetworkCodes) {
  EXPECT_TRUE(check_numbering({"893340"}, {"26"}).empty());
  auto errors = check_numbering({"123456", "8933"}, {"1"});
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0].reason, "bad_iccid_prefix");
  EXPECT_EQ(errors[1].value, "8933");
  EXPECT_EQ(errors[2].reason, "bad_mnc");
  EXPECT_EQ(check_numbering({}, {}).size(), 2u);
}

TEST(Imsi, NeedsFranceAndOneOfTheOperatorsNetworks) {
  std::vector<std::string> sfr = {"09", "10", "11", "13"};
  std::string reason;
  EXPECT_EQ(checked_imsi("208101234567890", sfr), "208101234567890");
  EXPECT_EQ(checked_imsi("20813123456789", sfr), "20813123456789");
  EXPECT_FALSE(checked_imsi("208011234567890", sfr, &reason));
  EXPECT_EQ(reason, "wrong_network");
  EXPECT_FALSE(checked_imsi("234101234567890", sfr, &reason));
  EXPECT_EQ(reason, "wrong_country");
  EXPECT_FALSE(checked_imsi("2081012345", sfr, &reason));
  EXPECT_EQ(reason, "bad_length");
}

TEST(Puk, IsEightDigits) {
  EXPECT_TRUE(is_valid_puk("12345678"));
  EXPECT_FALSE(is_valid_puk("1234567"));
  EXPECT_FALSE(is_valid_puk("1234567a"));
}

}  // namespace relais
