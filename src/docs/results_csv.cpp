// The results' departments as a CSV with HXL hashtags (the Humanitarian Exchange Language: a
// second row of tags that humanitarian data tools read instead of the headers).
#include <string>
#include <vector>

#include "docs/results_exports.hpp"
#include "docs/results_text.hpp"

namespace relais::docs {
namespace {

using namespace results_text;

// A text a spreadsheet would take for a formula (= + - @, or a tab or CR that some strip
// before looking) gets a leading apostrophe: it then shows as text.
std::string defused(const std::string& text) {
  if (!text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@' ||
                        text[0] == '\t' || text[0] == '\r')) {
    return "'" + text;
  }
  return text;
}

// RFC 4180: a field with a comma, a quote or a line break is quoted, its quotes doubled.
std::string quoted(const std::string& field) {
  if (field.find_first_of(",\"\r\n") == std::string::npos) return field;
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

void add_row(std::string& out, const std::vector<std::string>& fields) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += ',';
    out += quoted(fields[i]);
  }
  out += "\r\n";
}

}  // namespace

std::string results_csv(const ProgrammeResults& r, std::string_view lang_code) {
  const Lang lang = lang_of(lang_code);
  std::string out;
  add_row(out,
          {label("programme_code", lang), label("department_code", lang), label("department", lang),
           label("structures", lang), label("places", lang), label("people_connected", lang),
           label("per_100_places", lang), label("implementing_org", lang), label("funders", lang),
           label("target", lang), label("date_reported", lang)});
  add_row(out, {"#activity+code", "#adm1+code", "#adm1+name", "#indicator+num+structures",
                "#indicator+num+places", "#reached+ind", "#indicator+num+per100places", "#org+impl",
                "#org+funding", "#targeted+ind", "#date+reported"});
  std::string funders;
  for (const auto& f : r.budget.funders) {
    if (!funders.empty()) funders += " ; ";
    funders += f.name;
  }
  const std::string date = r.as_of.substr(0, 10);
  bool any_hidden = false;
  auto row = [&](const PlaceRow& p, const std::string& code, const std::string& name,
                 const std::string& target) {
    any_hidden = any_hidden || !p.connected.shown();
    add_row(out,
            {defused(r.programme_code), defused(code), defused(name), std::to_string(p.structures),
             std::to_string(p.places), figure(p.connected), decimal_plain(p.per_100_places),
             defused(r.coordinator_name), defused(funders), target, date});
  };
  for (const auto& d : r.departments) row(d, d.key, d.name, "");
  const auto& t = r.profile.target_people;
  row(r.departments_total, "", label("total", lang), t ? std::to_string(*t) : "");
  // The legend, only when a figure needs it: a last row whose first field says it all.
  if (any_hidden) {
    std::vector<std::string> note(11);
    note[0] = legend(lang);
    add_row(out, note);
  }
  return out;
}

}  // namespace relais::docs
