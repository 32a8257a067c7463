#include "http/problem.hpp"

#include <boost/json.hpp>

#include "core/utf8.hpp"

namespace relais::http {

int status_of(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kBadRequest:
      return 400;
    case ErrorKind::kUnauthenticated:
      return 401;
    case ErrorKind::kForbidden:
      return 403;
    case ErrorKind::kNotFound:
      return 404;
    case ErrorKind::kMethodNotAllowed:
      return 405;
    case ErrorKind::kConflict:
      return 409;
    case ErrorKind::kGone:
      return 410;
    case ErrorKind::kPayloadTooLarge:
      return 413;
    case ErrorKind::kUnsupportedMediaType:
      return 415;
    case ErrorKind::kUnprocessable:
      return 422;
    case ErrorKind::kTooManyRequests:
      return 429;
    case ErrorKind::kHeaderTooLarge:
      return 431;
    case ErrorKind::kInternal:
      return 500;
    case ErrorKind::kUnavailable:
      return 503;
  }
  return 500;
}

namespace {
const char* title_of(int status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 409:
      return "Conflict";
    case 410:
      return "Gone";
    case 413:
      return "Content Too Large";
    case 415:
      return "Unsupported Media Type";
    case 422:
      return "Unprocessable Content";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 503:
      return "Service Unavailable";
    default:
      return "Internal Server Error";
  }
}
}  // namespace

Response problem_response(const Error& error, Lang lang) {
  const int status = status_of(error.kind());
  // Internal errors keep their cause in the log, never in the answer.
  const bool internal = error.kind() == ErrorKind::kInternal;
  const std::string code = internal ? "internal_error" : error.code();
  boost::json::object body;
  body["type"] = "/problems/" + code;
  body["title"] = title_of(status);
  body["status"] = status;
  body["code"] = code;
  // Args and values echo what the client sent (a path, a cell), which may not be UTF-8.
  body["detail"] = repair_utf8(internal ? message("internal_error", lang)
                                        : message(error.code(), lang, error.args()));
  if (!error.errors().empty()) {
    boost::json::array list;
    for (FieldError e : error.errors()) {
      boost::json::object item;
      if (e.line > 0) {
        item["line"] = e.line;
        item["column"] = repair_utf8(e.field);
      } else {
        item["field"] = repair_utf8(e.field);
      }
      item["value"] = repair_utf8(e.value);
      item["reason"] = e.reason;
      item["message"] = repair_utf8(message(e.reason, lang, e.args));
      list.push_back(std::move(item));
    }
    body["errors"] = std::move(list);
  }
  // The bad lines of a file beyond those listed, counted (LineErrors).
  if (error.unlisted_lines() > 0) body["unlisted_lines"] = error.unlisted_lines();
  Response r;
  r.status = status;
  r.set("Content-Type", "application/problem+json");
  r.set("Content-Language", lang == Lang::kEn ? "en" : "fr");
  if (error.retry_after() > 0) r.set("Retry-After", std::to_string(error.retry_after()));
  r.body = boost::json::serialize(body);
  return r;
}

}  // namespace relais::http
