// Feeds any bytes to the reading of a JSON request body: Boost.JSON's stream parser with the
// options of http/api.cpp's parse_json, then an operator's status report read from it
// (http/status_report_json) and checked (core/status_report), then, for an object, the typed
// field checks of http/fields.hpp as a request handler makes them (a request for SIM cards:
// every kind of field), then their error messages as the problem+json answer localises them.
#include <boost/json/src.hpp>  // instrumented with the fuzzer, not the prebuilt library
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/error.hpp"
#include "core/messages.hpp"
#include "http/fields.hpp"
#include "http/status_report_json.hpp"

namespace json = boost::json;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  json::stream_parser parser;
  boost::system::error_code ec;
  parser.write(reinterpret_cast<const char*>(data), size, ec);
  if (!ec) parser.finish(ec);
  if (ec) return 0;
  json::value doc = parser.release();
  try {
    relais::LineErrors errors;
    (void)relais::check_status_lines(relais::http::status_lines_from_json(doc, errors));
  } catch (const relais::Error&) {
    // not a list of reports: a 400 answer
  }
  if (!doc.is_object()) return 0;
  relais::http::Fields f(doc.as_object());
  (void)f.text("programme");
  (void)f.number("quantity");
  (void)f.counts("needs");
  (void)f.words("leaflet_languages");
  (void)f.text("comment");
  (void)f.ids("referral_ids");
  try {
    f.finish({"programme", "quantity", "needs", "leaflet_languages", "comment", "referral_ids"});
  } catch (const relais::Error& e) {
    auto errors = e.errors();
    relais::localise(errors, relais::Lang::kEn);
  }
  return 0;
}
