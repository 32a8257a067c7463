#include "app/requests.hpp"
#include "store/store.hpp"

#include <algorithm>
#include <set>
#include <string_view>

#include "app/audit.hpp"
#include "app/clock.hpp"
#include "app/pagination.hpp"
#include "app/use_case_helpers.hpp"
#include "core/disclosure.hpp"
#include "core/error.hpp"
#include "core/packing.hpp"
#include "core/referral.hpp"
#include "core/request_lifecycle.hpp"
#include "core/utf8.hpp"

namespace relais::app {
namespace {

// What a role may see of the requests: its own (structure), those it may endorse (liaison:
// submitted and endorsed), all but other structures' drafts (coordinator).
bool may_read_request(const Actor& actor, const RequestRecord& r) {
  switch (actor.role) {
    case Role::kStructure:
      return r.structure_id == actor.organisation_id;
    case Role::kLiaison:
      return in_group(r.state, kRequestStatesUndecided);
    case Role::kCoordinator:
      return r.submitted_at.has_value();  // not a draft, nor a draft cancelled unsent
    default:
      return false;
  }
}

RequestRecord load_request(store::Transaction& tx, const Actor& actor, std::int64_t id) {
  require(actor, Action::kReadRequests);
  auto r = tx.requests().request(id);
  // Out of scope reads as absent: ids of other structures' requests reveal nothing.
  if (!r || !may_read_request(actor, *r)) not_found("entity.request");
  return *r;
}

// The linked referrals go to the coordinator and the owning structure only (the liaison reads
// requests, not referrals), never with their notes; every reader learns how many there are.
RequestView view_of(store::Transaction& tx, const Actor& actor, RequestRecord r) {
  RequestView v;
  v.events = tx.requests().request_events(r.id);
  const bool sees_referrals =
      actor.role == Role::kCoordinator ||
      (actor.role == Role::kStructure && actor.organisation_id == r.structure_id);
  for (auto& f : tx.requests().referrals_of_request(r.id)) {
    ++v.referral_count;
    if (!sees_referrals) continue;
    f.note_sealed.reset();
    v.referrals.push_back(std::move(f));
  }
  v.reserved = tx.cards().count_cards_of_request(r.id, SimState::kReserved);
  v.parcels = tx.packing().parcels_of_request(r.id);
  v.request = std::move(r);
  return v;
}

void record_event(store::Transaction& tx, const Actor& actor, const RequestRecord& r,
                  std::string_view transition, std::optional<RequestState> from,
                  const std::string& reason, const std::string& at) {
  tx.requests().insert_request_event({0, r.id, at, actor.email, std::string(transition), from, r.state,
                           reason});
}

// "request_state.approved": the message key of a state, for an error's detail.
std::string state_message(RequestState state) {
  return "request_state." + std::string(request_state_name(state));
}

// `request_id`: the request being written (0 for a new one), left out of what is coming.
void check_capacity(store::Transaction& tx, std::int64_t structure_id, long long quantity,
                    std::int64_t request_id) {
  auto structure = tx.accounts().organisation(structure_id);
  if (auto e = capacity_error(quantity, structure ? structure->capacity : std::nullopt,
                              tx.cards().cards_held_by(structure_id),
                              tx.cards().cards_coming_to(structure_id, request_id))) {
    throw Error::validation({*e});
  }
}

// Links the referrals to the request: each must be sent to the structure and open, or already
// linked to this request. Referrals no longer listed go back to open.
void link_referrals(store::Transaction& tx, const RequestRecord& r,
                    const std::vector<std::int64_t>& ids, const std::string& at) {
  std::set<std::int64_t> wanted(ids.begin(), ids.end());
  std::vector<FieldError> errors;
  for (std::int64_t id : wanted) {
    auto f = tx.requests().referral(id);
    bool ok = f && f->structure_id == r.structure_id &&
              (f->status == "open" || (f->status == "included" && f->request_id == r.id));
    if (!ok) errors.push_back(field_error("referral_ids", std::to_string(id), "referral_elsewhere"));
  }
  if (!errors.empty()) throw Error::validation(std::move(errors));
  for (auto& f : tx.requests().referrals_of_request(r.id)) {
    if (f.status == "included" && !wanted.count(f.id)) {
      f.status = "open";
      f.request_id.reset();
      f.updated_at = at;
      tx.requests().update_referral_status(f);
    }
  }
  for (std::int64_t id : wanted) {
    auto f = *tx.requests().referral(id);
    f.status = "included";
    f.request_id = r.id;
    f.updated_at = at;
    tx.requests().update_referral_status(f);
  }
}

// The referrals of a request move with it: served when it is fulfilled, open again when it is
// rejected or cancelled.
void settle_referrals(store::Transaction& tx, const RequestRecord& r, bool served,
                      const std::string& at) {
  for (auto& f : tx.requests().referrals_of_request(r.id)) {
    if (f.status != "included") continue;
    f.status = served ? "served" : "open";
    if (!served) f.request_id.reset();
    f.updated_at = at;
    tx.requests().update_referral_status(f);
  }
}

void release_cards(store::Transaction& tx, const Actor& actor, const RequestRecord& r,
                   const std::string& at) {
  std::map<std::int64_t, std::int64_t> per_batch;
  for (const auto& card : tx.cards().reserved_for(r.id)) {
    tx.cards().release_sim(card.iccid, at);
    tx.cards().insert_sim_event({0, card.iccid, at,
                         actor.is_system() ? std::nullopt : std::optional(actor.user_id),
                         actor.email, "release", "reserved", "in_stock",
                         "#" + std::to_string(r.id)});
    ++per_batch[card.batch_id];
  }
  for (const auto& [batch, n] : per_batch) {
    tx.cards().add_state_count(batch, SimState::kReserved, -n);
    tx.cards().add_state_count(batch, SimState::kInStock, n);
  }
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    std::size_t end = text.find(',', start);
    out.emplace_back(trim_spaces(std::string_view(text).substr(
        start, end == std::string::npos ? std::string::npos : end - start)));
    if (end == std::string::npos) return out;
    start = end + 1;
  }
}

}  // namespace

