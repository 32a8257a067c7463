// A programme's results (issue 13): budget lines, funders, share links, and the rows the
// results are computed from, each read in one statement.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/records/results.hpp"

namespace relais::store {

class Results {
 public:
  virtual ~Results() = default;

  virtual ProgrammeProfileRecord programme_profile(std::int64_t programme_id) = 0;
  virtual void set_programme_profile(std::int64_t programme_id,
                                     const ProgrammeProfileRecord& profile) = 0;
  virtual std::vector<BudgetLineRecord> budget_lines(std::int64_t programme_id) = 0;
  virtual std::vector<FunderRecord> funders(std::int64_t programme_id) = 0;
  // Replaces the programme's budget lines and funders with these.
  virtual void replace_budget(std::int64_t programme_id, const std::vector<BudgetLineRecord>& lines,
                              const std::vector<FunderRecord>& funders) = 0;

  virtual std::int64_t insert_share_link(const ShareLinkRecord& link) = 0;
  virtual std::optional<ShareLinkRecord> share_link_by_token(std::string_view token_sha256) = 0;
  // The newest 500 (there are at most 50 open at once).
  virtual std::vector<ShareLinkRecord> share_links(std::int64_t programme_id) = 0;
  virtual bool revoke_share_link(std::int64_t programme_id, std::int64_t id,
                                 const std::string& at) = 0;

  // The facts: every structure; the batches of the programme's plan; the programme's submitted
  // requests; its cards that moved out of stock; its lines; its follow-ups; its top-ups; its
  // parcels.
  virtual std::vector<ResultStructureRow> result_structures() = 0;
  virtual std::vector<ResultBatchRow> result_batches(std::int64_t programme_id) = 0;
  virtual std::vector<ResultRequestRow> result_requests(std::int64_t programme_id) = 0;
  virtual std::vector<ResultCardRow> result_cards(std::int64_t programme_id) = 0;
  virtual std::vector<ResultLineRow> result_lines(std::int64_t programme_id) = 0;
  virtual std::vector<ResultFollowUpRow> result_follow_ups(std::int64_t programme_id) = 0;
  virtual std::vector<ResultTopupRow> result_topups(std::int64_t programme_id) = 0;
  virtual std::vector<ResultParcelRow> result_parcels(std::int64_t programme_id) = 0;
};

}  // namespace relais::store
