// Feeds any bytes to the reader of an operator's status reports (core/status_report), then
// checks the lines it read as the import does.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/status_report.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<relais::FieldError> errors;
  const auto raw = relais::read_status_csv(text, errors);
  (void)relais::check_status_lines(raw);
  return 0;
}
