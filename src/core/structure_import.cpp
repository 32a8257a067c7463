#include "core/structure_import.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <optional>

#include "core/csv.hpp"
#include "core/utf8.hpp"

namespace relais {
namespace {

enum Column { kName, kType, kCapacity, kAddress, kPostcode, kCommune, kDepartment, kColumnCount };

constexpr std::array<std::string_view, kColumnCount> kColumnNames = {
    "name", "type", "capacity", "address", "postcode", "commune", "department"};

std::optional<Column> column_for(std::string_view header) {
  static const std::map<std::string, Column, std::less<>> kSynonyms = {
      {"name", kName},
      {"nom", kName},
      {"type", kType},
      {"typestructure", kType},
      {"structuretype", kType},
      {"capacity", kCapacity},
      {"capacite", kCapacity},
      {"places", kCapacity},
      {"address", kAddress},
      {"adresse", kAddress},
      {"postcode", kPostcode},
      {"codepostal", kPostcode},
      {"cp", kPostcode},
      {"zip", kPostcode},
      {"commune", kCommune},
      {"ville", kCommune},
      {"city", kCommune},
      {"department", kDepartment},
      {"departement", kDepartment},
      {"dept", kDepartment},
      {"codedepartement", kDepartment},
  };
  auto it = kSynonyms.find(csv::normalise_header(header));
  if (it == kSynonyms.end()) return std::nullopt;
  return it->second;
}

FieldError line_error(int line, std::string column, std::string value, std::string reason,
                      std::vector<std::string> args = {}) {
  return field_error(std::move(column), std::move(value), std::move(reason), std::move(args), line);
}

}  // namespace

StructureImport parse_structure_file(std::string_view text) {
  StructureImport out;
  if (std::size_t bad = first_invalid_utf8(text); bad != std::string_view::npos) {
    // Most often a file saved as Latin-1 or Windows-1252 by a spreadsheet.
    int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + bad, '\n'));
    out.errors.push_back(line_error(line, "", "", "not_utf8"));
    return out;
  }
  // Row by row: the file is never held as a table.
  csv::Reader reader(text);
  csv::Row header;
  if (!reader.next(header)) {
    out.errors.push_back(line_error(1, "", "", "empty_file"));
    return out;
  }

  // Header: map each position to a known column.
  std::array<int, kColumnCount> position;
  position.fill(-1);
  for (size_t i = 0; i < header.fields.size(); ++i) {
    auto col = column_for(header.fields[i]);
    if (!col) {
      out.errors.push_back(
          line_error(header.line, header.fields[i], header.fields[i], "unknown_column"));
    } else if (position[*col] >= 0) {
      out.errors.push_back(line_error(header.line, std::string(kColumnNames[*col]),
                                      header.fields[i], "duplicate_column"));
    } else {
      position[*col] = static_cast<int>(i);
    }
  }
  for (int c = 0; c < kColumnCount; ++c) {
    if (position[c] < 0) {
      out.errors.push_back(
          line_error(header.line, std::string(kColumnNames[c]), "", "missing_column"));
    }
  }
  if (!out.errors.empty()) return out;
  auto header_name = [&](Column c) {
    std::string_view h = header.fields[position[c]];
    while (!h.empty() && (h.front() == ' ' || h.front() == '\t')) h.remove_prefix(1);
    while (!h.empty() && (h.back() == ' ' || h.back() == '\r')) h.remove_suffix(1);
    return std::string(h);
  };
  out.name_column = header_name(kName);

  std::map<std::pair<std::string, std::string>, int> seen;  // (name, commune) -> first line
  csv::Row row;
  bool any_row = false;
  while (reader.next(row)) {
    any_row = true;
    if (row.fields.size() != header.fields.size()) {
      out.errors.push_back(
          line_error(row.line, "", "", "wrong_field_count",
                     {std::to_string(row.fields.size()), std::to_string(header.fields.size())}));
      continue;
    }
    auto field = [&](Column c) { return std::optional<std::string>(row.fields[position[c]]); };
    OrganisationDraft draft;
    draft.kind = "structure";
    draft.name = field(kName);
    draft.structure_type = field(kType);
    draft.capacity = field(kCapacity);
    draft.address = field(kAddress);
    draft.postcode = field(kPostcode);
    draft.commune = field(kCommune);
    draft.department = field(kDepartment);
    OrganisationResult result = build_organisation(draft);
    if (!result.errors.empty()) {
      for (auto& e : result.errors) {
        // Name the column as the file's own header does, so the person finds it.
        if (auto col = column_for(e.field == "structure_type" ? "type" : e.field)) {
          e.field = header_name(*col);
        }
        e.line = row.line;
        out.errors.push_back(std::move(e));
      }
      continue;
    }
    auto key = std::make_pair(result.organisation.name, *result.organisation.commune);
    if (auto [it, inserted] = seen.emplace(key, row.line); !inserted) {
      out.errors.push_back(line_error(row.line, header_name(kName), result.organisation.name,
                                      "duplicate_in_file", {std::to_string(it->second)}));
      continue;
    }
    out.structures.push_back({row.line, std::move(result.organisation)});
  }
  if (!any_row) {
    out.errors.push_back(line_error(header.line, "", "", "no_rows"));
    return out;
  }
  if (reader.unterminated_quote_line()) {
    out.errors.push_back(line_error(reader.unterminated_quote_line(), "", "", "unterminated_quote"));
  }
  return out;
}

}  // namespace relais
