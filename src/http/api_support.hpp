// What the route files of the API share: the caller, JSON bodies, ids, lists and items.
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "app/actor.hpp"
#include "app/auth.hpp"
#include "core/cursor.hpp"
#include "core/disclosure.hpp"
#include "core/messages.hpp"
#include "http/json_writer.hpp"
#include "http/message.hpp"
#include "app/store_fwd.hpp"
#include "core/records/page.hpp"
#include "core/records/lines.hpp"
#include "core/records/requests.hpp"

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

// Parses a JSON object body (415 unless application/json, 400 naming the offset if malformed).
boost::json::object parse_object(const Request& req);
// The string at `key`, or "" when absent or not a string.
std::string string_field(const boost::json::object& body, const char* key);
// The {id} path parameter; 404 naming `entity` when it is not a positive number.
// The path parameter `name` ("{link}") likewise.
std::int64_t id_param(const Request& req, const char* entity, const char* name = "id");

// A PDF shown in the browser (`name` when saved), never cached.
inline Response pdf_response(std::string bytes, const std::string& name) {
  Response r;
  r.status = 200;
  r.body = std::move(bytes);
  r.set("Content-Type", "application/pdf");
  r.set("Content-Disposition", "inline; filename=\"" + name + "\"");
  r.set("Cache-Control", "no-store");
  return r;
}

// A count as core/disclosure decided to show it: the count; null when it is small ("< 5");
// "secret" when hidden so that no small count can be worked out (api.cpp).
void write_figure(JsonWriter& w, std::int64_t n, Hidden hidden);

// The site's address for links printed on documents (a parcel's QR code) and share links:
// --public-url, else the address the server listens on (set_listening_site), never the
// request's Host header, which the client writes.
std::string public_site(const std::string& configured, const Request& req);

// A programme, with its line settings and its follow-up survey (api_requests.cpp).
void write_programme(JsonWriter& w, const ProgrammeRecord& g);

// A line's top-up, incident and follow-up survey (api_lines.cpp), also in a resident's answer.
void write_topup(JsonWriter& w, const TopupRecord& t);
void write_line_incident(JsonWriter& w, const LineIncidentRecord& i);
void write_follow_up(JsonWriter& w, const FollowUpRecord& f);

// A CSV file to save as `name` (what an operator's systems fetch).
inline Response csv_response(std::string body, const std::string& name) {
  Response r;
  r.status = 200;
  r.set("Content-Type", "text/csv; charset=utf-8");
  r.set("Content-Disposition", "attachment; filename=\"" + name + "\"");
  r.body = std::move(body);
  return r;
}

// A list of codes as a JSON array of strings (["ar", "fr"]).
inline void write_words(JsonWriter& w, const std::vector<std::string>& words) {
  w.begin_array();
  for (const auto& word : words) w.value(word);
  w.end_array();
}

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
std::string page_json(const Page<T>& page, WriteItem write_item) {
  JsonWriter w(512 + 320 * page.items.size());
  w.begin_object().key("items").begin_array();
  for (const auto& item : page.items) write_item(w, item);
  w.end_array();
  write_page_end(w, page.next, page.total);
  return w.take();
}

template <typename T, typename WriteItem>
Response page_response(const Page<T>& page, WriteItem write_item) {
  return json_response(200, page_json(page, write_item));
}

// The JSON of pages the app keeps in memory and hands out again (the same object for the same
// data version and question), written once per page: the last `size` pages are kept, each
// with the page itself, so that its address cannot stand for another page while it is here.
template <typename T>
class WrittenPages {
 public:
  explicit WrittenPages(std::size_t size) : size_(size) {}

  template <typename WriteItem>
  Response response(const std::shared_ptr<const Page<T>>& page, WriteItem write_item) {
    {
      std::lock_guard lock(mutex_);
      for (const auto& [kept, body] : kept_) {
        if (kept == page) return json_response(200, body);
      }
    }
    std::string body = page_json(*page, write_item);
    std::lock_guard lock(mutex_);
    if (kept_.size() >= size_) kept_.pop_front();
    kept_.emplace_back(page, body);
    return json_response(200, std::move(body));
  }

 private:
  std::size_t size_;
  std::mutex mutex_;
  std::deque<std::pair<std::shared_ptr<const Page<T>>, std::string>> kept_;
};

// Writes one item as a whole response body.
template <typename T, typename WriteItem>
Response item_response(int status, const T& item, WriteItem write_item) {
  JsonWriter w;
  write_item(w, item);
  return json_response(status, w.take());
}

}  // namespace relais::http
