// The records of residents: the people a structure hands lines to, their consents and their
// lines (handovers).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace relais {

struct ResidentRecord {
  std::int64_t id = 0;
  std::string pseudonym;
  std::int64_t structure_id = 0;
  std::optional<std::int64_t> referral_id;
  int household_size = 1;
  int children = 0;
  std::vector<std::string> languages;
  std::vector<std::string> needs;
  std::optional<std::string> first_name_sealed;  // bytes, bound to the row
  std::optional<std::string> contact_sealed;     // bytes, bound to the row
  std::string created_by;
  std::string created_at;
  std::string updated_at;
  std::optional<std::string> erased_at;
  // Filled on reads:
  std::string structure_name;
  std::optional<std::int64_t> association_id = std::nullopt;  // of its referral
  // needs_consent, waiting_line (consented to the line), has_line, erased: from its consents
  // and lines, by the store.
  std::string status = "needs_consent";
};

struct ConsentRecord {
  std::int64_t id = 0;
  std::int64_t resident_id = 0;
  std::string purpose;  // kConsentPurposes
  std::string method;   // kConsentMethods
  std::string notice_version;
  std::string notice_language;
  std::optional<std::int64_t> recorded_by;
  std::optional<std::int64_t> witness_user_id;
  std::string given_at;
  std::string status;  // kConsentStatuses
  std::optional<std::string> status_at;
  std::optional<std::int64_t> status_by;
  // Filled on reads:
  std::optional<std::string> recorded_by_name = std::nullopt;
  std::optional<std::string> witness_name = std::nullopt;
  std::optional<std::string> status_by_name = std::nullopt;
};

struct HandoverRecord {
  std::int64_t id = 0;
  std::int64_t resident_id = 0;
  std::string iccid;
  std::int64_t programme_id = 0;
  std::int64_t structure_id = 0;
  std::string handed_over_at;
  std::optional<std::int64_t> handed_over_by;
  std::string ends_at;
  std::optional<std::int64_t> replaces_id;
  std::optional<std::string> taken_back_at;
  std::optional<std::int64_t> taken_back_by;
  std::optional<std::string> taken_back_reason;
  std::optional<std::string> activated_at = std::nullopt;  // the operator's report date
  // Filled on reads:
  std::string programme_code;
  std::string msisdn;
  std::optional<std::string> handed_over_by_name = std::nullopt;
  std::optional<std::string> taken_back_by_name = std::nullopt;
};

}  // namespace relais
