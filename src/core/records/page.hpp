// One page of a list answer: its rows, the cursor of the next page, the count of all pages.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/cursor.hpp"

namespace relais {

template <typename T>
struct Page {
  std::vector<T> items;
  std::optional<Cursor> next;  // set when more rows follow
  std::int64_t total = 0;      // rows matching the filters, all pages
};

}  // namespace relais
