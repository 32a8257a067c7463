#include "core/csv.hpp"

#include <array>
#include <cctype>

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
  for (size_t i = 0; i < name.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(name[i]);
    // Two-byte UTF-8 Latin-1 letters: é è ê ë à â ç ô î ï ù û and capitals fold to ASCII.
    if (c == 0xC3 && i + 1 < name.size()) {
      unsigned char d = static_cast<unsigned char>(name[i + 1]) | 0x20;
      char folded = 0;
      if (d >= 0xA0 && d <= 0xA5)
        folded = 'a';
      else if (d == 0xA7)
        folded = 'c';
      else if (d >= 0xA8 && d <= 0xAB)
        folded = 'e';
      else if (d >= 0xAC && d <= 0xAF)
        folded = 'i';
      else if (d >= 0xB2 && d <= 0xB6)
        folded = 'o';
      else if (d >= 0xB9 && d <= 0xBC)
        folded = 'u';
      if (folded) {
        out += folded;
        ++i;
        continue;
      }
    }
    if (c == ' ' || c == '_' || c == '-' || c == '\t' || c == '\r') continue;
    out += static_cast<char>(std::tolower(c));
  }
  return out;
}

}  // namespace relais::csv
