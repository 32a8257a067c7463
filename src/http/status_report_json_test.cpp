#include "http/status_report_json.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/test_error.hpp"

namespace relais::http {
namespace {

std::vector<RawStatusLine> read(std::string_view text, LineErrors& errors) {
  return status_lines_from_json(boost::json::parse(text), errors);
}

}  // namespace

TEST(StatusReportJson, ReadsAListOrAnObjectOfReports) {
  const std::string item =
      R"({"iccid":"8933102000012000007","status":"activated","date":"2026-12-01",)"
      R"("data_used_mb":12,"msisdn":null})";
  for (const std::string& text : {"[" + item + ", 7]", R"({"reports":[)" + item + ", 7]}"}) {
    LineErrors report;
    auto lines = read(text, report);
    const auto errors = report.listed();
    ASSERT_EQ(lines.size(), 1u) << text;
    EXPECT_EQ(lines[0].line, 1);
    EXPECT_EQ(lines[0].iccid, "8933102000012000007");
    EXPECT_EQ(lines[0].data_used_mb, "12");  // a number is read as written
    EXPECT_EQ(lines[0].msisdn, "");
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].line, 2);
    EXPECT_EQ(errors[0].reason, "json_object_expected_item");
    EXPECT_EQ(errors[0].value, "7");
  }
  LineErrors errors;
  EXPECT_EQ(testing::thrown_by([&] { read(R"({"lines":[]})", errors); }).code(), "json_reports_expected")
      << "no list of reports";
}

// DESIGN.md rule 7: an item that is not an object is echoed 60 bytes at most (a 1 MB list was
// echoed whole, into memory and into the answer), cut between characters.
TEST(StatusReportJson, EchoesAtMostSixtyBytesOfAWrongItem) {
  std::string huge = "[[";
  for (int i = 0; i < 100000; ++i) huge += "\"é\",";
  huge += "1]]";
  LineErrors report;
  read(huge, report);
  const auto errors = report.listed();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_LE(errors[0].value.size(), 60u);
  EXPECT_TRUE(errors[0].value.starts_with("[\"é\",\"é\","));
  EXPECT_NE(static_cast<unsigned char>(errors[0].value.back()), 0xC3);  // no half character
}

}  // namespace relais::http
