// `/metrics` in the Prometheus text format (version 0.0.4): requests by route and status,
// latency histograms by route, the database's time (core/metrics.hpp), imports and logins
// refused (from their routes' answers), open connections, bodies held, the process's memory.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <vector>

#include "core/metrics.hpp"
#include "http/router.hpp"

namespace relais::http {

class HttpMetrics {
 public:
  explicit HttpMetrics(const Router& router);

  // One answered request: `route` as Router::Match gives it (-1: none), `api` whether its path
  // was under /api/ (else a web file).
  void request(int route, bool api, int status, double seconds);
  void connection_refused() { connections_refused_.add(); }
  void body_refused() { bodies_refused_.add(); }
  void tls_handshake(bool ok) { (ok ? tls_handshakes_ok_ : tls_handshakes_failed_).add(); }
  void tls_reload(bool ok) { (ok ? tls_reloads_ok_ : tls_reloads_failed_).add(); }
  void redirected_to_https() { redirects_.add(); }

  struct Gauges {
    int connections = 0;
    int requests_in_flight = 0;
    std::size_t body_bytes = 0;
    std::size_t spool_bytes = 0;
    bool tls = false;
    long long tls_not_after = 0;  // the certificate in use expires then (Unix time)
  };
  std::string text(const Gauges& gauges) const;

  static constexpr std::array<int, 22> kStatuses = {200, 201, 204, 301, 302, 304, 400, 401,
                                                    403, 404, 405, 409, 410, 412, 413, 415,
                                                    422, 428, 429, 431, 500, 503};

 private:
  // Each thread counts in its own shard (no cache line shared between the threads serving
  // requests); /metrics sums them.
  static constexpr std::size_t kShards = 4;
  struct alignas(64) Series {
    std::array<metrics::Counter, kStatuses.size() + 1> by_status;  // the last: any other
    metrics::Histogram seconds;
  };
  using Sharded = std::array<Series, kShards>;
  std::uint64_t answered(std::size_t series, int status) const;
  int route_of(const std::string& method, const std::string& pattern) const;

  const Router& router_;
  // One per route, then the web files, then the requests no route matched.
  std::vector<Sharded> series_;
  metrics::Counter connections_refused_, bodies_refused_;
  metrics::Counter tls_handshakes_ok_, tls_handshakes_failed_, tls_reloads_ok_, tls_reloads_failed_;
  metrics::Counter redirects_;
};

}  // namespace relais::http
