// The HTTP server: Beast + Asio coroutines on a thread pool. The only place that includes Beast.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "http/router.hpp"
#include "http/static_files.hpp"

namespace relais::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 8080;
  int threads = 0;  // 0: one per core, at least 2
  // Bodies (DESIGN rule 7), by the route's class (Router::Body): a file route takes up to
  // body_limit, any JSON body up to json_body_limit, a login up to small_body_limit; the
  // smallest limit that applies wins. All bodies being read or handled at once in memory hold
  // at most body_memory bytes (each counted at its Content-Length, or its limit when chunked):
  // past it, a request is refused at once with 503 and Retry-After.
  std::size_t body_limit = 16 * 1024 * 1024;
  std::size_t json_body_limit = 256 * 1024;
  std::size_t small_body_limit = 4 * 1024;
  std::size_t body_memory = 32 * 1024 * 1024;
  // A file sent to a file route (not JSON) is never held in memory: it is written to an
  // unnamed file in spool_dir as it arrives, 64 KiB at a time, and handed to the route mapped
  // read-only (Request::body_text). The files being received or handled hold at most
  // spool_bytes of disk, counted like body_memory; past it, 503 with Retry-After.
  std::string spool_dir = "/tmp";
  std::size_t spool_bytes = 256 * 1024 * 1024;
  std::size_t header_limit = 16 * 1024;
  // Connections open at once; one more is answered 503 and closed.
  int max_connections = 512;
  // `/metrics` answers clients on this machine, and others that send this bearer token.
  std::string metrics_token;
  // Reverse proxies whose X-Forwarded-For names the client (its last address): the access log
  // and Request::client, which login throttling counts by, then name that client
  // (--trusted-proxy). Behind a proxy, every client would otherwise have its address.
  std::vector<std::string> trusted_proxies;
  std::chrono::seconds request_timeout{30};  // to receive one whole request
  std::chrono::seconds idle_timeout{60};     // between requests on a kept-alive connection
  std::chrono::seconds shutdown_grace{10};   // for requests in flight at SIGINT/SIGTERM
  // HTTPS: with both files (PEM; the certificate chain starts with the server's own), the port
  // speaks TLS 1.2/1.3 only, every answer carries Strict-Transport-Security, and a TLS handshake
  // has handshake_timeout and counts as a connection. The files are read again when either
  // changes (looked at every tls_check_interval) and at SIGHUP: new connections get the new
  // pair, open ones keep theirs, and a pair that does not load is logged and not used.
  std::string tls_cert;
  std::string tls_key;
  std::chrono::seconds handshake_timeout{10};
  std::chrono::seconds tls_check_interval{5};
  // With TLS: a plain HTTP port (on the same host) that answers every request 308 to the same
  // path and query on https_site() (the public address) or, when it gives nothing, on the
  // address the connection came to, HTTPS port; never on the Host header. For whoever types
  // the address without "https://". Its connections count toward max_connections. 0: none.
  unsigned short redirect_port = 0;
  std::function<std::string()> https_site;
  // What some requests' handlers need to know first, learnt without holding a thread: for
  // the requests `wait_needed` picks, `wait` is called and calls back (from any thread) with
  // the store's count of changes, which the request then carries (Request::changes).
  std::function<bool(const Request&)> wait_needed;
  std::function<void(std::function<void(std::optional<std::uint64_t>)>)> wait;
};

// Serves until SIGINT or SIGTERM, then stops accepting, lets requests in flight finish
// (up to shutdown_grace) and returns. `on_ready` is called with the bound port. Throws when
// the TLS files do not load at start.
void serve(const ServerOptions& options, const Router& router, const StaticFiles& files,
           const std::function<void(unsigned short)>& on_ready = {});

}  // namespace relais::http
