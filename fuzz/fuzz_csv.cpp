// Feeds any bytes to the delimited-text reader every import starts with (core/csv). The rows it
// reads, written again with every field quoted, must read back the same.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/csv.hpp"

namespace {

std::string quoted_csv(const relais::csv::Table& table) {
  std::string out;
  for (const auto& row : table.rows) {
    for (std::size_t i = 0; i < row.fields.size(); ++i) {
      if (i > 0) out += ',';
      out += '"';
      for (char c : row.fields[i]) {
        if (c == '"') out += '"';
        out += c;
      }
      out += '"';
    }
    out += '\n';
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const relais::csv::Table table = relais::csv::parse(text);
  int last_line = 0;
  for (const auto& row : table.rows) {
    // Rows come in file order, each on a line of its own, none of them empty.
    if (row.line <= last_line || row.fields.empty()) std::abort();
    last_line = row.line;
  }
  if (!table.rows.empty()) {
    for (const auto& name : table.rows[0].fields) (void)relais::csv::normalise_header(name);
  }
  if (table.unterminated_quote_line != 0) return 0;  // the last row is cut, not closed
  const relais::csv::Table again = relais::csv::parse(quoted_csv(table));
  if (again.rows.size() != table.rows.size() || again.unterminated_quote_line != 0) std::abort();
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    if (again.rows[r].fields != table.rows[r].fields) std::abort();
  }
  return 0;
}
