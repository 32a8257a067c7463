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
    errors_.push_back(field_error(key, boost::json::serialize(*v), "not_a_number"));
    return std::nullopt;
  }
  std::optional<std::string> text(const char* key) {
    auto* v = body_.if_contains(key);
    if (!v || v->is_null()) return std::nullopt;
    if (v->is_string()) return std::string(v->as_string());
    errors_.push_back(field_error(key, boost::json::serialize(*v), "not_a_string"));
    return std::nullopt;
  }
  std::vector<std::string> words(const char* key) {
    std::vector<std::string> out;
    auto* v = body_.if_contains(key);
    if (!v || v->is_null()) return out;
    if (!v->is_array()) {
      errors_.push_back(field_error(key, boost::json::serialize(*v), "not_a_list"));
      return out;
    }
    for (const auto& item : v->as_array()) {
      if (item.is_string()) {
        out.emplace_back(item.as_string());
      } else {
        errors_.push_back(field_error(key, boost::json::serialize(item), "not_a_string"));
      }
    }
    return out;
  }
  std::vector<std::int64_t> ids(const char* key) {
    std::vector<std::int64_t> out;
    auto* v = body_.if_contains(key);
    if (!v || v->is_null()) return out;
    if (!v->is_array()) {
      errors_.push_back(field_error(key, boost::json::serialize(*v), "not_a_list"));
      return out;
    }
    for (const auto& item : v->as_array()) {
      if (item.is_int64()) {
        out.push_back(item.as_int64());
      } else {
        errors_.push_back(field_error(key, boost::json::serialize(item), "not_a_number"));
      }
    }
    return out;
  }
  std::vector<std::pair<std::string, long long>> counts(const char* key) {
    std::vector<std::pair<std::string, long long>> out;
    auto* v = body_.if_contains(key);
    if (!v || v->is_null()) return out;
    if (!v->is_object()) {
      errors_.push_back(field_error(key, boost::json::serialize(*v), "not_an_object"));
      return out;
    }
    for (const auto& [name, count] : v->as_object()) {
      if (count.is_int64()) {
        out.emplace_back(std::string(name), count.as_int64());
      } else {
        errors_.push_back(
            field_error(key, std::string(name) + ": " + boost::json::serialize(count), "not_a_number"));
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
  const boost::json::object& body_;
  std::vector<FieldError> errors_;
};

}  // namespace relais::http
