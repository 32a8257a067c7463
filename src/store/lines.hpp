// Lines in use (issue 12): what the operator's reports set on a line (activation, number, end,
// usage), top-ups, incidents, follow-ups, the lists of lines and the to-do lists.
#pragma once

#include <cstdint>
#include <map>
#include <utility>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/records/cards.hpp"
#include "core/records/lines.hpp"
#include "core/records/page.hpp"

namespace relais::store {

struct LineQuery {
  std::optional<std::int64_t> structure_id;
  std::optional<std::int64_t> programme_id;
  // not_active: handed over before `not_active_before` and still not active; ending: active (or
  // suspended) and ends after `at` and up to `ending_before`; ended: activated and ended at
  // `at` or before, or ended by the operator; all: every line. Lines taken back are never
  // listed.
  std::string filter = "all";
  std::string at, not_active_before, ending_before;
  int limit = 50;
  std::optional<Cursor> after;  // key: handover id, oldest first
};

struct TopupQuery {
  std::optional<std::int64_t> structure_id, programme_id, operator_id;
  std::optional<std::string> status, iccid;
  int limit = 50;
  std::optional<Cursor> after;  // newest first
};

struct LineIncidentQuery {
  std::optional<std::int64_t> structure_id, operator_id, resident_id;
  std::optional<std::string> status;
  bool open_only = false;  // not replaced
  int limit = 50;
  std::optional<Cursor> after;  // newest first
};

// When each kind of to-do item falls due, for a build at some time.
struct TodoThresholds {
  std::string at;                 // the build's time
  std::string not_active_before;  // handed over before this and not active: late
  std::string ending_before;      // ending after `at` and before this: ending
  // Per programme: handed over before this, the follow-up is due.
  std::map<std::int64_t, std::string> follow_up_before;
};

// Which to-do items to build again: every one, a structure's, or a resident's.
struct TodoScope {
  std::optional<std::int64_t> structure_id;
  std::optional<std::int64_t> resident_id;
};

// What an operator's status report needs to know of each card it names.
struct ReportCard {
  SimRecord sim;
  std::optional<HandoverRecord> open_line;           // the card's line in use
  std::optional<TopupRecord> sent_topup;             // its oldest top-up sent to the operator
  std::optional<LineIncidentRecord> open_incident;   // its incident not settled
};

// A card's move, for many at once: its state (holder unchanged), its event.
struct CardMove {
  std::string iccid;
  std::int64_t batch_id = 0;
  SimState from = SimState::kInStock;
  SimState to = SimState::kInStock;
  std::string transition;
  std::string reason;
};

struct LineDates {
  std::int64_t handover_id = 0;
  std::optional<std::string> activated_at;  // none: kept
  std::string ends_at;
};

struct CardUsage {
  std::string iccid;
  std::optional<long long> data_used_mb;  // none: kept
  std::string date;                       // YYYY-MM-DD, the report's
};

class Lines {
 public:
  virtual ~Lines() = default;

  // --- a status report's work, read and written a few hundred cards per statement (a report
  // of 100,000 lines would otherwise take as many round trips per step)
  // Every card of `iccids`; the top-ups sent of `with_topup`, the incidents of `with_incident`
  // (each a part of `iccids`: what its report line needs). Lines come from open_lines_of.
  struct ReportLookup {
    std::vector<std::string> iccids, with_topup, with_incident;
  };
  virtual std::map<std::string, ReportCard> report_cards(const ReportLookup& lookup) = 0;
  // The lines in use on these cards, by ICCID.
  virtual std::map<std::string, HandoverRecord> open_lines_of(const std::vector<std::string>& iccids) = 0;
  // The numbers among `msisdns` that a card holds already.
  virtual std::vector<std::string> msisdns_taken(const std::vector<std::string>& msisdns) = 0;
  // The moves, their events (by `actor`) and the per batch and state counters.
  virtual void move_cards(const std::vector<CardMove>& moves, std::string_view at,
                          std::optional<std::int64_t> actor_user_id, std::string_view actor) = 0;
  virtual void set_lines_dates(const std::vector<LineDates>& dates) = 0;
  virtual void confirm_topups(const std::vector<std::pair<std::int64_t, std::string>>& id_dates) = 0;
  // The card's last report (data used, date) and the largest figure of the month per line.
  virtual void record_usages(const std::vector<CardUsage>& usages) = 0;

