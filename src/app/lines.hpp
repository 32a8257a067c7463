// Use cases of lines in use (issue 12): the operator's status reports (activation and number,
// usage, block, top-up and swap confirmations), the lists of lines, top-ups within the
// programme's budget, lost, stolen and defective lines with their block and replacement,
// follow-up surveys, and each structure's to-do list.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/actor.hpp"
#include "app/clock.hpp"
#include "app/store_fwd.hpp"
#include "core/line.hpp"
#include "core/records/lines.hpp"
#include "core/records/page.hpp"
#include "core/records/requests.hpp"
#include "core/status_report.hpp"

namespace relais::app {

// An operator's status report (DESIGN.md rule 3: all or nothing). Each line moves its card
// (activated, suspended, terminated), confirms what was asked of the operator (blocked,
// topped_up, swapped), sets the number given at activation, and records the data used in
// the month. A line already applied changes nothing: the same report sent twice is harmless.
struct StatusReportOutcome {
  int applied = 0;
  int unchanged = 0;
};
StatusReportOutcome apply_status_report(store::Store& store, const Actor& actor,
                                        const std::string& operator_code,
                                        const std::vector<RawStatusLine>& lines,
                                        LineErrors read_errors);

// The lines the structure (its own) and the coordinator (any, or one structure's) follow:
// not active 3 days after the handover, ending within 7 days, ended, or all in use.
struct LineFilter {
  std::optional<std::string> filter, structure_id, programme_id, limit, cursor;
};
Page<LineRow> list_lines(store::Store& store, const Actor& actor, const LineFilter& filter);
// Whether lines are really used: per month, the lines the operator reported a figure for, those
// that used data, and the data used in all (a structure its own lines, the coordinator all).
std::vector<UsageMonth> line_usage(store::Store& store, const Actor& actor);

// A top-up: the structure asks one for a line it handed over (`iccid`); the coordinator asks
// one for a line, or for every active line of a programme (`programme_id`), approved at once.
// 409 plan_not_rechargeable, budget_exceeded, line_not_active, topup_under_way.
struct TopupInput {
  std::optional<std::string> iccid;
  std::optional<std::int64_t> programme_id;
};
std::vector<TopupRecord> request_topups(store::Store& store, const Actor& actor,
                                        const TopupInput& in);
// The coordinator approves (within the budget) or refuses a structure's request.
TopupRecord decide_topup(store::Store& store, const Actor& actor, std::int64_t id,
                         bool approve);
struct TopupFilter {
  std::optional<std::string> status, programme_id, limit, cursor;
};
Page<TopupRecord> list_topups(store::Store& store, const Actor& actor, const TopupFilter& filter);
// The programme's top-up budget: what it is, what approved and confirmed top-ups took, and what
// waits for approval.
struct TopupBudget {
  std::optional<std::int64_t> budget_cents;
  std::int64_t committed_cents = 0;
  std::int64_t requested_cents = 0;
  std::optional<std::int64_t> left_cents;  // none without a budget
};
TopupBudget topup_budget(store::Store& store, const Actor& actor, std::int64_t programme_id);
// What a round over the programme's active lines would make, before the coordinator asks it.
struct TopupRound {
  std::int64_t lines = 0;  // active, without a top-up under way
  std::int64_t unit_cost_cents = 0;
  std::int64_t cost_cents = 0;
  bool rechargeable = false;
};
TopupRound topup_round(store::Store& store, const Actor& actor, std::int64_t programme_id);

// What the operator is asked to do (its token, or the coordinator): top-ups approved and not
// confirmed, blocks asked, swaps asked.
std::vector<TopupRecord> topup_requests(store::Store& store, const Actor& actor,
                                        const std::string& operator_code);
std::vector<LineIncidentRecord> block_requests(store::Store& store, const Actor& actor,
                                               const std::string& operator_code);
std::vector<LineIncidentRecord> swap_requests(store::Store& store, const Actor& actor,
                                              const std::string& operator_code);

// A structure declares a resident's line lost, stolen or defective; the card can never be
// handed over again.
LineIncidentRecord declare_incident(store::Store& store, const Actor& actor,
                                    const std::optional<std::string>& iccid,
                                    const std::optional<std::string>& kind);
// The coordinator asks the operator to block the line.
LineIncidentRecord request_block(store::Store& store, const Actor& actor, std::int64_t id);
// The structure replaces a blocked line with a card it holds: keep_number (a SIM swap the
// operator confirms) or new_line. 409 line_not_blocked before the operator's block.
LineIncidentRecord replace_line(store::Store& store, const Actor& actor, std::int64_t id,
                                const std::optional<std::string>& mode,
                                const std::optional<std::string>& iccid);
struct IncidentFilter {
  std::optional<std::string> status, open, limit, cursor;
};
Page<LineIncidentRecord> list_line_incidents(store::Store& store, const Actor& actor,
                                             const IncidentFilter& filter);
LineIncidentRecord get_line_incident(store::Store& store, const Actor& actor, std::int64_t id);

// The follow-up survey of a resident who consented to it (409 consent_missing otherwise; a
// testimony needs the consent to publish too), for their line in use or their last line.
struct SurveyInput {
  std::optional<std::int64_t> resident_id;
  std::optional<std::string> language;
  std::map<std::string, SurveyAnswer> answers;
};
FollowUpRecord record_follow_up(store::Store& store, const Actor& actor, const SurveyInput& in);

// A programme's survey: its own questions, or the standard ones.
std::vector<SurveyQuestion> survey_of(const ProgrammeRecord& programme);
// Reads questions from JSON text; throws validation_failed (422) naming every problem.
std::vector<SurveyQuestion> parse_survey(const std::string& json);
std::string survey_json(const std::vector<SurveyQuestion>& questions);

// The coordinator sets a programme's top-up budget, follow-up delay and survey.
struct ProgrammeLineSettings {
  std::optional<std::int64_t> topup_budget_cents;
  bool clear_budget = false;  // the body's topup_budget_cents was null
  std::optional<long long> follow_up_days;
  std::optional<std::string> follow_up_questions;  // JSON
  bool standard_survey = false;  // the body's follow_up_questions was null
};
ProgrammeRecord update_programme_lines(store::Store& store, const Actor& actor, std::int64_t id,
                                       const ProgrammeLineSettings& in);

// The daily job: every structure's to-do list built again as at `at`. Returns the items.
std::int64_t build_todo_lists(store::Store& store, Clock::time_point at);
// The to-do list of the caller's structure, or (coordinator) of `structure_id`; without one,
// the coordinator gets the count per structure and kind.
struct TodoList {
  std::vector<TodoItemRecord> items;
  std::map<std::int64_t, std::map<std::string, std::int64_t>> counts;  // coordinator overview
  std::map<std::int64_t, std::string> structure_names;
  std::optional<std::string> built_at;
};
TodoList todo_list(store::Store& store, const Actor& actor,
                   const std::optional<std::string>& structure_id);

// Inside a write that settles a to-do item: the structure's list built again now (a status
// report, a programme's round of top-ups), or only the resident's items (one line's write).
void refresh_todo(store::Transaction& tx, std::int64_t structure_id);
void refresh_resident_todo(store::Transaction& tx, std::int64_t resident_id);

}  // namespace relais::app
