#include "core/department.hpp"

#include <gtest/gtest.h>

namespace relais {

TEST(Department, ListsTheHundredAndOneDepartments) {
  EXPECT_EQ(departments().size(), 101u);
  EXPECT_EQ(departments().front().code, "01");
  EXPECT_EQ(departments().front().name, "Ain");
}

TEST(Department, AcceptsCorsicaAndOverseasCodes) {
  EXPECT_EQ(find_department("2A")->name, "Corse-du-Sud");
  EXPECT_EQ(find_department("2b")->code, "2B");
  EXPECT_EQ(find_department("976")->name, "Mayotte");
  EXPECT_EQ(find_department("75")->region_name, "Île-de-France");
}

TEST(Department, RefusesCodesThatAreNotDepartments) {
  EXPECT_FALSE(find_department("20"));
  EXPECT_FALSE(find_department("96"));
  EXPECT_FALSE(find_department("977"));
  EXPECT_FALSE(find_department("1"));
  EXPECT_FALSE(find_department(""));
}

}  // namespace relais
