// Plain request and response values: handlers and the router see these, never Beast types,
// so that only server.cpp pays Beast's compile time.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/messages.hpp"

namespace relais::http {

// The cookie of a browser's session (HttpOnly, SameSite=Strict; api.cpp sets it).
inline constexpr const char* kSessionCookie = "relais_session";

struct Request {
  std::string method;                          // "GET", "POST", ...
  std::string path;                            // percent-decoded, without the query
  std::map<std::string, std::string> query;    // last value wins
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  // A file sent to a file route (Router::Body::kFile) is not in `body`: the server wrote it to
  // a spool file as it arrived, and `spooled` is that file mapped read-only (kept mapped by
  // `spool`). Read a file route's body through body_text().
  std::shared_ptr<const void> spool;
  std::string_view spooled;
  std::string_view body_text() const { return spool ? spooled : std::string_view(body); }
  std::map<std::string, std::string> params;  // path parameters filled by the router
  // The client's address ("203.0.113.7", "::1"): the connection's peer, set by the server.
  std::string client;
  // The request's id, as in its answer's X-Request-Id and its log line.
  std::string id;
  // Learnt before the handler runs when the server was told to (ServerOptions::wait): the
  // store's count of changes at the request's arrival, or nullopt when it could not count.
  bool changes_known = false;
  std::optional<std::uint64_t> changes;

  std::optional<std::string> header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    if (it == headers.end()) return std::nullopt;
    return it->second;
  }
  std::optional<std::string> query_param(const std::string& name) const {
    auto it = query.find(name);
    if (it == query.end()) return std::nullopt;
    return it->second;
  }
  std::optional<std::string> cookie(const std::string& name) const;
};

struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  // Sets a header, replacing one of the same name (any case) set before: a route may refine
  // what a helper set (a PDF shown inline, then offered as a download).
  Response& set(std::string name, std::string value);
  std::optional<std::string> header(const std::string& name) const;
};

Response json_response(int status, std::string body);

// The reader's language: `?lang=fr` or `?lang=en` (a link opened by the browser, such as a
// PDF, cannot set a header), else Accept-Language (French unless English is preferred).
Lang request_lang(const Request& req);

}  // namespace relais::http
