// Feeds any bytes to the reader of an operator's status reports (core/status_report), then
// checks the lines it read as the import does: a line it keeps says what its header promises.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "core/status_report.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  relais::LineErrors errors;
  const auto raw = relais::read_status_csv(text, errors);
  const relais::StatusReport report = relais::check_status_lines(raw);
  for (const auto& line : report.lines) {
    const bool known = std::find(relais::kReportStatuses.begin(), relais::kReportStatuses.end(),
                                 line.status) != relais::kReportStatuses.end();
    const bool swap = line.status == "swapped";
    if (!known || line.date.size() != 10 || swap != line.new_iccid.has_value() ||
        (line.data_used_mb && *line.data_used_mb < 0) || line.msisdn.size() > 32) {
      std::abort();
    }
  }
  return 0;
}
