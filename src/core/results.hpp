// A programme's results (issue 13), computed from its facts: budget and co-funding, the chain's
// funnel month by month, lead times, where people were connected, who they are (household,
// language) and what the lines changed. Every count of people passes core/disclosure: results
// are made to be shown to the funder, shared and exported, so none is under 5 and no hidden
// count can be worked out from the figures shown. Pure: the same facts give the same results.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/disclosure.hpp"
#include "core/records/results.hpp"

namespace relais {

// The steps of the chain, in order: cards received into stock, allocated (reserved for a
// request), packed, shipped, delivered to the structure, handed over to a person, active, and
// still used at the follow-up survey.
inline constexpr std::array<std::string_view, 8> kFunnelStages = {
    "received", "allocated", "packed",  "shipped",
    "delivered", "handed_over", "active", "still_used"};
inline constexpr std::array<std::string_view, 3> kLeadTimes = {
    "request_to_delivery", "delivery_to_handover", "handover_to_activation"};
// What a programme's budget is made of. The top-ups' line is the programme's top-up budget.
inline constexpr std::array<std::string_view, 6> kBudgetCategories = {
    "cards", "topups", "shipping", "devices", "training", "coordination"};
// Budget lines whose spending Relais counts itself; the others are entered by hand.
bool counted_from_events(std::string_view category);
inline constexpr std::array<std::string_view, 5> kHouseholdSizes = {"1", "2", "3", "4", "5+"};

// Everything results are computed from (read by app from the store; no personal field).
struct ResultFacts {
  std::int64_t programme_id = 0;
  std::string programme_code, programme_name, plan_name, operator_name;
  std::string coordinator_name;  // who runs the programme and reports it
  std::string as_of;             // when the facts were read (ISO 8601 UTC)
  std::int64_t card_price_cents = 0;  // the plan's price, paid for each card handed over
  std::optional<std::int64_t> topup_budget_cents;
  ProgrammeProfileRecord profile;
  std::vector<BudgetLineRecord> budget_lines;
  std::vector<FunderRecord> funders;
  std::vector<ResultStructureRow> structures;
  std::vector<ResultBatchRow> batches;
  std::vector<ResultRequestRow> requests;
  std::vector<ResultCardRow> cards;
  std::vector<ResultLineRow> lines;
  std::vector<ResultFollowUpRow> follow_ups;
  std::vector<ResultTopupRow> topups;
  std::vector<ResultParcelRow> parcels;
};

// Which part of the results: a period (dates, both ends included, "" for none), a department
// (INSEE code) and a structure type ("" for all). The budget is the whole programme's always.
struct ResultsFilter {
  std::string from, to, department, structure_type;
};

// A count of people as its reader sees it (core/disclosure).
struct Figure {
  std::int64_t n = 0;
  Hidden hidden = Hidden::kNo;
  bool shown() const { return hidden == Hidden::kNo; }
};

struct BudgetLineResult {
  std::string category;
  std::optional<std::int64_t> budget_cents;  // none: no budget set for it
  // Asked but not yet spent (cards allocated not yet handed over, top-ups asked or approved,
  // parcels packed not yet shipped), and spent; none when they would tell a count under 5.
  std::optional<std::int64_t> committed_cents, spent_cents;
  std::optional<std::int64_t> left_cents;  // budget - committed - spent
};
struct FunderResult {
  std::string name;
  std::optional<std::string> iati_ref, category;
  std::optional<std::int64_t> share_bp;
  std::int64_t committed_cents = 0;  // its amount, or its share of the budget it pays into
  std::optional<std::int64_t> spent_cents, left_cents;  // its share of what was spent
};
struct BudgetResult {
  std::vector<BudgetLineResult> lines;  // in kBudgetCategories' order, those with a budget or a cost
  BudgetLineResult total;
  std::vector<FunderResult> funders;
  Figure people_connected;
  std::optional<std::int64_t> cost_per_person_cents;  // spent / people connected, when both shown
};

struct StageResult {
  std::string stage;
  std::optional<Figure> total;  // none: not counted under this filter (received, by place)
  std::vector<Figure> by_month;  // as ResultsView::months
};

struct LeadTimeResult {
  std::string measure;
  Figure count;
  std::optional<double> median_hours, p90_hours;  // none when the count is not shown
};

struct PlaceRow {
  std::string key, name;  // department code and name, or structure type (name "")
  std::int64_t structures = 0, places = 0;
  Figure connected;
  std::optional<double> per_100_places;  // connected per 100 reception places, when shown
};

struct CountRow {
  std::string key;
  Figure people;
};

// A testimony as published: its words and the year only (a month and a language would single
// out its author among few).
struct Testimony {
  std::string text, year;
};

struct ChangeResult {
  Figure surveys;
  std::vector<CountRow> uses;        // each use's count (a person may give several)
  Figure still_used, not_used;       // among those asked
  Figure not_asked;                  // surveys without the question
  std::optional<double> still_used_rate;  // still used / asked, when both shown
  std::vector<CountRow> satisfaction;  // "1".."5"
  Figure satisfaction_answers;
  std::optional<double> satisfaction_mean;
  // Whose authors consented to publication; only for the whole programme's places (a
  // department's few surveys would point at their authors) and when there are at least 5.
  std::vector<Testimony> testimonies;
};

struct ProgrammeResults {
  std::int64_t programme_id = 0;
  std::string programme_code, programme_name, operator_name, plan_name, coordinator_name;
  std::string as_of;  // when the facts were read (ISO 8601 UTC)
  ResultsFilter filter;
  ProgrammeProfileRecord profile;
  BudgetResult budget;
  std::vector<std::string> months;  // "2025-03", first to last with anything in them
  std::vector<StageResult> funnel;  // kFunnelStages
  std::vector<LeadTimeResult> lead_times;
  std::vector<PlaceRow> departments;  // with at least one structure, by code
  PlaceRow departments_total;
  std::vector<PlaceRow> structure_types;
  PlaceRow structure_types_total;
  std::vector<CountRow> household_sizes, languages;  // people connected with their line
  Figure household_total, language_total;
  ChangeResult changes;
};

// The results of `facts` for `filter`, every count of people disclosed (core/disclosure).
// The filter is taken as valid (app checks it).
ProgrammeResults compute_results(const ResultFacts& facts, const ResultsFilter& filter);
// The same with what the budget page sets (the programme's name and code, its top-up budget,
// profile, budget lines and funders) taken from `plan` and the rest from `facts`.
ProgrammeResults compute_results(const ResultFacts& facts, const ResultFacts& plan,
                                 const ResultsFilter& filter);
// What a view filtered by place must hide because the whole programme's table of places hides
// it, or does not show it (a department's count of one type is not in that table, and would
// tell its other types): the people connected in all (`total`), in these departments and
// these structure types.
struct PlaceHiding {
  bool total = false;
  std::vector<std::string> departments, types;
};
ProgrammeResults compute_results(const ResultFacts& facts, const ResultFacts& plan,
                                 const ResultsFilter& filter, const PlaceHiding& hiding);

// The median (the mean of the two middle values for an even count) and the 90th percentile
// (nearest rank) of `values`, which it sorts; none when empty.
std::optional<std::pair<double, double>> median_and_p90(std::vector<std::int64_t>& values);

// Minutes since 1970 of an ISO 8601 UTC time or date ("2026-03-01T10:05:00Z", "2026-03-01").
std::optional<std::int64_t> minutes_of(std::string_view iso);

}  // namespace relais
