#include "core/card_search.hpp"

#include <gtest/gtest.h>

namespace relais {
namespace {

CardSearch exact_msisdn(const char* e164) {
  CardSearch s;
  s.msisdn = e164;
  return s;
}

TEST(CardSearch, FindsAWholeNumberExactlyHoweverItIsWritten) {
  for (const char* typed : {"06 10 00 00 07", "+33 6 10 00 00 07", "0610000007", "0033610000007",
                            "06.10.00.00.07", "06-10-00-00-07"}) {
    EXPECT_EQ(parse_card_search(typed), exact_msisdn("+33610000007")) << typed;
  }
}

TEST(CardSearch, FindsAWholeIccidExactlyWithoutItsFiller) {
  CardSearch s;
  s.iccid = "8933102000012000015";
  EXPECT_EQ(parse_card_search("8933102000012000015"), s);
  EXPECT_EQ(parse_card_search("8933 1020 0001 2000 015F"), s);
}

TEST(CardSearch, ReadsTheStartOfAnIccidOrANumberAndTheLastDigits) {
  auto iccid_start = parse_card_search("8933102000012000");
  ASSERT_TRUE(iccid_start);
  EXPECT_EQ(iccid_start->iccid_prefix, "8933102000012000");
  EXPECT_EQ(iccid_start->suffix, "8933102000012000");
  EXPECT_FALSE(iccid_start->msisdn_prefix);

  auto number_start = parse_card_search("06 12");
  ASSERT_TRUE(number_start);
  EXPECT_EQ(number_start->msisdn_prefix, "+33612");
  EXPECT_EQ(number_start->suffix, "0612");
  EXPECT_FALSE(number_start->iccid_prefix);

  auto last_digits = parse_card_search("4567");
  ASSERT_TRUE(last_digits);
  EXPECT_EQ(last_digits->suffix, "4567");
  EXPECT_FALSE(last_digits->msisdn_prefix);
  EXPECT_FALSE(last_digits->iccid_prefix);

  auto plus = parse_card_search("+33 7");
  ASSERT_TRUE(plus);
  EXPECT_EQ(plus->msisdn_prefix, "+337");
  EXPECT_FALSE(plus->suffix);
}

TEST(CardSearch, RefusesWhatNoIndexCanAnswer) {
  for (const char* typed : {"", "abc", "+", "123", "45", "'; DROP TABLE sims; --", "%_%"}) {
    EXPECT_FALSE(parse_card_search(typed)) << typed;
  }
  // A wrong check digit is not a whole ICCID: it is searched as a start and as an end.
  auto typo = parse_card_search("8933102000012000016");
  ASSERT_TRUE(typo);
  EXPECT_FALSE(typo->iccid);
  EXPECT_EQ(typo->iccid_prefix, "8933102000012000016");
}

}  // namespace
}  // namespace relais
