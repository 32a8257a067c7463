#include "http/logging.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>
#include <iostream>
#include <memory>

#include "core/utf8.hpp"

namespace relais::http {
namespace {

LogFormat g_format = LogFormat::kText;

// "%*": the message as the object's members: the access log's are already (log_request);
// any other message is "message":"…".
class JsonMessage final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&,
              spdlog::memory_buf_t& dest) override {
    const std::string_view payload(msg.payload.data(), msg.payload.size());
    if (msg.logger_name == "access") {
      dest.append(payload.data(), payload.data() + payload.size());
      return;
    }
    const std::string text =
        "\"message\":" + boost::json::serialize(boost::json::string(repair_utf8(payload)));
    dest.append(text.data(), text.data() + text.size());
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<JsonMessage>();
  }
};

std::shared_ptr<spdlog::logger> g_access;

}  // namespace

void configure_logs(LogFormat format) {
  g_format = format;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(std::cout, false);
  auto logger = std::make_shared<spdlog::logger>("relais", sink);
  auto access = std::make_shared<spdlog::logger>("access", sink);
  for (auto* l : {logger.get(), access.get()}) l->flush_on(spdlog::level::warn);
  if (format == LogFormat::kJson) {
    // One sink, so one formatter for both loggers (a logger's formatter is its sinks').
    auto json = std::make_unique<spdlog::pattern_formatter>(spdlog::pattern_time_type::utc);
    json->add_flag<JsonMessage>('*').set_pattern(
        R"({"time":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l",%*})");
    sink->set_formatter(std::move(json));
  }
  spdlog::set_default_logger(logger);
  g_access = access;
  spdlog::flush_every(std::chrono::seconds(1));
}

void log_request(std::string_view request_id, std::string_view client, std::string_view method,
                 std::string_view target, int status, std::size_t bytes, double ms) {
  auto& logger = g_access ? *g_access : *spdlog::default_logger();
  if (g_format == LogFormat::kJson) {
    auto quoted = [](std::string_view v) {
      return boost::json::serialize(boost::json::string(repair_utf8(v)));
    };
    logger.info(R"("request_id":{},"client":{},"method":{},"target":{},"status":{},"bytes":{},"ms":{:.1f})",
                quoted(request_id), quoted(client), quoted(method), quoted(target), status, bytes,
                ms);
    return;
  }
  logger.info("{} {} {} {} {} {}B {:.1f}ms", request_id, client, method, target, status, bytes,
              ms);
}

}  // namespace relais::http
