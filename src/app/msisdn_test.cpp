#include "app/msisdn.hpp"

#include <gtest/gtest.h>

namespace relais::app {

TEST(FrenchMobile, AcceptsTheCommonWritingsOfOneNumber) {
  for (const char* v :
       {"0612345678", "+33 6 12 34 56 78", "0033612345678", "06.12.34.56.78", "+33612345678"}) {
    auto check = check_french_mobile(v);
    EXPECT_EQ(check.e164, "+33612345678") << v << " " << check.reason;
  }
  EXPECT_EQ(check_french_mobile("0745678901").e164, "+33745678901");
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

}  // namespace relais::app
