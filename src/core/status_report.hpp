// Status reports an operator sends about its lines (CSV or JSON): which card, what happened
// (activated, suspended, terminated), when, and the data used so far.
#pragma once

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
};

struct StatusLine {
  int line = 0;
  std::string iccid;       // canonical
  std::string transition;  // "activate", "suspend" or "terminate"
  std::string date;        // YYYY-MM-DD
  std::optional<long long> data_used_mb;
};

struct StatusReport {
  std::vector<StatusLine> lines;
  std::vector<FieldError> errors;  // every bad line; messages not yet localised
};

// Reads a CSV report: columns iccid, status|statut, date, data_used_mb|data_mb|conso_mo
// (case-insensitive), comma, semicolon or tab separated.
std::vector<RawStatusLine> read_status_csv(std::string_view text, std::vector<FieldError>& errors);

// Checks every line: ICCID, status (activated / suspended / terminated), date (YYYY-MM-DD,
// or an ISO 8601 time whose date part is kept), data used (whole megabytes, optional).
StatusReport check_status_lines(const std::vector<RawStatusLine>& raw);

}  // namespace relais
