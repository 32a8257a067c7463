// Beast's parsed request turned into the plain Request the router and handlers see: the one
// step between the wire and the rest of http/, kept apart so that a fuzzer can call it.
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "http/message.hpp"

namespace relais::http {

// Beast request -> plain Request. Returns false when the target is not an origin-form URL.
// The server turns the header first (its route decides how much body it may read), then moves
// the body in; a fuzzer takes both steps at once.
bool to_request_head(const boost::beast::http::request_header<>& in, Request& out);
bool to_request(boost::beast::http::request<boost::beast::http::string_body>& in,
                Request& out);

}  // namespace relais::http
