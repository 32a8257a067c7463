#include "core/sim_file.hpp"

#include <gtest/gtest.h>

namespace relais {
namespace {

const OperatorRules kSfr{{"893310"}, {"09", "10", "11", "13"}};

// A stand-in for libphonenumber (tested in app): "+33 6" and "06" numbers of ten digits.
MsisdnCheck fake_mobile(std::string_view raw) {
  std::string digits;
  for (char c : raw) {
    if (c >= '0' && c <= '9') digits += c;
  }
  if (raw.empty()) return {std::nullopt, "required"};
  if (digits.size() == 10 && digits.starts_with("06")) return {"+33" + digits.substr(1), ""};
  return {std::nullopt, "bad_msisdn"};
}

struct Read {
  std::vector<FieldError> header;
  std::vector<SimCard> cards;
  std::vector<std::string> errors;  // "line:column:reason"
};

Read read_all(std::string_view text) {
  Read r;
  SimFileReader reader(text);
  r.header = reader.header_errors();
  SimLine line;
  std::optional<FieldError> count_error;
  std::vector<FieldError> errors;
  while (reader.next(line, count_error)) {
    if (count_error) {
      errors.push_back(*count_error);
      continue;
    }
    if (auto card = check_sim_line(line, kSfr, fake_mobile, errors)) r.cards.push_back(*card);
  }
  if (auto q = reader.quantity_error()) errors.push_back(*q);
  for (const auto& e : errors) {
    r.errors.push_back(std::to_string(e.line) + ":" + e.field + ":" + e.reason);
  }
  return r;
}

}  // namespace

TEST(SimFile, ReadsSemicolonsWithFrenchHeadersBomAndCrlf) {
  auto r = read_all(
      "\xEF\xBB\xBFNuméro;ICCID;PUK1;IMSI;PIN1\r\n"
      "06 12 34 56 78;8933101000000000010F;12345678;208101234567890;0000\r\n");
  ASSERT_TRUE(r.header.empty());
  ASSERT_TRUE(r.errors.empty()) << r.errors.front();
  ASSERT_EQ(r.cards.size(), 1u);
  EXPECT_EQ(r.cards[0].iccid, "8933101000000000010");
  EXPECT_EQ(r.cards[0].msisdn, "+33612345678");
  EXPECT_EQ(r.cards[0].imsi, "208101234567890");
  EXPECT_EQ(r.cards[0].puk, "12345678");
}

TEST(SimFile, NamesEveryBadLineAndColumn) {
  auto r = read_all(
      "iccid,msisdn,imsi,puk\n"
      "8933101000000000010,0612345678,,\n"
      "8933011000000000019,0612345679,,\n"      // Orange's prefix
      "8933101000000000015,0712345678,,1234\n"  // bad check digit, bad number, bad PUK
      "8933101000000000028,0612345670,208011234567890,\n"
      "too,few\n");
  EXPECT_EQ(r.errors,
            (std::vector<std::string>{"3:iccid:wrong_operator", "4:iccid:iccid_bad_check_digit",
                                      "4:msisdn:msisdn_bad_msisdn", "4:puk:bad_puk",
                                      "5:imsi:imsi_wrong_network", "6::wrong_field_count"}));
  EXPECT_EQ(r.cards.size(), 1u);
}

TEST(SimFile, RefusesSecretColumnsWhole) {
  auto r = read_all("ICCID;MSISDN;Ki;OPc;ADM1;KIc1\n8933101000000000010;0612345678;a;b;c;d\n");
  std::vector<std::string> got;
  for (const auto& e : r.header) got.push_back(e.field + ":" + e.reason);
  EXPECT_EQ(got, (std::vector<std::string>{"Ki:secret_column", "OPc:secret_column",
                                           "ADM1:secret_column", "KIc1:secret_column"}));
  EXPECT_TRUE(r.cards.empty());
}

TEST(SimFile, RefusesVendorVariantsOfSecretNames) {
  auto r = read_all("ICCID;MSISDN;KI_ENC;eKi;OPc key;Transport key;PIN1\n");
  std::vector<std::string> got;
  for (const auto& e : r.header) got.push_back(e.field);
  EXPECT_EQ(got, (std::vector<std::string>{"KI_ENC", "eKi", "OPc key", "Transport key"}));
}

TEST(SimFile, ReadsTheVendorOutputFile) {
  auto r = read_all(
      "*HEADER DESCRIPTION\n"
      "*===================\n"
      "Customer: SFR\n"
      "Quantity: 2\n"
      "Type: USIM\n"
      "*\n"
      "*OUTPUT VARIABLES\n"
      "var_out: ICCID/IMSI/MSISDN/PIN1/PUK1\n"
      "8933101000000000010F 208101234567890 0612345678 0000 12345678\n"
      "8933101000000000028F 208101234567891 0612345679 0000 87654321\n");
  ASSERT_TRUE(r.header.empty()) << r.header.front().reason;
  EXPECT_TRUE(r.errors.empty());
  ASSERT_EQ(r.cards.size(), 2u);
  EXPECT_EQ(r.cards[1].iccid, "8933101000000000028");
  EXPECT_EQ(r.cards[1].puk, "87654321");
}

TEST(SimFile, ChecksTheVendorQuantityAndSecrets) {
  auto r = read_all(
      "*HEADER DESCRIPTION\nQuantity: 3\nvar_out: ICCID/IMSI/MSISDN\n"
      "8933101000000000010F 208101234567890 0612345678\n");
  EXPECT_EQ(r.errors, (std::vector<std::string>{"2:Quantity:quantity_mismatch"}));
  auto secret = read_all("*HEADER DESCRIPTION\nQuantity: 1\nvar_out: ICCID/IMSI/MSISDN/KI/OPC\n");
  ASSERT_EQ(secret.header.size(), 2u);
  EXPECT_EQ(secret.header[0].reason, "secret_column");
  EXPECT_EQ(secret.header[0].line, 3);
}

TEST(SimFile, RefusesAFileThatIsNotUtf8) {
  auto r = read_all("iccid;msisdn;nom\n8933101000000000010;0612345678;Cr\xE9teil\n");
  ASSERT_EQ(r.header.size(), 1u);
  EXPECT_EQ(r.header[0].reason, "not_utf8");
  EXPECT_EQ(r.header[0].line, 2);
}

TEST(SimFile, NeedsAnIccidColumn) {
  auto r = read_all("imsi,puk\n208101234567890,12345678\n");
  ASSERT_EQ(r.header.size(), 1u);
  EXPECT_EQ(r.header[0].field, "iccid");
  EXPECT_EQ(read_all("").header.at(0).reason, "empty_file");
}

TEST(SimFile, CardsWithoutNumbersWhenTheFileHasNoNumberColumn) {
  // A vendor's output file seldom has numbers: the operator gives each at activation.
  auto r = read_all(
      "*HEADER DESCRIPTION\nQuantity: 2\nvar_out: ICCID/IMSI/PUK1\n"
      "8933102000012000007 208101234567890 12345678\n"
      "8933102000012000015 208101234567891 12345679\n");
  EXPECT_TRUE(r.header.empty());
  EXPECT_TRUE(r.errors.empty());
  ASSERT_EQ(r.cards.size(), 2u);
  EXPECT_EQ(r.cards[0].msisdn, "");
  // With a number column, each card needs its number.
  auto numbered = read_all("iccid,msisdn\n8933102000012000007,\n");
  EXPECT_EQ(numbered.errors, (std::vector<std::string>{"2:msisdn:required"}));
}

}  // namespace relais
