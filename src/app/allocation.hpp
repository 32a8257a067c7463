// Use cases of the allocation: the fair share of the stock between approved requests, previewed
// then applied (cards reserved), and the weights of the priority score.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "app/actor.hpp"
#include "core/allocation.hpp"
#include "app/store_fwd.hpp"
#include "core/records/requests.hpp"

namespace relais::app {

struct AllocationPreview {
  std::int64_t stock = 0;  // cards in stock, all plans the requests draw on
  AllocationResult result;
  std::unordered_map<std::int64_t, RequestRecord> requests;  // by id: names, dates
  struct Department {
    std::string code;
    std::int64_t capacity = 0, requested = 0, allocated = 0, requests = 0;
  };
  std::vector<Department> departments;
  PriorityWeights weights;
  std::string fingerprint;  // of the input and the result: apply refuses another
};
AllocationPreview preview_allocation(store::Store& store, const Actor& actor);
// Applies what preview_allocation shows, in one transaction: in_stock -> reserved for each
// card (one event each), the allocated quantity on each request, partially_approved when it
// got less than asked. With `fingerprint`, refuses (409) when the preview no longer matches.
AllocationPreview apply_allocation(store::Store& store, const Actor& actor,
                                   const std::optional<std::string>& fingerprint);

// The weights of the priority score (the coordinator's setting; the defaults of
// core/allocation.hpp until set). Each from 0 to 10; the base above 0.
PriorityWeights allocation_weights(store::Store& store, const Actor& actor);
PriorityWeights set_allocation_weights(store::Store& store, const Actor& actor,
                                       const std::map<std::string, double>& weights);

}  // namespace relais::app
