// The server's log on standard output: one line per request (the access log) and the rest
// (start, warnings, errors). `text` (the default): "2026-12-06 18:00:00.123 [info] …";
// `json`: one JSON object per line, with the access log's fields as members (request_id,
// client, method, target, status, bytes, ms), for a log collector.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

namespace relais::http {

enum class LogFormat { kText, kJson };

// Sets up the loggers, buffered (flushed every second and on warnings): the access log writes
// a line per request and must not pay a write system call each time.
void configure_logs(LogFormat format);

// One access log line. `target` must already be without its secrets (loggable_target).
void log_request(std::string_view request_id, std::string_view client, std::string_view method,
                 std::string_view target, int status, std::size_t bytes, double ms);

}  // namespace relais::http
