// The one error type that crosses layers: a stable code, a kind that decides the HTTP status,
// a localised detail, and for validation and imports the list of every bad field or line.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
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

// The bad lines of a file, bounded whatever the file (DESIGN rule 7): the errors of its first
// kListedLines bad lines (by line number, at most kErrorsPerLine each, values cut to
// kValueBytes) are kept in line order; the other bad lines are only counted. Errors may come
// in any order (a file checked in chunks on several threads, duplicates found when stored).
class LineErrors {
 public:
  static constexpr std::size_t kListedLines = 100;
  static constexpr std::size_t kErrorsPerLine = 10;
  static constexpr std::size_t kValueBytes = 100;

  LineErrors() = default;
  LineErrors(std::vector<FieldError> errors) {  // NOLINT: a list of errors is a report
    for (auto& e : errors) push_back(std::move(e));
  }

  void push_back(FieldError e);
  // Adds what `other` holds: its listed errors, and its lines only counted.
  void merge(LineErrors&& other);

  // Errors added, kept or not: grows with every push_back.
  std::size_t size() const { return added_; }
  bool empty() const { return added_ == 0; }
  std::size_t bad_lines() const { return bad_lines_; }
  std::size_t listed_lines() const { return listed_.size(); }
  // The kept errors, in line order.
  std::vector<FieldError> listed() const;

 private:
  bool first_seen(int line);

  std::map<int, std::vector<FieldError>> listed_;
  std::vector<bool> seen_;  // by line number: counts each bad line once
  std::size_t first_line_ = SIZE_MAX, last_line_ = 0;  // the span of seen_ set
  std::size_t bad_lines_ = 0;
  std::size_t added_ = 0;
};

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

  // 422 import_failed: the first bad lines of a file, in line order; the detail counts the
  // bad lines, and says how many are listed when not all are (unlisted_lines).
  static Error import_failed(const LineErrors& errors) {
    const std::size_t unlisted = errors.bad_lines() - errors.listed_lines();
    Error e = unlisted == 0
                  ? Error(ErrorKind::kUnprocessable, "import_failed",
                          {std::to_string(errors.bad_lines())}, errors.listed())
                  : Error(ErrorKind::kUnprocessable, "import_failed_listed",
                          {std::to_string(errors.bad_lines()),
                           std::to_string(errors.listed_lines())},
                          errors.listed());
    e.unlisted_lines_ = unlisted;
    return e;
  }

  ErrorKind kind() const { return kind_; }
  const std::string& code() const { return code_; }
  const std::vector<std::string>& args() const { return args_; }
  const std::vector<FieldError>& errors() const { return errors_; }
  std::vector<FieldError>& errors() { return errors_; }
  // Bad lines of a file counted but not listed (import_failed).
  std::size_t unlisted_lines() const { return unlisted_lines_; }
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
  std::size_t unlisted_lines_ = 0;
};

}  // namespace relais
