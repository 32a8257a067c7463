// Use cases of needs and allocation (issue 4): associations' referrals, structures' requests
// and their workflow, and the fair allocation of the stock between approved requests.
#pragma once

#include <cstdint>
#include <map>
#include <unordered_map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/actor.hpp"
#include "app/sealer.hpp"
#include "core/allocation.hpp"
#include "core/request.hpp"
#include "store/store.hpp"

namespace relais::app {

// ---- Programmes ----
std::vector<store::ProgrammeRecord> list_programmes(store::Store& store, const Actor& actor);
// Coordinator: a programme handing out the cards of one plan.
store::ProgrammeRecord create_programme(store::Store& store, const Actor& actor,
                                        const std::string& code, const std::string& name,
                                        const std::string& operator_code,
                                        const std::string& plan_code);

// ---- Referrals ----
struct ReferralInput {
  std::optional<long long> structure_id, adults, children;
  std::vector<std::string> languages, needs;
  std::string note;
};
struct ReferralView {
  store::ReferralRecord referral;
  std::optional<std::string> note;  // only for the association that wrote it and its structure
};
ReferralView create_referral(store::Store& store, const Sealer& sealer, const Actor& actor,
                             const ReferralInput& input);
struct ReferralFilter {
  std::optional<std::string> status, structure_id, limit, cursor;
};
store::Page<ReferralView> list_referrals(store::Store& store, const Sealer& sealer,
                                         const Actor& actor, const ReferralFilter& filter);
ReferralView get_referral(store::Store& store, const Sealer& sealer, const Actor& actor,
                          std::int64_t id);
// "close": the association that wrote it or the structure it was sent to, while open.
ReferralView close_referral(store::Store& store, const Sealer& sealer, const Actor& actor,
                            std::int64_t id);

// Retention: the notes of referrals served or closed more than `days` days ago are erased
// (the pseudonymous counts stay for the reports). Returns how many notes went.
std::int64_t purge_referral_notes(store::Store& store, const Actor& actor, int days);

// ---- Requests ----
struct RequestInput {
  std::optional<std::string> programme;  // code; required on creation
  RequestDraft draft;
  std::vector<std::int64_t> referral_ids;
};
struct RequestView {
  store::RequestRecord request;
  std::vector<store::RequestEventRecord> events;
  std::vector<store::ReferralRecord> referrals;  // linked referrals (without notes)
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
store::Page<store::RequestRecord> list_requests(store::Store& store, const Actor& actor,
                                                const RequestFilter& filter);
RequestView get_request(store::Store& store, const Actor& actor, std::int64_t id);

// Counts for those who follow the programme (funder: counts under 5 masked as nullopt).
struct ProgrammeCounts {
  std::map<std::string, std::optional<std::int64_t>> requests_by_state;
  std::map<std::string, std::optional<std::int64_t>> cards_by_state;  // cards requested
  std::map<std::string, std::optional<std::int64_t>> referrals_by_status;
  std::optional<std::int64_t> cards_allocated;
  bool masked = false;
};
ProgrammeCounts need_counts(store::Store& store, const Actor& actor);

// ---- Allocation ----
struct AllocationPreview {
  std::int64_t stock = 0;  // cards in stock, all plans the requests draw on
  AllocationResult result;
  std::unordered_map<std::int64_t, store::RequestRecord> requests;  // by id: names, dates
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
