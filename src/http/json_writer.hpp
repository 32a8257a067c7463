// Writes JSON text straight into a string, for the long lists where building a Boost.JSON tree
// first would cost more than the rest of the request.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace relais::http {

class JsonWriter {
 public:
  explicit JsonWriter(std::size_t reserve = 4096) { out_.reserve(reserve); }

  JsonWriter& begin_object() { return open('{'); }
  JsonWriter& end_object() { return close('}'); }
  JsonWriter& begin_array() { return open('['); }
  JsonWriter& end_array() { return close(']'); }

  JsonWriter& key(std::string_view name);
  JsonWriter& value(std::string_view text);
  JsonWriter& value(const char* text) { return value(std::string_view(text)); }
  JsonWriter& value(std::int64_t number);
  JsonWriter& value(int number) { return value(static_cast<std::int64_t>(number)); }
  // A decimal number rounded to two places ("1.75").
  JsonWriter& decimal(double number);
  JsonWriter& null();
  JsonWriter& boolean(bool b);
  // A value already written as JSON (by Relais itself, never by a client).
  JsonWriter& json(std::string_view written);
  template <typename T>
  JsonWriter& value(const std::optional<T>& v) {
    return v ? value(*v) : null();
  }

  std::string take() { return std::move(out_); }

 private:
  JsonWriter& open(char c);
  JsonWriter& close(char c);
  void separate();
  void quoted(std::string_view text);

  std::string out_;
  bool need_comma_ = false;
};

}  // namespace relais::http
