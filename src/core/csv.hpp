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

// Parses the whole text. Blank lines are skipped (but counted for line numbers).
Table parse(std::string_view text);

// Folds case and French accents and strips spaces, '_' and '-',
// so that "Code postal", "code_postal" and "CODE-POSTAL" compare equal.
std::string normalise_header(std::string_view name);

}  // namespace relais::csv
