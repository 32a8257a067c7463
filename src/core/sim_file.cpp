#include "core/sim_file.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>

#include "core/csv.hpp"
#include "core/sim_identifiers.hpp"
#include "core/utf8.hpp"

namespace relais {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '"'))
    s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '"')) {
    s.remove_suffix(1);
  }
  return s;
}

// Column names that hold secrets of the card or of its over-the-air channel.
bool is_secret_column(const std::string& n) {
  // Refuse generously: a vendor's variant of a key name ("KI_ENC", "eKi", "OPc key") is a
  // secret too.
  for (const char* part : {"key", "secret", "opc", "kic", "kid", "kik"}) {
    if (n.find(part) != std::string::npos) return true;
  }
  if (n.starts_with("ki") || n.ends_with("ki") || n.starts_with("adm")) return true;
  static const std::vector<std::string> kExact = {"ki",  "k",   "opc",    "op",      "adm", "kic",
                                                  "kid", "kik", "otakey", "otakeys", "kl"};
  if (std::find(kExact.begin(), kExact.end(), n) != kExact.end()) return true;
  for (const char* prefix : {"adm", "kic", "kid", "kik", "ota"}) {
    std::string_view rest = std::string_view(n);
    if (!rest.starts_with(prefix)) continue;
    rest.remove_prefix(std::string_view(prefix).size());
    if (!rest.empty() &&
        std::all_of(rest.begin(), rest.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return true;
    }
    if (std::string_view(prefix) == "ota") return true;
  }
  return false;
}

enum class Known { kIccid, kMsisdn, kImsi, kPuk, kOther };

Known column_kind(const std::string& n) {
  if (n == "iccid") return Known::kIccid;
  if (n == "msisdn" || n == "numero" || n == "telephone" || n == "phone" || n == "tel" ||
      n == "phonenumber") {
    return Known::kMsisdn;
  }
  if (n == "imsi") return Known::kImsi;
  if (n == "puk" || n == "puk1") return Known::kPuk;
  return Known::kOther;
}

// Splits on `delimiter` (or on runs of spaces and tabs when it is ' ').
void split(std::string_view line, char delimiter, std::vector<std::string_view>& out) {
  out.clear();
  if (delimiter == ' ') {
    std::size_t i = 0;
    while (i < line.size()) {
      while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
      if (i == line.size()) break;
      std::size_t start = i;
      while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r') ++i;
      out.push_back(line.substr(start, i - start));
    }
    return;
  }
  std::size_t start = 0;
  for (;;) {
    std::size_t end = line.find(delimiter, start);
    if (end == std::string_view::npos) {
      out.push_back(trim(line.substr(start)));
      return;
    }
    out.push_back(trim(line.substr(start, end - start)));
    start = end + 1;
  }
}

bool blank(std::string_view line) {
  return std::all_of(line.begin(), line.end(),
                     [](char c) { return c == ' ' || c == '\t' || c == '\r'; });
}

}  // namespace

SimFileReader::SimFileReader(std::string_view text) : text_(text) {
  if (text_.starts_with("\xEF\xBB\xBF")) text_.remove_prefix(3);
  if (std::size_t bad = first_invalid_utf8(text_); bad != std::string_view::npos) {
    // Most often a file saved as Latin-1 or Windows-1252 by a spreadsheet.
    int line = 1 + static_cast<int>(std::count(text_.begin(), text_.begin() + bad, '\n'));
    header_errors_.push_back(field_error("", "", "not_utf8", {}, line));
    return;
  }
  // Skip leading blank lines to find what kind of file this is.
  std::size_t probe = 0;
  int probe_line = 0;
  std::string_view first;
  while (probe < text_.size()) {
    std::size_t end = text_.find('\n', probe);
    if (end == std::string_view::npos) end = text_.size();
    ++probe_line;
    first = text_.substr(probe, end - probe);
    if (!blank(first)) break;
    probe = end + 1;
  }
  if (blank(first)) {
    header_errors_.push_back(field_error("", "", "empty_file", {}, 1));
    return;
  }
  if (first.starts_with("*")) {
    vendor_ = true;
    read_vendor_header();
  } else {
    read_delimited_header();
  }
}

bool SimFileReader::read_line(std::string_view& line) {
  if (pos_ >= text_.size()) return false;
  std::size_t end = text_.find('\n', pos_);
  if (end == std::string_view::npos) end = text_.size();
  line = text_.substr(pos_, end - pos_);
  pos_ = end + 1;
  ++line_no_;
  return true;
}

