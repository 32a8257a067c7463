// Residents of the structures, their consents and the lines handed to them; and every sealed
// value of the database, for the key's rotation.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/records/page.hpp"
#include "core/records/residents.hpp"

namespace relais::store {

struct ResidentQuery {
  std::optional<std::int64_t> structure_id;
  std::optional<std::int64_t> association_id;  // residents who came through its referrals
  // ResidentRecord::status; none: every resident not erased.
  std::optional<std::string> status;
  int limit = 50;
  std::optional<Cursor> after;  // key: id, newest first
};

// What a structure's home counts.
struct ResidentCounts {
  std::int64_t residents = 0;          // not erased
  std::int64_t needs_consent = 0;      // no line, no consent to the line
  std::int64_t waiting_line = 0;       // consented to the line, none yet
  std::int64_t handed_over_since = 0;  // lines handed over since the given time, still held
};

class Residents {
 public:
  virtual ~Residents() = default;

  virtual std::int64_t insert_resident(const ResidentRecord& resident) = 0;
  virtual std::optional<ResidentRecord> resident(std::int64_t id) = 0;
  virtual std::optional<ResidentRecord> resident_of_referral(std::int64_t referral_id) = 0;
  virtual Page<ResidentRecord> residents(const ResidentQuery& query) = 0;
  virtual bool pseudonym_taken(std::string_view pseudonym) = 0;
  // Sets the sealed fields (after the id is known, to bind them to it).
  virtual void set_sealed_fields(std::int64_t id, const std::optional<std::string>& first_name,
                                 const std::optional<std::string>& contact) = 0;
  // Destroys the sealed fields and the resident's testimonies, and marks the row erased at `at`.
  virtual void erase_resident(std::int64_t id, std::string_view at) = 0;
  // Residents not erased whose every line ended (taken back, or past its end) before `before`
  // and who were recorded before it: the ones whose personal data is due for erasure.
  virtual std::vector<std::int64_t> residents_due(std::string_view before) = 0;
  virtual ResidentCounts counts(std::int64_t structure_id, std::string_view since) = 0;

  virtual std::int64_t insert_consent(const ConsentRecord& consent) = 0;
  virtual std::optional<ConsentRecord> consent(std::int64_t id) = 0;
  virtual std::vector<ConsentRecord> consents_of(std::int64_t resident_id) = 0;
  // Moves a consent from given to `status` (withdrawn, expired); false when it was not given.
  virtual bool end_consent(std::int64_t id, std::string_view status, std::string_view at,
                           std::optional<std::int64_t> by) = 0;

  virtual std::int64_t insert_handover(const HandoverRecord& handover) = 0;
  virtual std::optional<HandoverRecord> handover(std::int64_t id) = 0;
  virtual std::vector<HandoverRecord> handovers_of(std::int64_t resident_id) = 0;
  // The line in use of a resident for a programme.
  virtual std::optional<HandoverRecord> open_handover(std::int64_t resident_id,
                                                      std::int64_t programme_id) = 0;
  virtual void take_back(std::int64_t id, std::string_view at, std::optional<std::int64_t> by,
                         std::string_view reason) = 0;
};

// Every column of sealed bytes, for `relais keys rotate`.
enum class SealedColumn { kSimPuk, kReferralNote, kResidentFirstName, kResidentContact };
struct SealedValue {
  std::string row;    // the row's key: an ICCID, or an id as text
  std::string bytes;  // the sealed bytes
};

class Sealed {
 public:
  virtual ~Sealed() = default;
  // Whether any column holds a sealed value (the database then needs its key file).
  virtual bool any() = 0;
  // Up to `limit` values of `column` after row `after` ("" for the first), in row order.
  virtual std::vector<SealedValue> values(SealedColumn column, std::string_view after,
                                          int limit) = 0;
  // Replaces `old_bytes` by `new_bytes` in that row; false when the row no longer holds
  // `old_bytes` (written or erased meanwhile).
  virtual bool replace(SealedColumn column, std::string_view row, std::string_view old_bytes,
                       std::string_view new_bytes) = 0;
};

}  // namespace relais::store
