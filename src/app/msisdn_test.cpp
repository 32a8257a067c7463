#include "app/msisdn.hpp"

#include <gtest/gtest.h>
#include <phonenumbers/phonenumberutil.h>

#include <cstdint>
#include <string>

namespace relais::app {

TEST(FrenchMobile, AcceptsTheCommonWritingsOfOneNumber) {
  for (const char* v :
       {"0612345678", "+33 6 12 34 56 78", "0033612345678", "06.12.34.56.78", "+33612345678"}) {
    auto check = check_french_mobile(v);
    EXPECT_EQ(check.e164, "+33612345678") << v << " " << check.reason;
  }
  EXPECT_EQ(check_french_mobile("0745678901").e164, "+33745678901");
}

// The writings people use skip libphonenumber's parsing: what they answer must be what
// libphonenumber answers for the same text, good numbers and bad alike.
TEST(FrenchMobile, WritingsOnTheFastPathAgreeWithLibphonenumber) {
  const auto& util = *i18n::phonenumbers::PhoneNumberUtil::GetInstance();
  for (const char* v :
       {"06 12 34 56 78", "+33 6 12 34 56 78", "0033 6 12 34 56 78", "06-12-34-56-78",
        "07.45.67.89.01", "+33 7 45 67 89 01", "01 45 67 89 01", "07 12 34 56 78",
        "06 39 00 00 01", "0033 1 45 67 89 01", "06 12 34 56 7", "+33 06 12 34 56 78"}) {
    i18n::phonenumbers::PhoneNumber number;
    const bool parsed =
        util.Parse(v, "FR", &number) == i18n::phonenumbers::PhoneNumberUtil::NO_PARSING_ERROR;
    const bool mobile = parsed && util.IsValidNumber(number) && number.country_code() == 33 &&
                        util.GetNumberType(number) ==
                            i18n::phonenumbers::PhoneNumberUtil::MOBILE;
    auto check = check_french_mobile(v);
    EXPECT_EQ(check.e164.has_value(), mobile) << v;
    if (mobile) {
      EXPECT_EQ(*check.e164, "+33" + std::to_string(number.national_number())) << v;
    }
  }
}

TEST(FrenchMobile, RefusesWhatIsNotAMetropolitanMobile) {
  EXPECT_EQ(check_french_mobile("0712345678").reason, "bad_msisdn");   // 071 is not allocated
  EXPECT_FALSE(check_french_mobile("0639000001").e164);                // Mayotte
  EXPECT_FALSE(check_french_mobile("0690000001").e164);                // Guadeloupe
  EXPECT_FALSE(check_french_mobile("+33690000001").e164);              // same, canonical form
  EXPECT_EQ(check_french_mobile("061234567").reason, "bad_msisdn");    // too short
  EXPECT_EQ(check_french_mobile("06123456789").reason, "bad_msisdn");  // too long
  EXPECT_EQ(check_french_mobile("0145678901").reason, "not_mobile");   // Paris landline
  EXPECT_EQ(check_french_mobile("+447700900123").reason, "not_french");
  EXPECT_EQ(check_french_mobile("n/a").reason, "bad_msisdn");
  EXPECT_EQ(check_french_mobile(" ").reason, "required");
}

// The fast path decides a number's type from libphonenumber's metadata compiled by RE2; it must
// say what libphonenumber itself says. Every four-digit start of a nine-digit national number,
// with three different endings, and every three-digit start at the lengths around it.
TEST(FrenchMobile, FastPathAgreesWithLibphonenumberOnEveryPrefix) {
  using i18n::phonenumbers::PhoneNumber;
  using i18n::phonenumbers::PhoneNumberUtil;
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  ASSERT_NE(french_number_type_by_metadata("612345678"), -1) << "metadata did not compile";
  auto expect_same = [&](const std::string& nsn) {
    PhoneNumber number;
    number.set_country_code(33);
    number.set_national_number(std::stoull(nsn));
    ASSERT_EQ(french_number_type_by_metadata(nsn), static_cast<int>(util.GetNumberType(number)))
        << nsn;
  };
  int mobiles = 0;
  for (int prefix = 1000; prefix <= 9999; ++prefix) {
    const std::string p = std::to_string(prefix);
    for (const char* end : {"00000", "99999", "47213"}) expect_same(p + end);
    if (french_number_type_by_metadata(p + "47213") == PhoneNumberUtil::MOBILE) ++mobiles;
  }
  for (int prefix = 100; prefix <= 999; ++prefix) {
    const std::string p = std::to_string(prefix);
    for (const char* end : {"", "5", "55", "5555", "55555", "555555", "5555555", "55555555"}) {
      expect_same(p + end);
    }
  }
  // 06 and 07 3–9 are mobile ranges, less the overseas ones: hundreds of prefixes, not zero.
  EXPECT_GT(mobiles, 500);
  EXPECT_LT(mobiles, 2000);
}

}  // namespace relais::app
