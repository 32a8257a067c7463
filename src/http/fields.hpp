// Typed fields of a JSON object body: every type error and every unknown field is collected
// and refused at once (422), before any use case runs.
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.hpp"

namespace relais::http {

// Reads typed fields of a JSON body, collecting every type error before any use case runs.
class Fields {
 public:
  explicit Fields(const boost::json::object& body) : body_(body) {}

  std::optional<long long> number(const char* key) {
    auto* v = body_.if_contains(key);
    if (!v || v->is_null()) return std::nullopt;
    if (v->is_int64()) return v->as_int64();
    errors_.push_back(field_error(key, echo(*v), "not_a_number"));
    return std::nullopt;
  }
  std::optional<std::string> text(const char* key) {
    auto* v = body_.if_contains(key);
    if (!v || v->is_null()) return std::nullopt;
    if (v->is_string()) return std::string(v->as_string());
    errors_.push_back(field_error(key, echo(*v), "not_a_string"));
    return std::nullopt;
  }
  // A list of strings; absent or null: empty.
  std::vector<std::string> words(const char* key) {
    return list<std::string>(key, "not_a_string", [](const boost::json::value& v) {
      return v.is_string() ? std::optional(std::string(v.as_string())) : std::nullopt;
    });
  }
  // A list of numbers; absent or null: empty.
  std::vector<std::int64_t> ids(const char* key) {
    return list<std::int64_t>(key, "not_a_number", [](const boost::json::value& v) {
      return v.is_int64() ? std::optional(v.as_int64()) : std::nullopt;
    });
  }
  std::vector<std::pair<std::string, long long>> counts(const char* key) {
    std::vector<std::pair<std::string, long long>> out;
    auto* v = body_.if_contains(key);
    if (!v || v->is_null()) return out;
    if (!v->is_object()) {
      errors_.push_back(field_error(key, echo(*v), "not_an_object"));
      return out;
    }
    for (const auto& [name, count] : v->as_object()) {
      if (count.is_int64()) {
        out.emplace_back(std::string(name), count.as_int64());
      } else {
        errors_.push_back(
            field_error(key, std::string(name) + ": " + echo(count), "not_a_number"));
      }
    }
    return out;
  }
  // Throws 422 for the type errors so far and for fields the route does not know.
  void finish(std::initializer_list<std::string_view> known) {
    for (const auto& [key, value] : body_) {
      bool ok = false;
      for (auto k : known) ok = ok || key == k;
      // Read-only fields echoed back by a client are harmless.
      if (!ok && key != "id" && key != "created_at" && key != "updated_at" && key != "state") {
        errors_.push_back(field_error(std::string(key), "", "unknown_field"));
      }
    }
    if (!errors_.empty()) throw Error::validation(std::move(errors_));
  }

 private:
  // A wrong value as the error names it: at most 60 bytes of its JSON (DESIGN.md rule 7).
  static std::string echo(const boost::json::value& v) {
    std::string text = boost::json::serialize(v);
    if (text.size() > 60) {
      // Cut before the character the 60th byte belongs to, not in its middle.
      std::size_t n = 60;
      while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
      text.resize(n);
    }
    return text;
  }

  template <typename T, typename Read>
  std::vector<T> list(const char* key, const char* wrong_item, Read read) {
    std::vector<T> out;
    auto* v = body_.if_contains(key);
    if (!v || v->is_null()) return out;
    if (!v->is_array()) {
      errors_.push_back(field_error(key, echo(*v), "not_a_list"));
      return out;
    }
    for (const auto& item : v->as_array()) {
      if (auto value = read(item)) {
        out.push_back(std::move(*value));
      } else {
        errors_.push_back(field_error(key, echo(item), wrong_item));
      }
    }
    return out;
  }

  const boost::json::object& body_;
  std::vector<FieldError> errors_;
};

}  // namespace relais::http
