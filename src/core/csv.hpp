// Reads delimited text files (comma, semicolon or tab; RFC 4180 quoting; UTF-8 with or
// without BOM; LF or CRLF) into rows that remember their line number.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace relais::csv {

struct Row {
  int line = 0;  // 1-based line where the row starts
  std::vector<std::string> fields;
};

struct Table {
  char delimiter = ',';
  std::vector<Row> rows;            // the header is rows[0] when present
  int unterminated_quote_line = 0;  // non-zero when a quoted field never closes
};

// Guesses the delimiter from the first line: the most frequent of ';', '\t' and ','.
char detect_delimiter(std::string_view first_line);

// Reads the rows one at a time, so that a large file is never held as a table (DESIGN
// rule 7): a file of many short fields would take several times its size.
class Reader {
 public:
  explicit Reader(std::string_view text);
  char delimiter() const { return delimiter_; }
  // The next row into `row` (its fields replaced); false at the end. Blank lines are skipped
  // (but counted for line numbers). A quoted field that never closes ends the file: its row
  // is the last one given, and unterminated_quote_line() then names its line.
  bool next(Row& row);
  int unterminated_quote_line() const { return unterminated_quote_line_; }

 private:
  std::string_view text_;
  std::size_t at_ = 0;
  int line_ = 1;
  char delimiter_ = ',';
  int unterminated_quote_line_ = 0;
};

// Parses the whole text into a table (small files: a form's, a test's).
Table parse(std::string_view text);

// Folds case and French accents and strips spaces, '_' and '-',
// so that "Code postal", "code_postal" and "CODE-POSTAL" compare equal.
std::string normalise_header(std::string_view name);

}  // namespace relais::csv
