// The one error type that crosses layers: a stable code, a kind that decides the HTTP status,
// a localised detail, and for validation and imports the list of every bad field or line.
#pragma once

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

namespace relais {

enum class ErrorKind {
  kBadRequest,            // 400
  kUnauthenticated,       // 401
  kForbidden,             // 403
  kNotFound,              // 404
  kMethodNotAllowed,      // 405
  kConflict,              // 409
  kGone,                  // 410
  kPayloadTooLarge,       // 413
  kUnsupportedMediaType,  // 415
  kUnprocessable,         // 422
  kTooManyRequests,       // 429
  kHeaderTooLarge,        // 431
  kInternal,              // 500
  kUnavailable,           // 503
};

// One bad value: `line` is 0 for a form field, the 1-based file line for an import.
struct FieldError {
  std::string field;
  std::string value;
  std::string reason;   // stable code, e.g. "unknown_department"
  std::string message;  // filled in the reader's language by localise()
  int line = 0;
  std::vector<std::string> args;  // values for the message's placeholders

  bool operator==(const FieldError&) const = default;
};

inline FieldError field_error(std::string field, std::string value, std::string reason,
                              std::vector<std::string> args = {}, int line = 0) {
  FieldError e;
  e.field = std::move(field);
  e.value = std::move(value);
  e.reason = std::move(reason);
  e.args = std::move(args);
  e.line = line;
  return e;
}

// `code` names a message of core/messages.cpp; `args` fill its placeholders, so the detail is
// written in the reader's language where the error is shown, not where it is raised.
class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, std::string code, std::vector<std::string> args = {},
        std::vector<FieldError> errors = {})
      : std::runtime_error(describe(code, args)),
        kind_(kind),
        code_(std::move(code)),
        args_(std::move(args)),
        errors_(std::move(errors)) {}

  // 422 validation_failed naming every bad field; the count goes into the detail.
  static Error validation(std::vector<FieldError> errors) {
    std::string count = std::to_string(errors.size());
    return Error(ErrorKind::kUnprocessable, "validation_failed", {std::move(count)},
                 std::move(errors));
  }

  // 422 import_failed: every bad line of a file, in line order; the detail counts the lines.
  static Error import_failed(std::vector<FieldError> errors) {
    std::stable_sort(errors.begin(), errors.end(),
                     [](const FieldError& a, const FieldError& b) { return a.line < b.line; });
    std::size_t lines = 0;
    int last = -1;
    for (const auto& e : errors) {
      if (e.line != last) ++lines;
      last = e.line;
    }
    return Error(ErrorKind::kUnprocessable, "import_failed", {std::to_string(lines)},
                 std::move(errors));
  }

  ErrorKind kind() const { return kind_; }
  const std::string& code() const { return code_; }
  const std::vector<std::string>& args() const { return args_; }
  const std::vector<FieldError>& errors() const { return errors_; }
  std::vector<FieldError>& errors() { return errors_; }
  int retry_after() const { return retry_after_; }
  Error& with_retry_after(int seconds) {
    retry_after_ = seconds;
    return *this;
  }

 private:
  static std::string describe(const std::string& code, const std::vector<std::string>& args) {
    std::string out = code;
    for (const auto& a : args) out += ": " + a;
    return out;
  }

  ErrorKind kind_;
  std::string code_;
  std::vector<std::string> args_;
  std::vector<FieldError> errors_;
  int retry_after_ = 0;
};

}  // namespace relais
