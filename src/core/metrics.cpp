#include "core/metrics.hpp"

#include <cstdio>

namespace relais::metrics {

void Histogram::observe(double seconds) {
  std::size_t i = 0;
  while (i < kBuckets.size() && seconds > kBuckets[i]) ++i;
  if (i < kBuckets.size()) buckets_[i].fetch_add(1, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
  sum_micros_.fetch_add(static_cast<std::uint64_t>(seconds * 1e6), std::memory_order_relaxed);
}

void Histogram::write(std::string& out, std::string_view name, std::string_view labels) const {
  const std::string sep = labels.empty() ? "" : ",";
  std::uint64_t cumulative = 0;
  char bound[32];
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    cumulative += buckets_[i].load(std::memory_order_relaxed);
    std::snprintf(bound, sizeof bound, "%g", kBuckets[i]);
    out.append(name).append("_bucket{").append(labels).append(sep).append("le=\"").append(bound);
    out.append("\"} ").append(std::to_string(cumulative)).append("\n");
  }
  const std::uint64_t total = count_.load(std::memory_order_relaxed);
  out.append(name).append("_bucket{").append(labels).append(sep).append("le=\"+Inf\"} ");
  out.append(std::to_string(total)).append("\n");
  char sum[32];
  std::snprintf(sum, sizeof sum, "%.6f",
                static_cast<double>(sum_micros_.load(std::memory_order_relaxed)) / 1e6);
  const std::string braces = labels.empty() ? "" : "{" + std::string(labels) + "}";
  out.append(name).append("_sum").append(braces).append(" ").append(sum).append("\n");
  out.append(name).append("_count").append(braces).append(" ").append(std::to_string(total));
  out.append("\n");
}

void Histogram::add(const Histogram& other) {
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    buckets_[i].fetch_add(other.buckets_[i].load(std::memory_order_relaxed),
                          std::memory_order_relaxed);
  }
  count_.fetch_add(other.count_.load(std::memory_order_relaxed), std::memory_order_relaxed);
  sum_micros_.fetch_add(other.sum_micros_.load(std::memory_order_relaxed),
                        std::memory_order_relaxed);
}

Process& process() {
  static Process p;
  return p;
}

std::string label_value(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace relais::metrics