RequestView create_request(store::Store& store, const Actor& actor, const RequestInput& in) {
  require(actor, Action::kWriteRequests);
  auto tx = store.begin(store::Mode::kWrite);
  std::vector<FieldError> errors = check_request(in.draft);
  std::optional<ProgrammeRecord> programme;
  if (!in.programme || in.programme->empty()) {
    errors.push_back(field_error("programme", "", "required"));
  } else if (!(programme = tx->requests().programme_by_code(*in.programme))) {
    errors.push_back(field_error("programme", *in.programme, "unknown_programme"));
  }
  if (!errors.empty()) throw Error::validation(std::move(errors));
  check_capacity(*tx, actor.organisation_id, *in.draft.quantity, 0);
  const std::string now = now_iso();
  RequestRecord r;
  r.programme_id = programme->id;
  r.structure_id = actor.organisation_id;
  r.quantity = *in.draft.quantity;
  r.needs.assign(in.draft.needs.begin(), in.draft.needs.end());
  r.leaflet_languages = in.draft.leaflet_languages;
  r.comment = in.draft.comment;
  r.state = RequestState::kDraft;
  r.created_by = actor.email;
  r.created_at = r.updated_at = now;
  r.id = tx->requests().insert_request(r);
  record_event(*tx, actor, r, "create", std::nullopt, "", now);
  link_referrals(*tx, r, in.referral_ids, now);
  append_audit(*tx, actor, "request.create", "request", r.id,
               std::to_string(r.quantity) + " cards, " + programme->code);
  auto saved = *tx->requests().request(r.id);
  auto view = view_of(*tx, actor, std::move(saved));
  tx->commit();
  return view;
}

RequestView update_request(store::Store& store, const Actor& actor, std::int64_t id,
                           const RequestInput& in) {
  require(actor, Action::kWriteRequests);
  auto tx = store.begin(store::Mode::kWrite);
  auto r = load_request(*tx, actor, id);
  if (r.state != RequestState::kDraft) {
    throw Error(ErrorKind::kConflict, "request_not_draft", {state_message(r.state)});
  }
  auto errors = check_request(in.draft);
  if (in.programme && *in.programme != r.programme_code) {
    auto programme = tx->requests().programme_by_code(*in.programme);
    if (!programme) {
      errors.push_back(field_error("programme", *in.programme, "unknown_programme"));
    } else {
      // The programme of a draft is fixed at creation; a new programme is a new request.
      errors.push_back(field_error("programme", *in.programme, "fixed_after_creation"));
    }
  }
  if (!errors.empty()) throw Error::validation(std::move(errors));
  check_capacity(*tx, r.structure_id, *in.draft.quantity, r.id);
  const std::string now = now_iso();
  r.quantity = *in.draft.quantity;
  r.needs.assign(in.draft.needs.begin(), in.draft.needs.end());
  r.leaflet_languages = in.draft.leaflet_languages;
  r.comment = in.draft.comment;
  r.updated_at = now;
  tx->requests().update_request(r);
  link_referrals(*tx, r, in.referral_ids, now);
  append_audit(*tx, actor, "request.update", "request", r.id,
               std::to_string(r.quantity) + " cards");
  auto view = view_of(*tx, actor, *tx->requests().request(r.id));
  tx->commit();
  return view;
}

