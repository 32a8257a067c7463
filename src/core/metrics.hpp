// Counters and latency histograms kept in memory and read by `/metrics` (the Prometheus text
// format, http/metrics.hpp). Plain atomics: any thread adds, the reader sums; nothing here does
// I/O.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

namespace relais::metrics {

// Upper bounds of the latency buckets, in seconds.
inline constexpr std::array<double, 12> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                    0.1,   0.25,   0.5,   1,    2.5,   10};

class Counter {
 public:
  void add(std::uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  std::uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> value_{0};
};

class Histogram {
 public:
  void observe(double seconds);
  // Appends `NAME_bucket{LABELS,le="…"}`, `NAME_sum{LABELS}` and `NAME_count{LABELS}` lines.
  void write(std::string& out, std::string_view name, std::string_view labels) const;
  std::uint64_t count() const { return count_.load(std::memory_order_relaxed); }
  // Adds what `other` counted (to write the sum of histograms kept per thread).
  void add(const Histogram& other);

 private:
  std::array<std::atomic<std::uint64_t>, kBuckets.size()> buckets_{};  // not cumulative
  std::atomic<std::uint64_t> count_{0};
  std::atomic<std::uint64_t> sum_micros_{0};
};

// What the lower layers count: the database's transactions.
struct Process {
  Histogram db_read, db_write;  // a transaction's life, from asking a connection to its end
};
Process& process();

// "a\"b" as a Prometheus label value.
std::string label_value(std::string_view text);

}  // namespace relais::metrics
