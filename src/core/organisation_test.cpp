#include "core/organisation.hpp"

#include <gtest/gtest.h>

namespace relais {
namespace {

OrganisationDraft valid_structure() {
  OrganisationDraft d;
  d.kind = "structure";
  d.name = "CADA Coallia Rennes";
  d.structure_type = "CADA";
  d.capacity = "85";
  d.address = "12 rue de la Paix";
  d.postcode = "35000";
  d.commune = "Rennes";
  d.department = "35";
  return d;
}

std::vector<std::string> reasons(const OrganisationResult& r) {
  std::vector<std::string> out;
  for (const auto& e : r.errors) out.push_back(e.field + ":" + e.reason);
  return out;
}

}  // namespace

TEST(Organisation, BuildsAValidStructure) {
  auto r = build_organisation(valid_structure());
  ASSERT_TRUE(r.errors.empty());
  EXPECT_EQ(r.organisation.kind, Role::kStructure);
  EXPECT_EQ(r.organisation.capacity, 85);
  EXPECT_EQ(r.organisation.department, "35");
}

TEST(Organisation, NamesEveryBadFieldOfAStructure) {
  OrganisationDraft d = valid_structure();
  d.structure_type = "HOTEL";
  d.capacity = "beaucoup";
  d.postcode = "3500";
  d.department = "20";
  d.commune = "";
  auto r = build_organisation(d);
  EXPECT_EQ(reasons(r),
            (std::vector<std::string>{"structure_type:unknown_structure_type",
                                      "capacity:not_a_number", "commune:required",
                                      "postcode:bad_postcode", "department:unknown_department"}));
  EXPECT_EQ(r.errors.back().value, "20");
}

TEST(Organisation, RefusesCapacityOutOfRange) {
  OrganisationDraft d = valid_structure();
  d.capacity = "0";
  EXPECT_EQ(reasons(build_organisation(d)), (std::vector<std::string>{"capacity:out_of_range"}));
  d.capacity = "99999999999";
  EXPECT_EQ(reasons(build_organisation(d)), (std::vector<std::string>{"capacity:out_of_range"}));
}

TEST(Organisation, AcceptsStructureTypeInAnyCase) {
  OrganisationDraft d = valid_structure();
  d.structure_type = "huda";
  EXPECT_EQ(build_organisation(d).organisation.structure_type, "HUDA");
}

TEST(Organisation, AnOperatorNeedsNoAddressButNoStructureFields) {
  OrganisationDraft d;
  d.kind = "operator";
  d.name = "SFR";
  d.code = "SFR";
  auto ok = build_organisation(d);
  EXPECT_TRUE(ok.errors.empty());
  EXPECT_EQ(ok.organisation.code, "SFR");
  d.capacity = "10";
  d.code = "sfr";
  EXPECT_EQ(reasons(build_organisation(d)),
            (std::vector<std::string>{"code:bad_code", "capacity:only_for_structures"}));
}

TEST(Organisation, RequiresKindAndName) {
  auto r = build_organisation(OrganisationDraft{});
  EXPECT_EQ(reasons(r), (std::vector<std::string>{"kind:required", "name:required"}));
  OrganisationDraft d;
  d.kind = "ngo";
  d.name = std::string(201, 'x');
  EXPECT_EQ(reasons(build_organisation(d)),
            (std::vector<std::string>{"kind:unknown_kind", "name:too_long"}));
}

TEST(Organisation, OverlayKeepsUnsetFieldsAndClearsEmptyOnes) {
  auto base = build_organisation(valid_structure()).organisation;
  OrganisationDraft d = OrganisationDraft::from(base);
  OrganisationDraft patch;
  patch.capacity = "120";
  patch.address = "";
  d.overlay(patch);
  auto r = build_organisation(d);
  EXPECT_EQ(reasons(r), (std::vector<std::string>{"address:required"}));
  EXPECT_EQ(r.organisation.capacity, 120);
  EXPECT_EQ(r.organisation.name, "CADA Coallia Rennes");
}

}  // namespace relais