RequestView apply_request_transition(store::Store& store, const Actor& actor, std::int64_t id,
                                     const std::string& transition, const std::string& reason_in,
                                     std::optional<long long> quantity) {
  // A reason of spaces is no reason.
  const std::string reason(trim_spaces(reason_in));
  auto tx = store.begin(store::Mode::kWrite);
  auto r = load_request(*tx, actor, id);
  if (!find_request_transition(transition)) {
    throw Error::validation({field_error("transition", transition, "unknown_transition")});
  }
  if (!may_apply_request_transition(actor.role, transition,
                                    r.structure_id == actor.organisation_id)) {
    throw Error(ErrorKind::kForbidden, "forbidden");
  }
  auto to = next_request_state(r.state, transition);
  if (!to) {
    throw Error(ErrorKind::kConflict, "request_transition_refused",
                {"request_transition." + transition, state_message(r.state)});
  }
  if (first_invalid_utf8(reason) != std::string_view::npos) {
    throw Error::validation({field_error("reason", "", "not_utf8_text")});
  }
  if (utf8_length(reason) > 500) {
    throw Error::validation({field_error("reason", "", "too_long", {"500"})});
  }
  if (transition == "reject" && reason.empty()) {
    throw Error::validation({field_error("reason", "", "required")});
  }
  const std::string now = now_iso();
  if (transition == "submit") {
    check_capacity(*tx, r.structure_id, r.quantity, r.id);
    r.submitted_at = now;
  }
  if (transition == "fulfil") {
    if (r.allocated.value_or(0) == 0) throw Error(ErrorKind::kConflict, "nothing_allocated");
    // Served means delivered: no card of it may still be set aside, packed or on the road.
    std::int64_t on_the_way = 0, delivered = 0;
    for (SimState state : kSimStatesUnsettled) {
      on_the_way += tx->cards().count_cards_of_request(r.id, state);
    }
    for (SimState state : kSimStatesDelivered) {
      delivered += tx->cards().count_cards_of_request(r.id, state);
    }
    if (on_the_way > 0 || delivered == 0) {
      throw Error(ErrorKind::kConflict, "cards_not_delivered",
                  {std::to_string(on_the_way > 0 ? on_the_way : *r.allocated)});
    }
  }
  if (transition == "approve") r.approved_quantity = r.quantity;
  if (transition == "approve_partially") {
    // By hand, before the allocation: the coordinator approves part of what was asked.
    if (r.allocated) {
      throw Error(ErrorKind::kConflict, "request_transition_refused",
                  {"request_transition." + transition, state_message(r.state)});
    }
    if (!quantity) throw Error::validation({field_error("quantity", "", "required")});
    if (*quantity < 1 || *quantity >= r.quantity) {
      throw Error::validation({field_error("quantity", std::to_string(*quantity), "out_of_range",
                                           {"1", std::to_string(r.quantity - 1)})});
    }
    r.approved_quantity = *quantity;
  }
  if (transition == "reject" || transition == "approve_partially") {
    r.decision_reason = reason.empty() ? std::nullopt : std::optional(reason);
  }
  if (transition == "cancel") {
    // Cards already put in a parcel go with it: the parcel is dealt with first.
    for (const auto& card : tx->cards().reserved_for(r.id)) {
      if (auto sim = tx->cards().sim(card.iccid); sim && sim->packing_order_id) {
        throw Error(ErrorKind::kConflict, "cards_in_parcel", {packing_reference(*sim->packing_order_id)});
      }
    }
    for (SimState state : {SimState::kPacked, SimState::kInTransit}) {
      if (tx->cards().count_cards_of_request(r.id, state) > 0) {
        throw Error(ErrorKind::kConflict, "cards_in_parcel", {""});
      }
    }
    release_cards(*tx, actor, r, now);
  }
  if (transition == "reject" || transition == "cancel") settle_referrals(*tx, r, false, now);
  if (transition == "fulfil") settle_referrals(*tx, r, true, now);
  const RequestState from = r.state;
  r.state = *to;
  r.updated_at = now;
  tx->requests().update_request(r);
  record_event(*tx, actor, r, transition, from, reason, now);
  append_audit(*tx, actor, "request." + transition, "request", r.id,
               std::string(request_state_name(from)) + " -> " +
                   std::string(request_state_name(r.state)) +
                   (reason.empty() ? "" : " (" + reason + ")"));
  auto view = view_of(*tx, actor, *tx->requests().request(r.id));
  tx->commit();
  return view;
}

