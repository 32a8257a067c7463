#include "core/status_report.hpp"

#include <gtest/gtest.h>

namespace relais {
namespace {
std::vector<std::string> errors_of(const LineErrors& report) {
  const auto errors = report.listed();
  std::vector<std::string> out;
  for (const auto& e : errors)
    out.push_back(std::to_string(e.line) + ":" + e.field + ":" + e.reason);
  return out;
}
}  // namespace

TEST(StatusReport, ReadsAndChecksACsvReport) {
  LineErrors read_errors;
  auto raw = read_status_csv(
      "ICCID;Statut;Date;Conso_Mo\n"
      "8933102000012000007F;activated;2020-04-20;0\n"
      "8933102000012000015;suspended;2020-05-02T10:00:00Z;1536\n"
      "8933102000012000016;sold;2020-13-01;-4\n",
      read_errors);
  ASSERT_TRUE(read_errors.empty());
  auto report = check_status_lines(raw);
  ASSERT_EQ(report.lines.size(), 2u);
  EXPECT_EQ(report.lines[0].iccid, "8933102000012000007");
  EXPECT_EQ(report.lines[0].status, "activated");
  EXPECT_EQ(report.lines[1].date, "2020-05-02");
  EXPECT_EQ(report.lines[1].data_used_mb, 1536);
  EXPECT_EQ(errors_of(report.errors),
            (std::vector<std::string>{"4:iccid:iccid_bad_check_digit", "4:status:unknown_status",
                                      "4:date:bad_date", "4:data_used_mb:not_a_number"}));
}

TEST(StatusReport, ReadsNumbersAndSwaps) {
  LineErrors read_errors;
  auto raw = read_status_csv(
      "iccid,status,date,msisdn,new_iccid,data_used_mb\n"
      "8933102000012000007,activated,2026-12-01,0612345678,,\n"
      "8933102000012000015,swapped,2026-12-02,,8933102000012000023,\n"
      "8933102000012000015,swapped,2026-12-02,,,\n"
      "8933102000012000015,blocked,2026-12-02,,8933102000012000023,\n"
      "8933102000012000015,topped_up,2026-12-03,,89331020000120000,12\n",
      read_errors);
  ASSERT_TRUE(read_errors.empty());
  auto report = check_status_lines(raw);
  ASSERT_EQ(report.lines.size(), 2u);
  EXPECT_EQ(report.lines[0].msisdn, "0612345678");
  EXPECT_EQ(report.lines[0].new_iccid, std::nullopt);
  EXPECT_EQ(report.lines[1].status, "swapped");
  EXPECT_EQ(report.lines[1].new_iccid, "8933102000012000023");
  EXPECT_EQ(errors_of(report.errors),
            (std::vector<std::string>{"4:new_iccid:required", "5:new_iccid:only_for_swap",
                                      "6:new_iccid:only_for_swap"}));
}

TEST(StatusReport, NeedsItsColumns) {
  LineErrors errors;
  read_status_csv("iccid,when\n1,2\n", errors);
  EXPECT_EQ(errors_of(errors),
            (std::vector<std::string>{"1:status:missing_column", "1:date:missing_column"}));
}

// DESIGN.md rule 7: an error echoes at most 32 bytes of any cell, the date and the data used
// included (a 1 MB date cell was echoed whole, into memory and into the answer).
TEST(StatusReport, EchoesAtMostThirtyTwoBytesOfABadValue) {
  std::vector<RawStatusLine> raw(1);
  raw[0].line = 2;
  raw[0].iccid = "8933102000012000007";
  raw[0].status = "activated";
  raw[0].date = std::string(1 << 20, '9');
  raw[0].data_used_mb = std::string(1 << 20, 'x');
  auto report = check_status_lines(raw);
  ASSERT_EQ(errors_of(report.errors),
            (std::vector<std::string>{"2:date:bad_date", "2:data_used_mb:not_a_number"}));
  EXPECT_EQ(report.errors.listed()[0].value, std::string(32, '9'));
  EXPECT_EQ(report.errors.listed()[1].value, std::string(32, 'x'));
}

}  // namespace relais
