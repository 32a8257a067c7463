// A programme's results (issue 13) exported for its funder and for open-data portals: a CSV
// with HXL hashtags, an XLSX workbook, a PDF report with charts and a map of France, and an
// IATI 2.03 activity file. Every count of people is written as core/results disclosed it: a
// hidden figure reads "< 5" or "s" and its true value is written nowhere.
#pragma once

#include <string>
#include <string_view>

#include "core/results.hpp"

namespace relais::docs {

// `lang`: "fr" or "en" (anything else: "fr"); labels, stage names and titles in that language.

// The departments (then their total) as one CSV table: a header row in `lang`, then the HXL
// hashtag row, then the data. RFC 4180, UTF-8 without BOM, CRLF. A text starting with = + - @
// tab or CR gets a leading apostrophe, so that no spreadsheet runs it as a formula.
std::string results_csv(const ProgrammeResults& r, std::string_view lang);

// The bytes of an .xlsx workbook, one sheet per table. Throws std::runtime_error when the
// workbook cannot be written.
std::string results_xlsx(const ProgrammeResults& r, std::string_view lang);

// The bytes of an A4 PDF report: key figures, charts, a map of France by department, tables.
std::string results_pdf(const ProgrammeResults& r, std::string_view lang);

// An IATI 2.03 activity file (one iati-activity) of the programme: organisations, dates,
// sectors, budget, transactions and the people-connected result. Throws std::runtime_error
// when libxml2 fails.
std::string results_iati_xml(const ProgrammeResults& r);

}  // namespace relais::docs
