// Feeds any bytes to the reader of SIM batch files (core/sim_file): an operator's delimited
// file or a vendor's output file, read line by line and by chunks (as the import's threads
// do), which must agree, then every line checked as the import checks it.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/sim_file.hpp"

namespace {

// The real judge is libphonenumber (fuzz_identifiers); here any short number will do.
relais::MsisdnCheck any_number(std::string_view raw) {
  if (raw.empty()) return {std::nullopt, "required"};
  if (raw.size() > 20) return {std::nullopt, "bad_msisdn"};
  return {std::string(raw), ""};
}

bool same(const relais::SimLine& a, const relais::SimLine& b) {
  return a.line == b.line && a.iccid == b.iccid && a.msisdn == b.msisdn && a.imsi == b.imsi &&
         a.puk == b.puk && a.numbered == b.numbered;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const relais::OperatorRules rules{{"893310", "893311"}, {"10", "11"}};
  const relais::MsisdnValidator msisdn = any_number;

  relais::SimFileReader reader(text);
  std::vector<relais::SimLine> lines;
  std::vector<relais::FieldError> errors, checks;
  relais::SimLine line;
  std::optional<relais::FieldError> count_error;
  while (reader.next(line, count_error)) {
    if (count_error) {
      errors.push_back(*count_error);
      continue;
    }
    lines.push_back(line);
    (void)relais::check_sim_line(line, rules, msisdn, checks);
  }
  const auto quantity = reader.quantity_error();

  relais::SimFileReader chunked(text);
  if (chunked.header_errors() != reader.header_errors()) std::abort();
  std::vector<relais::SimLine> chunk_lines;
  std::vector<relais::FieldError> chunk_errors;
  int first_line = 0;
  while (auto chunk = chunked.next_chunk(3, first_line)) {
    chunked.count_rows(chunked.parse_chunk(*chunk, first_line, chunk_lines, chunk_errors));
  }
  if (chunk_lines.size() != lines.size() || chunk_errors != errors ||
      chunked.quantity_error() != quantity) {
    std::abort();
  }
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (!same(lines[i], chunk_lines[i])) std::abort();
  }
  return 0;
}