void SimFileReader::read_delimited_header() {
  std::string_view line;
  while (read_line(line) && blank(line)) {
  }
  const int header_line = line_no_;
  delimiter_ = csv::detect_delimiter(line);
  std::vector<std::string_view> names;
  split(line, delimiter_, names);
  field_count_ = names.size();
  for (std::size_t i = 0; i < names.size(); ++i) {
    const std::string n = csv::normalise_header(names[i]);
    if (is_secret_column(n)) {
      header_errors_.push_back(field_error(std::string(names[i]), std::string(names[i]),
                                           "secret_column", {}, header_line));
      continue;
    }
    int* slot = nullptr;
    switch (column_kind(n)) {
      case Known::kIccid:
        slot = &iccid_col_;
        break;
      case Known::kMsisdn:
        slot = &msisdn_col_;
        break;
      case Known::kImsi:
        slot = &imsi_col_;
        break;
      case Known::kPuk:
        slot = &puk_col_;
        break;
      case Known::kOther:
        break;  // PIN codes, vendor references: not kept
    }
    if (!slot) continue;
    if (*slot >= 0) {
      header_errors_.push_back(field_error(std::string(names[i]), std::string(names[i]),
                                           "duplicate_column", {}, header_line));
    } else {
      *slot = static_cast<int>(i);
    }
  }
  if (iccid_col_ < 0)
    header_errors_.push_back(field_error("iccid", "", "missing_column", {}, header_line));
}

void SimFileReader::read_vendor_header() {
  std::string_view line;
  while (read_line(line)) {
    std::string_view t = trim(line);
    if (t.empty() || t.starts_with("*")) continue;
    std::size_t colon = t.find(':');
    if (colon == std::string_view::npos) {
      header_errors_.push_back(field_error("", std::string(t), "bad_vendor_header", {}, line_no_));
      return;
    }
    std::string key = csv::normalise_header(t.substr(0, colon));
    std::string_view value = trim(t.substr(colon + 1));
    if (key == "quantity") {
      long q = 0;
      auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), q);
      if (ec != std::errc() || p != value.data() + value.size() || q < 0) {
        header_errors_.push_back(
            field_error("Quantity", std::string(value), "not_a_number", {}, line_no_));
      } else {
        declared_quantity_ = q;
        quantity_line_ = line_no_;
      }
    } else if (key == "varout") {
      // "ICCID/IMSI/MSISDN/PUK1": the columns of the rows that follow.
      std::vector<std::string_view> names;
      split(value, '/', names);
      field_count_ = names.size();
      const int here = line_no_;
      for (std::size_t i = 0; i < names.size(); ++i) {
        const std::string n = csv::normalise_header(names[i]);
        if (is_secret_column(n)) {
          header_errors_.push_back(
              field_error(std::string(names[i]), std::string(names[i]), "secret_column", {}, here));
          continue;
        }
        switch (column_kind(n)) {
          case Known::kIccid:
            iccid_col_ = static_cast<int>(i);
            break;
          case Known::kMsisdn:
            msisdn_col_ = static_cast<int>(i);
            break;
          case Known::kImsi:
            imsi_col_ = static_cast<int>(i);
            break;
          case Known::kPuk:
            puk_col_ = static_cast<int>(i);
            break;
          case Known::kOther:
            break;
        }
      }
      if (iccid_col_ < 0)
        header_errors_.push_back(field_error("iccid", "", "missing_column", {}, here));
      if (!declared_quantity_) {
        header_errors_.push_back(field_error("Quantity", "", "missing_quantity", {}, here));
      }
      delimiter_ = ' ';
      return;  // the rows follow
    }
  }
  header_errors_.push_back(field_error("var_out", "", "missing_column", {}, line_no_));
}

bool SimFileReader::parse_line(std::string_view raw, int line_no,
                               std::vector<std::string_view>& fields, SimLine& out,
                               std::optional<FieldError>& field_count_error) const {
  if (blank(raw) || (vendor_ && trim(raw).starts_with("*"))) return false;
  split(raw, delimiter_, fields);
  out = SimLine{};
  out.line = line_no;
  if (fields.size() != field_count_) {
    field_count_error =
        field_error("", "", "wrong_field_count",
                    {std::to_string(fields.size()), std::to_string(field_count_)}, line_no);
    return true;
  }
  auto at = [&](int col) { return col >= 0 ? fields[col] : std::string_view(); };
  out.iccid = at(iccid_col_);
  out.msisdn = at(msisdn_col_);
  out.numbered = msisdn_col_ >= 0;
  out.imsi = at(imsi_col_);
  out.puk = at(puk_col_);
  return true;
}

