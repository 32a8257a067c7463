#include "core/csv.hpp"

#include <gtest/gtest.h>

namespace relais::csv {

TEST(Csv, ReadsCommaSeparatedRowsWithLineNumbers) {
  Table t = parse("a,b\n1,2\n\n3,4\n");
  ASSERT_EQ(t.rows.size(), 3u);
  EXPECT_EQ(t.delimiter, ',');
  EXPECT_EQ(t.rows[1].line, 2);
  EXPECT_EQ(t.rows[2].line, 4);  // the blank line 3 still counts
  EXPECT_EQ(t.rows[2].fields, (std::vector<std::string>{"3", "4"}));
}

TEST(Csv, DetectsSemicolonsAndTabsAndStripsBomAndCrlf) {
  Table t = parse("\xEF\xBB\xBFnom;places\r\nCADA Lyon;80\r\n");
  EXPECT_EQ(t.delimiter, ';');
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(t.rows[0].fields[0], "nom");
  EXPECT_EQ(t.rows[1].fields[1], "80");
  EXPECT_EQ(parse("a\tb\n1\t2").delimiter, '\t');
}

TEST(Csv, KeepsQuotedDelimitersQuotesAndNewlines) {
  Table t = parse("name,address\n\"Foyer \"\"Le Phare\"\"\",\"3, rue X\nBât. B\"\nz,y\n");
  ASSERT_EQ(t.rows.size(), 3u);
  EXPECT_EQ(t.rows[1].fields[0], "Foyer \"Le Phare\"");
  EXPECT_EQ(t.rows[1].fields[1], "3, rue X\nBât. B");
  EXPECT_EQ(t.rows[2].line, 4);
}

TEST(Csv, ReportsAnUnterminatedQuote) {
  Table t = parse("a,b\n1,\"open\n2,3\n");
  EXPECT_EQ(t.unterminated_quote_line, 2);
}

TEST(Csv, KeepsEmptyTrailingFields) {
  Table t = parse("a,b,c\n1,,\n");
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(t.rows[1].fields, (std::vector<std::string>{"1", "", ""}));
}

TEST(Csv, NormalisesHeaderNames) {
  EXPECT_EQ(normalise_header("Code postal"), "codepostal");
  EXPECT_EQ(normalise_header("CAPACITÉ"), "capacite");
  EXPECT_EQ(normalise_header("département"), "departement");
  EXPECT_EQ(normalise_header("code_postal"), "codepostal");
}

}  // namespace relais::csv
