#include "http/dispatch.hpp"

#include <spdlog/spdlog.h>

#include "core/messages.hpp"
#include "http/problem.hpp"

namespace relais::http {

Response dispatch(const Router& router, Request& request) {
  return dispatch(router.match(request), request);
}

Response dispatch(const Router::Match& match, Request& request) {
  const Lang lang = request_lang(request);
  try {
    if (match.handler) return (*match.handler)(request);
    if (!match.allowed.empty()) {
      std::string allow;
      for (const auto& m : match.allowed) allow += (allow.empty() ? "" : ", ") + m;
      Response r = problem_response(
          Error(ErrorKind::kMethodNotAllowed, "method_not_allowed", {request.method}), lang);
      r.set("Allow", allow);
      return r;
    }
    return problem_response(Error(ErrorKind::kNotFound, "route_not_found", {request.path}), lang);
  } catch (const Error& e) {
    if (e.kind() == ErrorKind::kInternal)
      spdlog::error("{} {}: {}", request.id, request.method, e.what());
    return problem_response(e, lang);
  } catch (const std::exception& e) {
    spdlog::error("{} {}: {}", request.id, request.method, e.what());
    return problem_response(Error(ErrorKind::kInternal, "internal_error"), lang);
  }
}

}  // namespace relais::http
