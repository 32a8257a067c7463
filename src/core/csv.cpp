#include "core/csv.hpp"

#include <array>
#include <cctype>

#include "core/utf8.hpp"

namespace relais::csv {

char detect_delimiter(std::string_view first_line) {
  std::array<char, 3> candidates = {';', '\t', ','};
  char best = ',';
  size_t best_count = 0;
  for (char c : candidates) {
    size_t count = 0;
    bool quoted = false;
    for (char ch : first_line) {
      if (ch == '"') quoted = !quoted;
      if (!quoted && ch == c) ++count;
    }
    if (count > best_count) {
      best = c;
      best_count = count;
    }
  }
  return best;
}

Table parse(std::string_view text) {
  Table table;
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  size_t first_end = text.find('\n');
  table.delimiter = detect_delimiter(
      text.substr(0, first_end == std::string_view::npos ? text.size() : first_end));
  const char delim = table.delimiter;

  int line = 1;
  size_t i = 0;
  const size_t n = text.size();
  while (i < n) {
    Row row;
    row.line = line;
    std::string field;
    bool row_has_content = false;
    bool at_field_start = true;
    bool done = false;
    while (!done) {
      if (i >= n) {
        done = true;
        break;
      }
      char c = text[i];
      if (at_field_start && c == '"') {
        // Quoted field: runs until a lone closing quote; may span lines.
        ++i;
        row_has_content = true;
        bool closed = false;
        while (i < n) {
          if (text[i] == '"') {
            if (i + 1 < n && text[i + 1] == '"') {
              field += '"';
              i += 2;
              continue;
            }
            ++i;
            closed = true;
            break;
          }
          if (text[i] == '\n') ++line;
          field += text[i++];
        }
        if (!closed) {
          table.unterminated_quote_line = row.line;
          row.fields.push_back(std::move(field));
          table.rows.push_back(std::move(row));
          return table;
        }
        at_field_start = false;
        continue;
      }
      if (c == delim) {
        row.fields.push_back(std::move(field));
        field.clear();
        row_has_content = true;
        at_field_start = true;
        ++i;
      } else if (c == '\r' && i + 1 < n && text[i + 1] == '\n') {
        i += 2;
        ++line;
        done = true;
      } else if (c == '\n') {
        ++i;
        ++line;
        done = true;
      } else {
        field += c;
        if (c != ' ' && c != '\r') row_has_content = true;
        at_field_start = false;
        ++i;
      }
    }
    if (row_has_content || !field.empty()) {
      row.fields.push_back(std::move(field));
      // A line of spaces only is blank.
      bool blank = row.fields.size() == 1;
      for (char ch : row.fields[0]) {
        if (ch != ' ' && ch != '\r' && ch != '\t') blank = false;
      }
      if (!blank) table.rows.push_back(std::move(row));
    }
  }
  return table;
}

std::string normalise_header(std::string_view name) {
  std::string out;
  for (char c : fold_case_and_accents(name)) {
    if (c != ' ' && c != '_' && c != '-' && c != '\t' && c != '\r') out += c;
  }
  return out;
}

}  // namespace relais::csv
