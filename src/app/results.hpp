// A programme's results for those who fund and run it (issue 13): the figures of core/results
// read from the store, the budget and co-funding they are measured against, and read-only
// share links. Every count is disclosed (core/disclosure) whoever reads it: results are made
// to be shown, shared and exported.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/actor.hpp"
#include "app/clock.hpp"
#include "app/store_fwd.hpp"
#include "core/results.hpp"

namespace relais::app {

// The query's filter as given (text); checked into a ResultsFilter.
struct ResultsQuery {
  std::optional<std::string> from, to, department, structure_type;
};

// How old the facts of a programme's results may be once the data changed (0, the default:
// always read again after a write; `relais serve --results-max-age`). The budget and the
// profile are always as they are; `as_of` says when the rest was read.
void set_results_max_age(std::chrono::seconds age);

// The results of a programme for the coordinator and the funder. 422 naming each bad filter
// (a date that is not YYYY-MM-DD, `from` after `to`, an unknown department or structure
// type), 404 for an unknown programme.
std::shared_ptr<const ProgrammeResults> programme_results(store::Store& store, const Actor& actor,
                                                          std::int64_t programme_id,
                                                          const ResultsQuery& query);

// The same through a share link's token, without an account: 404 for a token that is unknown,
// expired or revoked (the page says the link no longer works, not why).
std::shared_ptr<const ProgrammeResults> shared_results(store::Store& store,
                                                       const std::string& token,
                                                       const ResultsQuery& query,
                                                       Clock::time_point now = Clock::now());

// A read-only link to a programme's results until `expires_at` (ISO 8601 date or time, in the
// future and at most a year ahead). The token is given once; only its SHA-256 is kept.
struct NewShareLink {
  ShareLinkRecord link;
  std::string token;
};
inline constexpr int kMaxShareDays = 366;
inline constexpr std::size_t kMaxOpenShareLinks = 50;  // per programme; 409 beyond
NewShareLink create_share_link(store::Store& store, const Actor& actor, std::int64_t programme_id,
                               const std::optional<std::string>& expires_at,
                               Clock::time_point now = Clock::now());
std::vector<ShareLinkRecord> list_share_links(store::Store& store, const Actor& actor,
                                              std::int64_t programme_id);
void revoke_share_link(store::Store& store, const Actor& actor, std::int64_t programme_id,
                       std::int64_t link_id);

// A programme's budget: its lines (the top-ups' is the programme's top-up budget), its funders
// and what IATI reports of it.
struct ProgrammeBudget {
  ProgrammeProfileRecord profile;
  std::vector<BudgetLineRecord> lines;
  std::vector<FunderRecord> funders;
};
inline constexpr std::size_t kMaxFunders = 20;
ProgrammeBudget programme_budget(store::Store& store, const Actor& actor,
                                 std::int64_t programme_id);
// Replaces the budget whole; 422 naming each bad field (lines.2.budget_cents...), nothing
// stored then.
ProgrammeBudget set_programme_budget(store::Store& store, const Actor& actor,
                                     std::int64_t programme_id, const ProgrammeBudget& budget);

}  // namespace relais::app