bool SimFileReader::next(SimLine& out, std::optional<FieldError>& field_count_error) {
  if (!header_errors_.empty()) return false;
  field_count_error.reset();
  std::string_view line;
  std::vector<std::string_view> fields;
  while (read_line(line)) {
    if (parse_line(line, line_no_, fields, out, field_count_error)) {
      ++rows_;
      return true;
    }
  }
  return false;
}

std::optional<std::string_view> SimFileReader::next_chunk(std::size_t max_lines, int& first_line) {
  if (!header_errors_.empty() || pos_ >= text_.size()) return std::nullopt;
  first_line = line_no_ + 1;
  const std::size_t start = pos_;
  for (std::size_t n = 0; n < max_lines && pos_ < text_.size(); ++n) {
    const void* nl = std::memchr(text_.data() + pos_, '\n', text_.size() - pos_);
    pos_ = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - text_.data()) + 1
              : text_.size();
    ++line_no_;
  }
  return text_.substr(start, pos_ - start);
}

long SimFileReader::parse_chunk(std::string_view chunk, int first_line, std::vector<SimLine>& lines,
                                std::vector<FieldError>& errors) const {
  std::vector<std::string_view> fields;
  std::optional<FieldError> field_count_error;
  long rows = 0;
  int line_no = first_line;
  std::size_t pos = 0;
  while (pos < chunk.size()) {
    std::size_t end = chunk.find('\n', pos);
    if (end == std::string_view::npos) end = chunk.size();
    SimLine line;
    field_count_error.reset();
    if (parse_line(chunk.substr(pos, end - pos), line_no, fields, line, field_count_error)) {
      ++rows;
      if (field_count_error) {
        errors.push_back(std::move(*field_count_error));
      } else {
        lines.push_back(line);
      }
    }
    pos = end + 1;
    ++line_no;
  }
  return rows;
}

std::optional<FieldError> SimFileReader::quantity_error() const {
  if (!declared_quantity_ || *declared_quantity_ == rows_) return std::nullopt;
  return field_error("Quantity", std::to_string(*declared_quantity_), "quantity_mismatch",
                     {std::to_string(*declared_quantity_), std::to_string(rows_)}, quantity_line_);
}

std::optional<SimCard> check_sim_line(const SimLine& line, const OperatorRules& rules,
                                      const MsisdnValidator& msisdn,
                                      std::vector<FieldError>& errors) {
  const std::size_t before = errors.size();
  SimCard card;
  std::string reason;
  if (auto iccid = canonical_iccid(line.iccid, &reason)) {
    if (iccid_has_prefix(*iccid, rules.iccid_prefixes)) {
      card.iccid = std::move(*iccid);
    } else {
      errors.push_back(
          field_error("iccid", std::string(line.iccid), "wrong_operator", {}, line.line));
    }
  } else {
    errors.push_back(field_error("iccid", std::string(line.iccid),
                                 line.iccid.empty() ? "required" : "iccid_" + reason, {},
                                 line.line));
  }
  MsisdnCheck number =
      line.numbered ? msisdn(line.msisdn) : MsisdnCheck{std::string(), std::string()};
  if (number.e164) {
    card.msisdn = std::move(*number.e164);
  } else {
    errors.push_back(field_error(
        "msisdn", std::string(line.msisdn),
        number.reason == "required" ? "required" : "msisdn_" + number.reason, {}, line.line));
  }
  if (!line.imsi.empty()) {
    if (auto imsi = checked_imsi(line.imsi, rules.mobile_network_codes, &reason)) {
      card.imsi = std::move(*imsi);
    } else {
      errors.push_back(
          field_error("imsi", std::string(line.imsi), "imsi_" + reason, {}, line.line));
    }
  }
  if (!line.puk.empty()) {
    if (is_valid_puk(line.puk)) {
      card.puk = std::string(line.puk);
    } else {
      // A PUK is a secret of the holder: never echoed in a report.
      errors.push_back(field_error("puk", "", "bad_puk", {}, line.line));
    }
  }
  if (errors.size() != before) return std::nullopt;
  return card;
}

}  // namespace relais
