#include "core/status_report.hpp"

#include <array>
#include <charconv>

#include "core/csv.hpp"
#include "core/sim_identifiers.hpp"

namespace relais {
namespace {

bool is_date(std::string_view d) {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
  for (int i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (d[i] < '0' || d[i] > '9') return false;
  }
  int month = (d[5] - '0') * 10 + (d[6] - '0');
  int day = (d[8] - '0') * 10 + (d[9] - '0');
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

}  // namespace

std::vector<RawStatusLine> read_status_csv(std::string_view text, LineErrors& errors) {
  std::vector<RawStatusLine> out;
  // Row by row: the file is never held as a table.
  csv::Reader reader(text);
  csv::Row header;
  if (!reader.next(header)) {
    errors.push_back(field_error("", "", "empty_file", {}, 1));
    return out;
  }
  std::array<int, 6> col{-1, -1, -1, -1, -1, -1};  // iccid, status, date, data, msisdn, new iccid
  for (std::size_t i = 0; i < header.fields.size(); ++i) {
    std::string n = csv::normalise_header(header.fields[i]);
    int* slot = nullptr;
    if (n == "iccid") slot = &col[0];
    if (n == "status" || n == "statut" || n == "etat") slot = &col[1];
    if (n == "date") slot = &col[2];
    if (n == "datausedmb" || n == "datamb" || n == "consomo" || n == "datausage") slot = &col[3];
    if (n == "msisdn" || n == "numero") slot = &col[4];
    if (n == "newiccid" || n == "nouveliccid") slot = &col[5];
    if (slot) *slot = static_cast<int>(i);
  }
  const char* names[] = {"iccid", "status", "date"};
  for (int c = 0; c < 3; ++c) {
    if (col[c] < 0) errors.push_back(field_error(names[c], "", "missing_column", {}, header.line));
  }
  if (!errors.empty()) return out;
  csv::Row row;
  while (reader.next(row)) {
    if (row.fields.size() != header.fields.size()) {
      errors.push_back(field_error(
          "", "", "wrong_field_count",
          {std::to_string(row.fields.size()), std::to_string(header.fields.size())}, row.line));
      continue;
    }
    // No value of a report is long (an ICCID, a date, a number): a longer one is refused here,
    // not kept for the checks.
    constexpr std::size_t kLongest = 64;
    bool too_long = false;
    for (const int c : col) {
      if (c >= 0 && row.fields[c].size() > kLongest) {
        errors.push_back(field_error(header.fields[c], row.fields[c], "too_long",
                                     {std::to_string(kLongest)}, row.line));
        too_long = true;
      }
    }
    if (too_long) continue;
    RawStatusLine l;
    l.line = row.line;
    l.iccid = row.fields[col[0]];
    l.status = row.fields[col[1]];
    l.date = row.fields[col[2]];
    if (col[3] >= 0) l.data_used_mb = row.fields[col[3]];
    if (col[4] >= 0) l.msisdn = row.fields[col[4]];
    if (col[5] >= 0) l.new_iccid = row.fields[col[5]];
    out.push_back(std::move(l));
  }
  if (out.empty() && errors.empty()) errors.push_back(field_error("", "", "no_rows", {}, 1));
  return out;
}

StatusReport check_status_lines(const std::vector<RawStatusLine>& raw) {
  StatusReport report;
  for (const auto& r : raw) {
    const std::size_t before = report.errors.size();
    StatusLine l;
    l.line = r.line;
    std::string reason;
    if (auto iccid = canonical_iccid(r.iccid, &reason)) {
      l.iccid = *iccid;
    } else {
      report.errors.push_back(
          field_error("iccid", r.iccid.substr(0, 32), "iccid_" + reason, {}, r.line));
    }
    bool known = false;
    for (auto s : kReportStatuses) known = known || s == r.status;
    if (known) {
      l.status = r.status;
    } else {
      report.errors.push_back(
          field_error("status", r.status.substr(0, 30), "unknown_status", {}, r.line));
    }
    if (!r.new_iccid.empty()) {
      if (r.status != "swapped") {
        report.errors.push_back(
            field_error("new_iccid", r.new_iccid.substr(0, 32), "only_for_swap", {}, r.line));
      } else if (auto n = canonical_iccid(r.new_iccid, &reason)) {
        l.new_iccid = *n;
      } else {
        report.errors.push_back(
            field_error("new_iccid", r.new_iccid.substr(0, 32), "iccid_" + reason, {}, r.line));
      }
    } else if (r.status == "swapped") {
      report.errors.push_back(field_error("new_iccid", "", "required", {}, r.line));
    }
    if (r.msisdn.size() > 32) {
      report.errors.push_back(field_error("msisdn", r.msisdn.substr(0, 32), "too_long", {}, r.line));
    } else {
      l.msisdn = r.msisdn;
    }
    std::string_view date = r.date;
    if (date.size() > 10 && date[10] == 'T') date = date.substr(0, 10);
    if (is_date(date)) {
      l.date = std::string(date);
    } else {
      report.errors.push_back(field_error("date", r.date.substr(0, 32), "bad_date", {}, r.line));
    }
    if (!r.data_used_mb.empty()) {
      long long mb = 0;
      auto [p, ec] =
          std::from_chars(r.data_used_mb.data(), r.data_used_mb.data() + r.data_used_mb.size(), mb);
      if (ec != std::errc() || p != r.data_used_mb.data() + r.data_used_mb.size() || mb < 0) {
        report.errors.push_back(
            field_error("data_used_mb", r.data_used_mb.substr(0, 32), "not_a_number", {}, r.line));
      } else {
        l.data_used_mb = mb;
      }
    }
    if (report.errors.size() == before) report.lines.push_back(std::move(l));
  }
  return report;
}

}  // namespace relais
