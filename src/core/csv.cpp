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

Reader::Reader(std::string_view text) : text_(text) {
  if (text_.starts_with("\xEF\xBB\xBF")) text_.remove_prefix(3);
  const std::size_t first_end = text_.find('\n');
  delimiter_ = detect_delimiter(
      text_.substr(0, first_end == std::string_view::npos ? text_.size() : first_end));
}

bool Reader::next(Row& row) {
  const std::string_view text = text_;
  const char delim = delimiter_;
  const std::size_t n = text.size();
  std::size_t& i = at_;
  int& line = line_;
  while (i < n && unterminated_quote_line_ == 0) {
    row.line = line;
    row.fields.clear();
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
          unterminated_quote_line_ = row.line;
          row.fields.push_back(std::move(field));
          i = n;
          return true;
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
      if (!blank) return true;
    }
  }
  return false;
}

Table parse(std::string_view text) {
  Reader reader(text);
  Table table;
  table.delimiter = reader.delimiter();
  Row row;
  while (reader.next(row)) table.rows.push_back(row);
  table.unterminated_quote_line = reader.unterminated_quote_line();
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
