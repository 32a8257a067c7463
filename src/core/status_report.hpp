// Status reports an operator sends about its lines (CSV or JSON): which card, what happened
// (activated, suspended, terminated, blocked, topped_up, swapped), when, the data used in the
// month so far, and where it applies the number given at activation and the new card of a swap.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace relais {

// One report line as written (from a CSV row or a JSON item).
struct RawStatusLine {
  int line = 0;  // the file line, or the item's position (1-based) in a JSON list
  std::string iccid, status, date, data_used_mb;
  std::string msisdn, new_iccid;  // empty when absent
};

inline constexpr std::array<std::string_view, 6> kReportStatuses = {
    "activated", "suspended", "terminated", "blocked", "topped_up", "swapped"};

struct StatusLine {
  int line = 0;
  std::string iccid;   // canonical
  std::string status;  // one of kReportStatuses
  std::string date;    // YYYY-MM-DD
  std::optional<long long> data_used_mb;
  std::string msisdn;                    // as written (app checks it); empty when absent
  std::optional<std::string> new_iccid;  // canonical; required for swapped
};

struct StatusReport {
  std::vector<StatusLine> lines;
  LineErrors errors;  // the bad lines; messages not yet localised
};

// Reads a CSV report: columns iccid, status|statut, date, data_used_mb|data_mb|conso_mo,
// msisdn|numero, new_iccid|nouvel_iccid (case-insensitive; the last three optional), comma,
// semicolon or tab separated.
std::vector<RawStatusLine> read_status_csv(std::string_view text, LineErrors& errors);

// Checks every line: ICCID, status (kReportStatuses), date (YYYY-MM-DD, or an ISO 8601 time
// whose date part is kept), data used (whole megabytes, optional), new ICCID (required for a
// swap, refused otherwise).
StatusReport check_status_lines(const std::vector<RawStatusLine>& raw);

}  // namespace relais
