#include "http/metrics.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <sstream>

namespace relais::http {
namespace {

std::size_t status_index(int status) {
  const auto& s = HttpMetrics::kStatuses;
  const auto it = std::find(s.begin(), s.end(), status);
  return static_cast<std::size_t>(it - s.begin());  // s.size() for any other
}

// Resident and peak memory of this process, in bytes (Linux: /proc/self/status).
std::pair<long long, long long> memory() {
  std::ifstream in("/proc/self/status");
  std::string line;
  long long rss = 0, peak = 0;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string name;
    long long kb = 0;
    fields >> name >> kb;
    if (name == "VmRSS:") rss = kb * 1024;
    if (name == "VmHWM:") peak = kb * 1024;
  }
  return {rss, peak};
}

void help(std::string& out, const char* name, const char* type, const char* text) {
  out.append("# HELP ").append(name).append(" ").append(text).append("\n");
  out.append("# TYPE ").append(name).append(" ").append(type).append("\n");
}

void sample(std::string& out, const std::string& name, const std::string& labels,
            std::uint64_t value) {
  out.append(name);
  if (!labels.empty()) out.append("{").append(labels).append("}");
  out.append(" ").append(std::to_string(value)).append("\n");
}

}  // namespace

HttpMetrics::HttpMetrics(const Router& router)
    : router_(router), series_(router.route_count() + 2) {}

void HttpMetrics::request(int route, bool api, int status, double seconds) {
  const std::size_t series = route >= 0 ? static_cast<std::size_t>(route)
                             : api      ? series_.size() - 1
                                        : series_.size() - 2;
  static std::atomic<std::size_t> next_shard{0};
  thread_local const std::size_t shard = next_shard++ % kShards;
  Series& s = series_[series][shard];
  s.by_status[status_index(status)].add();
  s.seconds.observe(seconds);
}

std::uint64_t HttpMetrics::answered(std::size_t series, int status) const {
  const std::size_t k = status_index(status);
  std::uint64_t n = 0;
  for (const Series& s : series_[series]) n += s.by_status[k].value();
  return n;
}

int HttpMetrics::route_of(const std::string& method, const std::string& pattern) const {
  for (std::size_t i = 0; i < router_.route_count(); ++i) {
    if (router_.method(i) == method && router_.pattern(i) == pattern) return static_cast<int>(i);
  }
  return -1;
}