Page<RequestRecord> list_requests(store::Store& store, const Actor& actor,
                                                const RequestFilter& filter) {
  require(actor, Action::kReadRequests);
  store::RequestQuery q;
  q.limit = parse_limit(filter.limit);
  q.after = parse_cursor(filter.cursor);
  // One state or several, comma-separated ("submitted,endorsed": a coordinator's queue).
  std::set<RequestState> wanted;
  if (filter.state) {
    for (const auto& s : split_list(*filter.state)) {
      auto state = parse_request_state(s);
      if (!state) throw Error(ErrorKind::kBadRequest, "bad_parameter", {"state", s});
      wanted.insert(*state);
    }
  }
  q.structure_id = parse_id(filter.structure_id, "structure_id");
  q.department = filter.department;
  std::set<RequestState> scope;  // empty: every state
  switch (actor.role) {
    case Role::kStructure:
      q.structure_id = actor.organisation_id;
      break;
    case Role::kLiaison:
      scope.insert(kRequestStatesUndecided.begin(), kRequestStatesUndecided.end());
      break;
    default:  // coordinator
      for (RequestState s : kAllRequestStates) {
        if (s != RequestState::kDraft) scope.insert(s);
      }
      q.submitted_only = true;
  }
  std::set<RequestState> states = wanted;
  if (!scope.empty()) {
    if (wanted.empty()) {
      states = scope;
    } else {
      std::erase_if(states, [&](RequestState s) { return !scope.count(s); });
      if (states.empty()) return {};  // asked only for states outside the scope
    }
  }
  // The coordinator's whole list is every submitted request (a draft never was): said so, the
  // store walks the requests in order and stops at the page's end, instead of gathering and
  // sorting 150,000 of them by state.
  const bool every_submitted = q.submitted_only && wanted.empty();
  if (!every_submitted) q.any_state.assign(states.begin(), states.end());
  auto tx = store.begin(store::Mode::kRead);
  return tx->requests().requests(q);
}

RequestView get_request(store::Store& store, const Actor& actor, std::int64_t id) {
  auto tx = store.begin(store::Mode::kRead);
  return view_of(*tx, actor, load_request(*tx, actor, id));
}

ProgrammeCounts need_counts(store::Store& store, const Actor& actor) {
  require(actor, Action::kReadNeedCounts);
  auto tx = store.begin(store::Mode::kRead);
  ProgrammeCounts c;
  c.masked = actor.role == Role::kFunder;
  std::int64_t allocated = 0;
  for (RequestState s : kAllRequestStates) {
    c.requests_by_state[std::string(request_state_name(s))] = 0;
    c.cards_by_state[std::string(request_state_name(s))] = 0;
  }
  for (const auto& [state, n, cards, alloc] : tx->requests().request_counts()) {
    const std::string name(request_state_name(state));
    c.requests_by_state[name] = shown_count(n, c.masked);
    // Fewer than 5 requests: their cards would tell one structure's request apart.
    c.cards_by_state[name] = shown_count(n, c.masked) ? shown_count(cards, c.masked) : std::nullopt;
    allocated += alloc;
  }
  for (auto s : kReferralStatuses) c.referrals_by_status[std::string(s)] = 0;
  for (const auto& [status, n] : tx->requests().referral_counts()) {
    c.referrals_by_status[status] = shown_count(n, c.masked);
  }
  c.cards_allocated = shown_count(allocated, c.masked);
  return c;
}

}  // namespace relais::app
