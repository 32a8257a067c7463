// For tests: the Error a call throws, to assert its kind, code and fields.
#pragma once

#include <gtest/gtest.h>

#include <functional>

#include "core/error.hpp"

namespace relais::testing {

// The Error `f` throws; a test failure, and an internal error to compare against, when it
// throws none.
inline Error thrown_by(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << "no error thrown";
  return Error(ErrorKind::kInternal, "nothing_thrown");
}

inline ErrorKind kind_of(const std::function<void()>& f) { return thrown_by(f).kind(); }

}  // namespace relais::testing
