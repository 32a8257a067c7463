// Reads the files an operator or a SIM vendor sends with a batch of SIM cards, line by line
// (a million-line file is never held as rows), and checks each card (DESIGN.md rule 5).
//
// Two layouts are understood:
// - delimited text (comma, semicolon or tab) with a header row naming the columns, in English
//   or French: iccid; msisdn | numero | telephone | phone (optional); imsi; puk | puk1;
// - the vendor "output file": a `*HEADER DESCRIPTION` block with `Quantity: N`, a
//   `var_out: ICCID/IMSI/...` line naming the columns, then whitespace-separated rows.
// A file naming a secret column (Ki, OPc, ADM1..4, KIc/KID/KIK, OTA keys) is refused whole:
// Relais never holds SIM secrets.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/phone_rules.hpp"

namespace relais {

// One data line as written in the file.
struct SimLine {
  int line = 0;
  std::string_view iccid, msisdn, imsi, puk;  // empty when the column is absent or blank
  // Whether the file has a number column. Without one, the cards come without numbers (a SIM
  // vendor's output file seldom has them): the operator gives each at activation. With one,
  // every card needs its number.
  bool numbered = true;
};

class SimFileReader {
 public:
  explicit SimFileReader(std::string_view text);

  // Problems of the file as a whole (layout, secret or missing columns). When there are any,
  // next() yields nothing.
  const std::vector<FieldError>& header_errors() const { return header_errors_; }
  bool vendor_layout() const { return vendor_; }

  // The next data line; false at the end of the file. Lines with the wrong number of fields
  // come back with `field_count_error` set.
  bool next(SimLine& out, std::optional<FieldError>& field_count_error);

  // For reading on several threads: the raw text of the next `max_lines` lines (nullopt at the
  // end) and the number of its first line; parse_chunk, which only reads the layout, turns it
  // into data lines (and wrong field counts into errors) on any thread, and returns how many
  // data rows it held. Rows read this way are counted with count_rows.
  std::optional<std::string_view> next_chunk(std::size_t max_lines, int& first_line);
  long parse_chunk(std::string_view chunk, int first_line, std::vector<SimLine>& lines,
                   std::vector<FieldError>& errors) const;
  void count_rows(long rows) { rows_ += rows; }

  // After the last line: a declared quantity that does not match the rows read.
  std::optional<FieldError> quantity_error() const;

 private:
  bool read_line(std::string_view& line);
  // One raw line: false when it holds no data (blank, vendor comment).
  bool parse_line(std::string_view raw, int line_no, std::vector<std::string_view>& fields,
                  SimLine& out, std::optional<FieldError>& field_count_error) const;
  void read_delimited_header();
  void read_vendor_header();

  std::string_view text_;
  std::size_t pos_ = 0;
  int line_no_ = 0;
  bool vendor_ = false;
  char delimiter_ = ',';
  std::size_t field_count_ = 0;
  int iccid_col_ = -1, msisdn_col_ = -1, imsi_col_ = -1, puk_col_ = -1;
  std::optional<long> declared_quantity_;
  int quantity_line_ = 0;
  long rows_ = 0;
  std::vector<FieldError> header_errors_;
};

// What the batch's operator allows.
struct OperatorRules {
  std::vector<std::string> iccid_prefixes;        // "893310"
  std::vector<std::string> mobile_network_codes;  // "10"
};

// A checked card: canonical values, ready to store.
struct SimCard {
  std::string iccid;
  std::string msisdn;  // E.164; empty when the file has no number column
  std::optional<std::string> imsi;
  std::optional<std::string> puk;
};

// Checks one line; on refusal appends one error per bad column to `errors` and returns nullopt.
std::optional<SimCard> check_sim_line(const SimLine& line, const OperatorRules& rules,
                                      const MsisdnValidator& msisdn,
                                      std::vector<FieldError>& errors);

}  // namespace relais
