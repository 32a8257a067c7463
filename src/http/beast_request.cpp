#include "http/beast_request.hpp"

#include <boost/url/parse.hpp>
#include <cctype>
#include <string>

namespace relais::http {
namespace bhttp = boost::beast::http;

bool to_request_head(const bhttp::request_header<>& in, Request& out) {
  auto parsed = boost::urls::parse_origin_form(in.target());
  if (!parsed) return false;
  out.method = std::string(in.method_string());
  out.path = parsed->path();
  if (out.path.empty()) out.path = "/";
  for (auto param : parsed->params()) out.query[param.key] = param.value;
  for (const auto& field : in) {
    std::string name(field.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.headers[name] = std::string(field.value());
  }
  return true;
}

bool to_request(bhttp::request<bhttp::string_body>& in, Request& out) {
  if (!to_request_head(in, out)) return false;
  out.body = std::move(in.body());  // moved: a file is held once
  return true;
}

}  // namespace relais::http
