#include "docs/writing.hpp"

#include <gtest/gtest.h>

namespace relais::docs {

TEST(DateText, WritesFrenchAndEnglishDatesInWords) {
  EXPECT_EQ(date_text("fr", "2027-06-05"), "5 juin 2027");
  EXPECT_EQ(date_text("fr", "2027-02-01"), "1er février 2027");
  EXPECT_EQ(date_text("fr", "2026-12-31"), "31 décembre 2026");
  EXPECT_EQ(date_text("en", "2027-06-05"), "5 June 2027");
  EXPECT_EQ(date_text("en", "2027-01-01"), "1 January 2027");
}

TEST(DateText, KeepsTheIsoFormForOtherLanguagesAndWhatIsNotADate) {
  EXPECT_EQ(date_text("ar", "2027-06-05"), "2027-06-05");
  EXPECT_EQ(date_text("ti", "2027-06-05"), "2027-06-05");
  EXPECT_EQ(date_text("fr", "2027-13-05"), "2027-13-05");
  EXPECT_EQ(date_text("fr", "05/06/2027"), "05/06/2027");
  EXPECT_EQ(date_text("en", ""), "");
}

TEST(PhoneText, GroupsFrenchNumbersForReadingAloud) {
  EXPECT_EQ(phone_text("+33612345678"), "+33 6 12 34 56 78");
  EXPECT_EQ(phone_text("+262692123456"), "+262 692 12 34 56");
  EXPECT_EQ(phone_text("+590690123456"), "+590 690 12 34 56");
  EXPECT_EQ(phone_text("+4915112345678"), "+4915112345678");
  EXPECT_EQ(phone_text("0612345678"), "0612345678");
}

TEST(Writing, IsolatesValuesOnlyInRightToLeftLanguages) {
  for (const char* lang : {"ar", "prs", "ps", "fa", "ur"}) EXPECT_TRUE(is_right_to_left(lang));
  for (const char* lang : {"fr", "en", "ti", "ku", "bn", ""}) EXPECT_FALSE(is_right_to_left(lang));
  EXPECT_EQ(isolate("ar", "+33 6"), "\u2068+33 6\u2069");
  EXPECT_EQ(isolate("fr", "+33 6"), "+33 6");
}

}  // namespace relais::docs
