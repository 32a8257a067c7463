// Use cases of the allocation: the fair share of the stock between approved requests, previewed
// then applied (cards reserved), and the weights of the priority score.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "app/actor.hpp"
#include "core/allocation.hpp"
#include "app/store_fwd.hpp"
#include "core/cursor.hpp"
#include "core/records/requests.hpp"

namespace relais::app {

struct AllocationPreview {
  std::int64_t stock = 0;  // cards in stock, all plans the requests draw on
  AllocationResult result;
  std::unordered_map<std::int64_t, RequestRecord> requests;  // by id: names, dates
  // The lines' structures' names folded, for search and sort (filled by preview_allocation).
  std::vector<std::string> folded_names;
  // What the allocation gives a group of requests (a department, a type of structure, all).
  struct Share {
    std::string key;            // department code, structure type, or "" for all
    std::int64_t capacity = 0;  // reception places (departments only)
    std::int64_t requests = 0, requested = 0, allocated = 0;
    std::int64_t served = 0, partly_served = 0, unserved = 0;  // requests by outcome
  };
  std::vector<Share> departments;      // by code
  std::vector<Share> structure_types;  // by type
  Share total;
  PriorityWeights weights;
  std::string fingerprint;  // of the input and the result: apply refuses another
};
// The preview as the coordinator sees it, computed once per state of the data (every write
// changes the audit log's head) and shared by the summary and the pages of its list.
std::shared_ptr<const AllocationPreview> preview_allocation(store::Store& store,
                                                            const Actor& actor);

// One page of the preview's requests, filtered, searched and sorted.
struct AllocationLineFilter {
  std::optional<std::string> text;  // a fragment of the structure's name, or a request number
  std::optional<std::string> department;
  std::optional<std::string> structure_type;
  std::optional<std::string> outcome;  // served, partly_served, unserved
  std::optional<std::string> sort;     // score (default), allocated, requested, missing,
                                       // department, structure, submitted_at, request
  std::optional<std::string> order;    // asc or desc (the sort's natural order by default)
  std::optional<std::string> limit, cursor;
};
struct AllocationLinesPage {
  std::vector<const AllocationLine*> lines;  // into the preview it was cut from
  std::shared_ptr<const AllocationPreview> preview;
  std::optional<Cursor> next;
  std::int64_t total = 0;
};
AllocationLinesPage preview_lines(store::Store& store, const Actor& actor,
                                  const AllocationLineFilter& filter);
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
