// Feeds any bytes, as a client would send them, to Beast's request parser with the server's
// limits, then turns the request into the plain Request (http/beast_request) and reads from
// it what every request is asked: its cookie and its reader's language.
#include <boost/beast/http/parser.hpp>
#include <boost/url/src.hpp>  // instrumented with the fuzzer, not the prebuilt library
#include <cstddef>
#include <cstdint>

#include "http/beast_request.hpp"

namespace bhttp = boost::beast::http;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  bhttp::request_parser<bhttp::string_body> parser;
  parser.header_limit(16 * 1024);  // ServerOptions' defaults, the body's made smaller
  parser.body_limit(64 * 1024);
  parser.eager(true);
  boost::asio::const_buffer rest(data, size);
  boost::beast::error_code ec;
  while (rest.size() > 0 && !parser.is_done()) {
    const std::size_t used = parser.put(rest, ec);
    if (ec == bhttp::error::need_more) break;
    if (ec) return 0;
    if (used == 0) break;
    rest += used;
  }
  if (!parser.is_done()) {
    parser.put_eof(ec);
    if (ec || !parser.is_done()) return 0;
  }
  relais::http::Request req;
  if (!relais::http::to_request(parser.get(), req)) return 0;
  (void)req.cookie("relais_session");
  (void)relais::http::request_lang(req);
  return 0;
}
