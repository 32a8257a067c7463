// Beast's parsed request turned into the plain Request the router and handlers see: the one
// step between the wire and the rest of http/, kept apart so that a fuzzer can call it.
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "http/message.hpp"

namespace relais::http {

// Beast request -> plain Request. Returns false when the target is not an origin-form URL.
bool to_request(boost::beast::http::request<boost::beast::http::string_body>& in,
                Request& out);

}  // namespace relais::http