  // --- what the operator's reports set
  virtual void set_msisdn(std::string_view iccid, const std::optional<std::string>& msisdn) = 0;
  virtual std::optional<HandoverRecord> open_handover_of_card(std::string_view iccid) = 0;

  // --- top-ups
  virtual std::int64_t insert_topup(const TopupRecord& topup) = 0;
  virtual std::optional<TopupRecord> topup(std::int64_t id) = 0;
  virtual Page<TopupRecord> topups(const TopupQuery& query) = 0;
  // The programme's budget taken: approved and confirmed top-ups; and asked, not decided yet.
  virtual std::int64_t topup_cents(std::int64_t programme_id, bool with_requested) = 0;
  // From requested to approved or refused; false when it was not requested any more.
  virtual bool decide_topup(std::int64_t id, std::string_view status, std::string_view at,
                            std::optional<std::int64_t> by) = 0;
  // Whether a top-up of the card was confirmed by a report of that date.
  virtual bool confirmed_on(std::string_view iccid, std::string_view date) = 0;
  // A programme's lines in use on active cards, without a top-up under way.
  virtual std::vector<HandoverRecord> lines_to_top_up(std::int64_t programme_id) = 0;
  virtual std::int64_t count_lines_to_top_up(std::int64_t programme_id) = 0;

  // --- incidents
  virtual std::int64_t insert_incident(const LineIncidentRecord& incident) = 0;
  virtual std::optional<LineIncidentRecord> incident(std::int64_t id) = 0;
  virtual Page<LineIncidentRecord> incidents(const LineIncidentQuery& query) = 0;
  // Writes every field that moves: status, block, replacement, swap.
  virtual void update_incident(const LineIncidentRecord& incident) = 0;
  // The open incident of the card (lost) or of its replacement (new card of a swap).
  virtual std::optional<LineIncidentRecord> open_incident_of_card(std::string_view iccid) = 0;
  virtual std::optional<LineIncidentRecord> incident_replaced_by(std::string_view iccid) = 0;
  // Whether the operator ever reported the card blocked for an incident.
  virtual bool was_blocked(std::string_view iccid) = 0;

  // --- follow-ups
  virtual std::int64_t insert_follow_up(const FollowUpRecord& follow_up) = 0;
  virtual std::vector<FollowUpRecord> follow_ups_of(std::int64_t resident_id) = 0;
  virtual bool has_follow_up(std::int64_t handover_id) = 0;
  // Erasure, or the consent to publish withdrawn: the resident's testimonies go.
  virtual void clear_testimonies(std::int64_t resident_id) = 0;

  // --- lists
  virtual Page<LineRow> lines(const LineQuery& query) = 0;
  // Per month, newest first (12 at most): lines with a figure reported, those that used data,
  // and the megabytes used in all; of one structure's lines, or of all.
  virtual std::vector<UsageMonth> usage_by_month(const std::optional<std::int64_t>& structure_id) = 0;

  // --- to-do lists: rebuilt whole (every structure), for one structure, or for one resident
  // (what an interactive write settles), read per structure
  virtual std::int64_t rebuild_todo(const TodoScope& scope, const TodoThresholds& thresholds) = 0;
  virtual std::vector<TodoItemRecord> todo(std::int64_t structure_id) = 0;
  // Per structure (with items): kind -> count.
  virtual std::map<std::int64_t, std::map<std::string, std::int64_t>> todo_counts() = 0;
};

}  // namespace relais::store
