// Turns one request into one response: routing, 404/405, and every error as problem+json.
#pragma once

#include "http/message.hpp"
#include "http/router.hpp"

namespace relais::http {

Response dispatch(const Router& router, Request& request);

}  // namespace relais::http
