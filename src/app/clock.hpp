// Wall-clock time as the ISO 8601 UTC text the store keeps ("2026-11-26T09:30:00Z").
#pragma once

#include <chrono>
#include <string>

namespace relais::app {

using Clock = std::chrono::system_clock;

std::string iso_utc(Clock::time_point t);
inline std::string now_iso() { return iso_utc(Clock::now()); }
// Parses what iso_utc writes; throws std::invalid_argument otherwise.
Clock::time_point parse_iso_utc(const std::string& text);

}  // namespace relais::app
