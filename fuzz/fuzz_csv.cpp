// Feeds any bytes to the delimited-text reader every import starts with (core/csv).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/csv.hpp"

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
  return 0;
}
