// Use cases of requests: a structure's request for cards, from draft to fulfilled (submit,
// endorse, approve, reject, cancel...), the lists and the counts of those who follow the programme.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/actor.hpp"
#include "core/records/parcels.hpp"
#include "core/request.hpp"
#include "app/store_fwd.hpp"
#include "core/records/page.hpp"
#include "core/records/requests.hpp"

namespace relais::app {

struct RequestInput {
  std::optional<std::string> programme;  // code; required on creation
  RequestDraft draft;
  std::vector<std::int64_t> referral_ids;
};
struct RequestView {
  RequestRecord request;
  std::vector<RequestEventRecord> events;
  std::vector<ReferralRecord> referrals;  // linked referrals (without notes), for those who read them
  std::int64_t referral_count = 0;        // linked referrals, told to every reader of the request
  std::vector<RequestParcel> parcels;     // the parcels holding its cards: its history goes on
  std::int64_t reserved = 0;                     // cards still reserved for it
};
// A structure's new request, as a draft.
RequestView create_request(store::Store& store, const Actor& actor, const RequestInput& input);
// A draft's fields (the structure that owns it).
RequestView update_request(store::Store& store, const Actor& actor, std::int64_t id,
                           const RequestInput& input);
// `quantity`: for approve_partially, the number of cards approved (less than asked).
RequestView apply_request_transition(store::Store& store, const Actor& actor, std::int64_t id,
                                     const std::string& transition, const std::string& reason,
                                     std::optional<long long> quantity = std::nullopt);
struct RequestFilter {
  std::optional<std::string> state, structure_id, department, limit, cursor;
};
Page<RequestRecord> list_requests(store::Store& store, const Actor& actor,
                                                const RequestFilter& filter);
RequestView get_request(store::Store& store, const Actor& actor, std::int64_t id);

// Counts for those who follow the programme (funder: counts under 5 masked as nullopt), by the
// names of the states and statuses, in the order the summary answers them.
struct ProgrammeCounts {
  std::map<std::string, std::optional<std::int64_t>> requests_by_state;
  std::map<std::string, std::optional<std::int64_t>> cards_by_state;  // cards requested
  std::map<std::string, std::optional<std::int64_t>> referrals_by_status;
  std::optional<std::int64_t> cards_allocated;
  bool masked = false;
};
ProgrammeCounts need_counts(store::Store& store, const Actor& actor);

}  // namespace relais::app
