#include "app/clock.hpp"

#include <ctime>
#include <stdexcept>

namespace relais::app {

std::string iso_utc(Clock::time_point t) {
  std::time_t tt = Clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Clock::time_point parse_iso_utc(const std::string& text) {
  std::tm tm{};
  const char* end = strptime(text.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm);
  if (!end || *end != '\0') throw std::invalid_argument("not an ISO 8601 UTC time: " + text);
  return Clock::from_time_t(timegm(&tm));
}

}  // namespace relais::app