std::string HttpMetrics::text(const Gauges& gauges) const {
  std::string out;
  out.reserve(16384);
  auto labels_of = [&](std::size_t series) {
    if (series < router_.route_count()) {
      return "method=\"" + router_.method(series) + "\",route=\"" +
             metrics::label_value(router_.pattern(series)) + "\"";
    }
    return std::string(series == series_.size() - 2 ? "method=\"GET\",route=\"web\""
                                                    : "method=\"\",route=\"none\"");
  };

  help(out, "relais_http_requests_total", "counter", "Requests answered, by route and status.");
  for (std::size_t i = 0; i < series_.size(); ++i) {
    for (std::size_t k = 0; k <= kStatuses.size(); ++k) {
      std::uint64_t n = 0;
      for (const Series& s : series_[i]) n += s.by_status[k].value();
      if (n == 0) continue;
      const std::string status = k < kStatuses.size() ? std::to_string(kStatuses[k]) : "other";
      sample(out, "relais_http_requests_total", labels_of(i) + ",status=\"" + status + "\"", n);
    }
  }
  help(out, "relais_http_request_duration_seconds", "histogram",
       "Time from a request's header to its answer, by route.");
  for (std::size_t i = 0; i < series_.size(); ++i) {
    metrics::Histogram sum;
    for (const Series& s : series_[i]) sum.add(s.seconds);
    if (sum.count() == 0) continue;
    sum.write(out, "relais_http_request_duration_seconds", labels_of(i));
  }
  help(out, "relais_db_transaction_seconds", "histogram",
       "A database transaction's life, from asking for a connection to its end.");
  metrics::process().db_read.write(out, "relais_db_transaction_seconds", "mode=\"read\"");
  metrics::process().db_write.write(out, "relais_db_transaction_seconds", "mode=\"write\"");

  help(out, "relais_imports_total", "counter",
       "Files sent to an import, stored (2xx) or refused (422), by kind.");
  const std::pair<const char*, const char*> imports[] = {{"sim_batch", "/api/v1/sim-batches"},
                                                         {"status_report", "/api/v1/status-reports"},
                                                         {"structures", "/api/v1/organisations/import"}};
  for (const auto& [kind, pattern] : imports) {
    const int route = route_of("POST", pattern);
    if (route < 0) continue;
    const auto r = static_cast<std::size_t>(route);
    const std::string k = std::string("kind=\"") + kind + "\"";
    sample(out, "relais_imports_total", k + ",outcome=\"stored\"", answered(r, 200) + answered(r, 201));
    sample(out, "relais_imports_total", k + ",outcome=\"refused\"", answered(r, 422));
  }
  help(out, "relais_logins_refused_total", "counter",
       "Logins refused: wrong credentials (401), throttled (429), too large (413).");
  if (const int route = route_of("POST", "/api/v1/session"); route >= 0) {
    const auto r = static_cast<std::size_t>(route);
    sample(out, "relais_logins_refused_total", "reason=\"invalid_credentials\"", answered(r, 401));
    sample(out, "relais_logins_refused_total", "reason=\"throttled\"", answered(r, 429));
    sample(out, "relais_logins_refused_total", "reason=\"too_large\"", answered(r, 413));
  }

  help(out, "relais_open_connections", "gauge", "Connections open now.");
  sample(out, "relais_open_connections", "", static_cast<std::uint64_t>(gauges.connections));
  help(out, "relais_requests_in_flight", "gauge", "Requests being handled now.");
  sample(out, "relais_requests_in_flight", "",
         static_cast<std::uint64_t>(gauges.requests_in_flight));
  help(out, "relais_request_body_bytes", "gauge",
       "Bytes the request bodies being received or handled hold (--max-body-memory).");
  sample(out, "relais_request_body_bytes", "", gauges.body_bytes);
  help(out, "relais_request_spool_bytes", "gauge",
       "Bytes of disk the files being received or handled hold (--max-spool-bytes).");
  sample(out, "relais_request_spool_bytes", "", gauges.spool_bytes);
  help(out, "relais_connections_refused_total", "counter",
       "Connections refused past --max-connections.");
  sample(out, "relais_connections_refused_total", "", connections_refused_.value());
  help(out, "relais_bodies_refused_total", "counter",
       "Requests refused because the bodies held were at --max-body-memory (or the files at --max-spool-bytes).");
  sample(out, "relais_bodies_refused_total", "", bodies_refused_.value());
  if (gauges.tls) {
    help(out, "relais_tls_handshakes_total", "counter",
         "TLS handshakes, done or failed (plain HTTP sent to the HTTPS port fails).");
    sample(out, "relais_tls_handshakes_total", "outcome=\"done\"", tls_handshakes_ok_.value());
    sample(out, "relais_tls_handshakes_total", "outcome=\"failed\"",
           tls_handshakes_failed_.value());
    help(out, "relais_tls_reloads_total", "counter",
         "Certificate and key read again (changed, or SIGHUP): loaded, or refused and kept.");
    sample(out, "relais_tls_reloads_total", "outcome=\"loaded\"", tls_reloads_ok_.value());
    sample(out, "relais_tls_reloads_total", "outcome=\"refused\"", tls_reloads_failed_.value());
    help(out, "relais_tls_certificate_expiry_timestamp_seconds", "gauge",
         "When the certificate in use expires (Unix time): alert well before.");
    sample(out, "relais_tls_certificate_expiry_timestamp_seconds", "",
           static_cast<std::uint64_t>(std::max(0LL, gauges.tls_not_after)));
    help(out, "relais_http_redirects_total", "counter",
         "Plain HTTP requests sent on to HTTPS (--http-redirect-port).");
    sample(out, "relais_http_redirects_total", "", redirects_.value());
  }
  const auto [rss, peak] = memory();
  help(out, "process_resident_memory_bytes", "gauge", "Resident memory of the process.");
  sample(out, "process_resident_memory_bytes", "", static_cast<std::uint64_t>(rss));
  help(out, "relais_process_peak_memory_bytes", "gauge", "Peak resident memory since start.");
  sample(out, "relais_process_peak_memory_bytes", "", static_cast<std::uint64_t>(peak));
  return out;
}

}  // namespace relais::http
