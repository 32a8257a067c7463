// Programmes, associations' referrals, structures' requests with their events, and what the
// allocation and the needs summary count.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "core/records/page.hpp"
#include "core/records/requests.hpp"

namespace relais::store {

struct RequestQuery {
  std::optional<RequestState> state;
  std::vector<RequestState> any_state;  // scope: when not empty, only these states
  std::optional<std::int64_t> structure_id;
  std::optional<std::int64_t> programme_id;
  std::optional<std::string> department;
  // Approved (wholly or partly) requests the allocation has not served yet.
  bool unallocated_only = false;
  bool submitted_only = false;  // leave out drafts cancelled before they were ever submitted
  int limit = 50;
  std::optional<Cursor> after;  // key: id
};

struct ReferralQuery {
  std::optional<std::int64_t> association_id;
  std::optional<std::int64_t> structure_id;
  std::optional<std::string> status;
  int limit = 50;
  std::optional<Cursor> after;  // key: id
};

class Requests {
 public:
  virtual ~Requests() = default;

  virtual std::int64_t insert_programme(const ProgrammeRecord& programme) = 0;
  virtual std::vector<ProgrammeRecord> programmes() = 0;
  virtual std::optional<ProgrammeRecord> programme_by_code(std::string_view code) = 0;
  // Writes its helpline, top-up budget and follow-up settings.
  virtual void update_programme(const ProgrammeRecord& programme) = 0;

  virtual std::int64_t insert_request(const RequestRecord& request) = 0;
  // Writes every field but the id, the programme, the structure and created_*.
  virtual void update_request(const RequestRecord& request) = 0;
  virtual std::optional<RequestRecord> request(std::int64_t id) = 0;
  virtual Page<RequestRecord> requests(const RequestQuery& query) = 0;
  virtual void insert_request_event(const RequestEventRecord& event) = 0;
  // What an applied allocation writes for many requests at once: each request's cards
  // allocated, its state and update time, and its event (a few statements per thousand
  // requests, not two per request).
  struct Allocated {
    std::int64_t request_id = 0;
    std::int64_t allocated = 0;
    RequestState state = RequestState::kApproved;
    RequestEventRecord event;
  };
  virtual void record_allocation(const std::vector<Allocated>& requests,
                                 std::string_view updated_at) = 0;
  virtual std::vector<RequestEventRecord> request_events(std::int64_t request_id) = 0;
  // Requests with cards allocated, approved (wholly or in part), none of whose cards is still
  // on its way or returned, and some delivered: the requests a delivery has just served (cards
  // lost on the way do not hold them back; a parcel sent back does).
  virtual std::vector<std::int64_t> requests_all_delivered(std::int64_t structure_id) = 0;

  virtual std::int64_t insert_referral(const ReferralRecord& referral) = 0;
  // Writes the status, the request and updated_at.
  virtual void update_referral_status(const ReferralRecord& referral) = 0;
  virtual std::optional<ReferralRecord> referral(std::int64_t id) = 0;
  virtual bool pseudonym_taken(std::string_view pseudonym) = 0;
  // Erases the notes of referrals served or closed before `before`; returns how many.
  virtual std::int64_t erase_referral_notes(std::string_view before) = 0;
  virtual Page<ReferralRecord> referrals(const ReferralQuery& query) = 0;
  // The referrals linked to a request (any status), oldest first.
  virtual std::vector<ReferralRecord> referrals_of_request(std::int64_t request_id) = 0;

  // Per state: requests, cards they ask for, cards allocated to them. Referrals per status.
  virtual std::vector<std::tuple<RequestState, std::int64_t, std::int64_t, std::int64_t>>
  request_counts() = 0;
  virtual std::vector<std::pair<std::string, std::int64_t>> referral_counts() = 0;
};

}  // namespace relais::store
