#include "http/status_report_json.hpp"

#include <boost/json.hpp>
#include <string>

namespace relais::http {
namespace json = boost::json;

namespace {

// An item as the error names it: at most 60 bytes of its JSON, cut before the character the
// 60th byte belongs to (DESIGN.md rule 7; as http/fields.hpp does).
std::string echo(const json::value& v) {
  std::string text = json::serialize(v);
  if (text.size() > 60) {
    std::size_t n = 60;
    while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
    text.resize(n);
  }
  return text;
}

}  // namespace

std::vector<RawStatusLine> status_lines_from_json(const json::value& doc,
                                                  LineErrors& errors) {
  const json::array* items = doc.is_array() ? &doc.as_array() : nullptr;
  if (doc.is_object()) {
    if (auto* r = doc.as_object().if_contains("reports"); r && r->is_array()) {
      items = &r->as_array();
    }
  }
  if (!items) throw Error(ErrorKind::kBadRequest, "json_reports_expected");
  auto text = [](const json::object& o, const char* key) -> std::string {
    auto* v = o.if_contains(key);
    if (!v || v->is_null()) return "";
    return v->is_string() ? std::string(v->as_string()) : json::serialize(*v);
  };
  std::vector<RawStatusLine> lines;
  int n = 0;
  for (const auto& item : *items) {
    ++n;
    if (!item.is_object()) {
      errors.push_back(field_error("", echo(item), "json_object_expected_item", {}, n));
      continue;
    }
    const auto& o = item.as_object();
    lines.push_back({n, text(o, "iccid"), text(o, "status"), text(o, "date"),
                     text(o, "data_used_mb"), text(o, "msisdn"), text(o, "new_iccid")});
  }
  return lines;
}

}  // namespace relais::http
