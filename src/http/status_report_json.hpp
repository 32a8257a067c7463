// An operator's status report sent as JSON: a list of items, or {"reports": [...]}, read into
// the same raw lines as the CSV form (core/status_report), one error per item that is not an
// object.
#pragma once

#include <boost/json/value.hpp>
#include <vector>

#include "core/error.hpp"
#include "core/status_report.hpp"

namespace relais::http {

// Throws Error json_reports_expected (400) when `doc` holds no list of reports.
std::vector<RawStatusLine> status_lines_from_json(const boost::json::value& doc,
                                                  LineErrors& errors);

}  // namespace relais::http
