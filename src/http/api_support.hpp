// What the route files of the API share: the caller, JSON bodies, ids, lists and items.
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "app/actor.hpp"
#include "app/auth.hpp"
#include "core/cursor.hpp"
#include "core/messages.hpp"
#include "http/json_writer.hpp"
#include "http/message.hpp"
#include "app/store_fwd.hpp"
#include "core/records/page.hpp"

namespace relais::http {

struct Caller {
  app::Actor actor;
  std::optional<app::SessionActor> session;  // absent for API tokens
};

// The session cookie (with the CSRF token on writes) or a bearer API token; 401/403 otherwise.
Caller authenticate(store::Store& store, const Request& req);

// Wraps a handler `(Request&, Caller&)` into a route that first authenticates the caller.
template <typename Handler>
auto with_caller(store::Store& store, Handler handler) {
  return [&store, handler](Request& req) {
    Caller caller = authenticate(store, req);
    return handler(req, caller);
  };
}

// The reader's language, from Accept-Language (French unless English is preferred).
inline Lang request_lang(const Request& req) {
  return lang_from_accept_language(req.header("accept-language").value_or(""));
}

// Parses a JSON object body (415 unless application/json, 400 naming the offset if malformed).
boost::json::object parse_object(const Request& req);
// The string at `key`, or "" when absent or not a string.
std::string string_field(const boost::json::object& body, const char* key);
// The {id} path parameter; 404 naming `entity` when it is not a positive number.
std::int64_t id_param(const Request& req, const char* entity);

// A page of a list: {"items": [...], "next_cursor": ..., "total": N}.
// Ends a page's object after its items: "next_cursor" (null on the last page) and "total".
inline void write_page_end(JsonWriter& w, const std::optional<Cursor>& next, std::int64_t total) {
  w.key("next_cursor");
  if (next) {
    w.value(encode_cursor(*next));
  } else {
    w.null();
  }
  w.key("total").value(total).end_object();
}

template <typename T, typename WriteItem>
Response page_response(const Page<T>& page, WriteItem write_item) {
  JsonWriter w(512 + 320 * page.items.size());
  w.begin_object().key("items").begin_array();
  for (const auto& item : page.items) write_item(w, item);
  w.end_array();
  write_page_end(w, page.next, page.total);
  return json_response(200, w.take());
}

// Writes one item as a whole response body.
template <typename T, typename WriteItem>
Response item_response(int status, const T& item, WriteItem write_item) {
  JsonWriter w;
  write_item(w, item);
  return json_response(status, w.take());
}

}  // namespace relais::http
