// Turns one request into one response: routing, 404/405, and every error as problem+json.
#pragma once

#include "http/message.hpp"
#include "http/router.hpp"

namespace relais::http {

Response dispatch(const Router& router, Request& request);
// The same for a request the server has matched already, to decide its body's limit: each
// request is matched once.
Response dispatch(const Router::Match& match, Request& request);

}  // namespace relais::http
