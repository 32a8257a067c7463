#include "core/structure_import.hpp"

#include <gtest/gtest.h>

namespace relais {
namespace {
std::vector<std::string> lines(const StructureImport& r) {
  std::vector<std::string> out;
  for (const auto& e : r.errors.listed()) {
    out.push_back(std::to_string(e.line) + ":" + e.field + ":" + e.value + ":" + e.reason);
  }
  return out;
}
}  // namespace

TEST(StructureImport, ReadsFrenchHeadersWithSemicolons) {
  auto r = parse_structure_file(
      "Nom;Type;Capacité;Adresse;Code postal;Commune;Département\n"
      "CADA Coallia Rennes;CADA;85;12 rue de la Paix;35000;Rennes;35\n"
      "HUDA Adoma Ajaccio;HUDA;40;1 cours Napoléon;20000;Ajaccio;2A\n");
  ASSERT_TRUE(r.errors.empty()) << lines(r).front();
  ASSERT_EQ(r.structures.size(), 2u);
  EXPECT_EQ(r.structures[1].line, 3);
  EXPECT_EQ(r.structures[1].organisation.department, "2A");
  EXPECT_EQ(r.structures[1].organisation.kind, Role::kStructure);
}

TEST(StructureImport, ReportsEveryBadLineWithColumnAndValue) {
  auto r = parse_structure_file(
      "name,type,capacity,address,postcode,commune,department\n"
      "CADA A,CADA,50,1 rue A,75001,Paris,75\n"
      "CADA B,CADA,50,1 rue B,20000,Ajaccio,20\n"
      "CADA C,MOTEL,-3,1 rue C,69001,Lyon,69\n"
      "CADA A,CADA,60,2 rue A,75001,Paris,75\n"
      "too,few\n");
  EXPECT_EQ(lines(r), (std::vector<std::string>{
                          "3:department:20:unknown_department",
                          "4:type:MOTEL:unknown_structure_type", "4:capacity:-3:out_of_range",
                          "5:name:CADA A:duplicate_in_file", "6:::wrong_field_count"}));
  EXPECT_EQ(r.structures.size(), 1u);
}

TEST(StructureImport, ReportsUnknownAndMissingColumns) {
  auto r = parse_structure_file("name,kind,capacity\nX,CADA,3\n");
  EXPECT_EQ(lines(r), (std::vector<std::string>{
                          "1:kind:kind:unknown_column", "1:type::missing_column",
                          "1:address::missing_column", "1:postcode::missing_column",
                          "1:commune::missing_column", "1:department::missing_column"}));
}

TEST(StructureImport, NamesColumnsAsTheFileDoes) {
  auto r = parse_structure_file(
      "Nom;Type;Places;Adresse;Code postal;Commune;Département\n"
      "CADA Coallia Rennes;CADA;85;12 rue de la Paix;3500;Rennes;20\n");
  EXPECT_EQ(lines(r), (std::vector<std::string>{"2:Code postal:3500:bad_postcode",
                                                "2:Département:20:unknown_department"}));
}

TEST(StructureImport, RefusesAFileThatIsNotUtf8) {
  auto r = parse_structure_file(
      "name,type,capacity,address,postcode,commune,department\n"
      "CADA A,CADA,50,1 rue A,94000,Cr\xE9teil,94\n");
  EXPECT_EQ(lines(r), (std::vector<std::string>{"2:::not_utf8"}));
}

TEST(StructureImport, RefusesAnEmptyFile) {
  EXPECT_EQ(lines(parse_structure_file("")), (std::vector<std::string>{"1:::empty_file"}));
  EXPECT_EQ(lines(parse_structure_file("name,type,capacity,address,postcode,commune,department\n")),
            (std::vector<std::string>{"1:::no_rows"}));
}

}  // namespace relais
