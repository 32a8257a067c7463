#include "app/requests.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <set>

#include "app/audit.hpp"
#include "app/clock.hpp"
#include "app/crypto.hpp"
#include "app/pagination.hpp"
#include "app/sims.hpp"
#include "core/authorization.hpp"
#include "core/error.hpp"
#include "core/packing.hpp"
#include "core/referral.hpp"
#include "core/request_lifecycle.hpp"
#include "core/utf8.hpp"

namespace relais::app {
namespace {

void require(const Actor& actor, Action action) {
  if (!allowed(actor.role, action)) throw Error(ErrorKind::kForbidden, "forbidden");
}

[[noreturn]] void not_found(const char* entity) {
  throw Error(ErrorKind::kNotFound, "not_found", {entity});
}

std::optional<std::int64_t> parse_id(const std::optional<std::string>& text, const char* name) {
  if (!text) return std::nullopt;
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
  if (ec == std::errc() && end == text->data() + text->size() && v > 0) return v;
  throw Error(ErrorKind::kBadRequest, "bad_parameter", {name, *text});
}

// ---- Referrals ----

bool may_see_note(const Actor& actor, const store::ReferralRecord& r) {
  return (actor.role == Role::kAssociation && actor.organisation_id == r.association_id) ||
         (actor.role == Role::kStructure && actor.organisation_id == r.structure_id);
}

bool may_read_referral(const Actor& actor, const store::ReferralRecord& r) {
  return actor.role == Role::kCoordinator || may_see_note(actor, r);
}

ReferralView view_of(const Sealer& sealer, const Actor& actor, store::ReferralRecord r) {
  ReferralView v;
  if (may_see_note(actor, r)) v.note = r.note_sealed ? sealer.open(*r.note_sealed) : "";
  r.note_sealed.reset();
  v.referral = std::move(r);
  return v;
}

std::string new_pseudonym(store::Transaction& tx) {
  for (;;) {
    std::array<unsigned char, 5> bytes{};
    randombytes_buf(bytes.data(), bytes.size());
    std::string p = format_pseudonym(bytes);
    if (!tx.pseudonym_taken(p)) return p;
  }
}

// ---- Requests ----

// What a role may see of the requests: its own (structure), those it may endorse (liaison:
// submitted and endorsed), all but other structures' drafts (coordinator).
bool may_read_request(const Actor& actor, const store::RequestRecord& r) {
  switch (actor.role) {
    case Role::kStructure:
      return r.structure_id == actor.organisation_id;
    case Role::kLiaison:
      return r.state == "submitted" || r.state == "endorsed";
    case Role::kCoordinator:
      return r.submitted_at.has_value();  // not a draft, nor a draft cancelled unsent
    default:
      return false;
  }
}

store::RequestRecord load_request(store::Transaction& tx, const Actor& actor, std::int64_t id) {
  require(actor, Action::kReadRequests);
  auto r = tx.request(id);
  // Out of scope reads as absent: ids of other structures' requests reveal nothing.
  if (!r || !may_read_request(actor, *r)) not_found("entity.request");
  return *r;
}

// The linked referrals go to the coordinator and the owning structure only (the liaison reads
// requests, not referrals), never with their notes.
RequestView view_of(store::Transaction& tx, const Actor& actor, store::RequestRecord r) {
  RequestView v;
  v.events = tx.request_events(r.id);
  const bool sees_referrals =
      actor.role == Role::kCoordinator ||
      (actor.role == Role::kStructure && actor.organisation_id == r.structure_id);
  if (sees_referrals) {
    for (auto& f : tx.referrals_of_request(r.id)) {
      f.note_sealed.reset();
      v.referrals.push_back(std::move(f));
    }
  }
  v.reserved = tx.count_cards_of_request(r.id, "reserved");
  v.request = std::move(r);
  return v;
}

void record_event(store::Transaction& tx, const Actor& actor, const store::RequestRecord& r,
                  std::string_view transition, const std::string& from, const std::string& reason,
                  const std::string& at) {
  tx.insert_request_event({0, r.id, at, actor.email, std::string(transition), from, r.state,
                           reason});
}

// `request_id`: the request being written (0 for a new one), left out of what is coming.
void check_capacity(store::Transaction& tx, std::int64_t structure_id, long long quantity,
                    std::int64_t request_id) {
  auto structure = tx.organisation(structure_id);
  if (auto e = capacity_error(quantity, structure ? structure->capacity : std::nullopt,
                              tx.cards_held_by(structure_id),
                              tx.cards_coming_to(structure_id, request_id))) {
    throw Error::validation({*e});
  }
}

// Links the referrals to the request: each must be sent to the structure and open, or already
// linked to this request. Referrals no longer listed go back to open.
void link_referrals(store::Transaction& tx, const store::RequestRecord& r,
                    const std::vector<std::int64_t>& ids, const std::string& at) {
  std::set<std::int64_t> wanted(ids.begin(), ids.end());
  std::vector<FieldError> errors;
  for (std::int64_t id : wanted) {
    auto f = tx.referral(id);
    bool ok = f && f->structure_id == r.structure_id &&
              (f->status == "open" || (f->status == "included" && f->request_id == r.id));
    if (!ok) errors.push_back(field_error("referral_ids", std::to_string(id), "referral_elsewhere"));
  }
  if (!errors.empty()) throw Error::validation(std::move(errors));
  for (auto& f : tx.referrals_of_request(r.id)) {
    if (f.status == "included" && !wanted.count(f.id)) {
      f.status = "open";
      f.request_id.reset();
      f.updated_at = at;
      tx.update_referral_status(f);
    }
  }
  for (std::int64_t id : wanted) {
    auto f = *tx.referral(id);
    f.status = "included";
    f.request_id = r.id;
    f.updated_at = at;
    tx.update_referral_status(f);
  }
}

// The referrals of a request move with it: served when it is fulfilled, open again when it is
// rejected or cancelled.
void settle_referrals(store::Transaction& tx, const store::RequestRecord& r, bool served,
                      const std::string& at) {
  for (auto& f : tx.referrals_of_request(r.id)) {
    if (f.status != "included") continue;
    f.status = served ? "served" : "open";
    if (!served) f.request_id.reset();
    f.updated_at = at;
    tx.update_referral_status(f);
  }
}

void release_cards(store::Transaction& tx, const Actor& actor, const store::RequestRecord& r,
                   const std::string& at) {
  std::map<std::int64_t, std::int64_t> per_batch;
  for (const auto& card : tx.reserved_for(r.id)) {
    tx.release_sim(card.iccid, at);
    tx.insert_sim_event({0, card.iccid, at,
                         actor.is_system() ? std::nullopt : std::optional(actor.user_id),
                         actor.email, "release", "reserved", "in_stock",
                         "#" + std::to_string(r.id)});
    ++per_batch[card.batch_id];
  }
  for (const auto& [batch, n] : per_batch) {
    tx.add_state_count(batch, "reserved", -n);
    tx.add_state_count(batch, "in_stock", n);
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

std::optional<std::int64_t> mask(std::int64_t n, bool masked) {
  if (masked && n > 0 && n < 5) return std::nullopt;
  return n;
}

// ---- Allocation ----

std::int64_t need(const store::NeedCounts& needs, std::string_view code) {
  for (const auto& [n, c] : needs) {
    if (n == code) return c;
  }
  return 0;
}

// The weights as kept in the settings: "base=1 children=0.5 ...".
const std::vector<std::pair<const char*, double PriorityWeights::*>>& weight_fields() {
  static const std::vector<std::pair<const char*, double PriorityWeights::*>> fields = {
      {"base", &PriorityWeights::base},
      {"children", &PriorityWeights::children},
      {"training", &PriorityWeights::training},
      {"job_search", &PriorityWeights::job_search},
      {"isolation", &PriorityWeights::isolation}};
  return fields;
}

PriorityWeights read_weights(store::Transaction& tx) {
  PriorityWeights w;
  auto text = tx.setting("allocation_weights");
  if (!text) return w;
  std::size_t pos = 0;
  while (pos < text->size()) {
    std::size_t end = text->find(' ', pos);
    if (end == std::string::npos) end = text->size();
    std::string item = text->substr(pos, end - pos);
    pos = end + 1;
    auto eq = item.find('=');
    if (eq == std::string::npos) continue;
    for (const auto& [name, field] : weight_fields()) {
      if (item.compare(0, eq, name) == 0) w.*field = std::stod(item.substr(eq + 1));
    }
  }
  return w;
}

std::string format_weight(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

AllocationPreview compute_preview(store::Transaction& tx) {
  AllocationPreview p;
  AllocationInput in;
  in.weights = read_weights(tx);
  p.weights = in.weights;
  std::map<std::int64_t, std::string> plan_names;
  for (const auto& plan : tx.plans()) plan_names[plan.id] = plan.code;
  std::map<std::string, std::int64_t> in_stock;
  for (const auto& [plan_id, n] : tx.in_stock_by_plan()) in_stock[plan_names[plan_id]] = n;
  for (const auto& [dept, capacity] : tx.department_capacities()) {
    in.department_capacity[dept] = capacity;
  }
  store::RequestQuery q;
  q.unallocated_only = true;
  q.limit = 1'000'000'000;  // all of them, in one read
  {
    auto page = tx.requests(q);
    p.requests.reserve(page.items.size());
    in.requests.reserve(page.items.size());
    for (auto& r : page.items) {
      AllocationRequest a;
      a.request_id = r.id;
      a.structure_id = r.structure_id;
      a.department = r.department.value_or("");
      a.plan = plan_names[r.plan_id];
      a.requested = r.approved_quantity.value_or(r.quantity);
      a.requested_at = r.submitted_at.value_or(r.created_at);
      auto capped = [&](std::int64_t n) { return std::min<std::int64_t>(n, a.requested); };
      a.with_children = capped(need(r.needs, "schooling"));
      a.training = capped(need(r.needs, "training") + need(r.needs, "language_course"));
      a.job_search = capped(need(r.needs, "job_search"));
      a.isolated = capped(need(r.needs, "keep_in_touch"));
      in.requests.push_back(std::move(a));
      in.stock.emplace(plan_names[r.plan_id], in_stock[plan_names[r.plan_id]]);
      p.requests.emplace(r.id, std::move(r));
    }
  }
  // The stock shown is that of every plan a programme hands out, even with no request waiting.
  for (const auto& g : tx.programmes()) in.stock.emplace(g.plan_code, in_stock[g.plan_code]);
  for (const auto& [plan, n] : in.stock) p.stock += n;
  p.result = allocate(in);

  std::map<std::string, AllocationPreview::Department> depts;
  std::string print = "weights";
  for (const auto& [name, field] : weight_fields()) print += " " + format_weight(in.weights.*field);
  print += ";stock";
  for (const auto& [plan, n] : in.stock) print += " " + plan + "=" + std::to_string(n);
  for (const auto& l : p.result.lines) {
    auto& d = depts[l.department];
    d.code = l.department;
    d.capacity = in.department_capacity.count(l.department)
                     ? in.department_capacity.at(l.department)
                     : 0;
    d.requested += l.requested;
    d.allocated += l.allocated;
    ++d.requests;
    print += ";" + std::to_string(l.request_id) + ":" + std::to_string(l.requested) + ":" +
             std::to_string(l.allocated);
  }
  for (auto& [code, d] : depts) p.departments.push_back(d);
  p.fingerprint = sha256_hex(print).substr(0, 32);
  return p;
}

}  // namespace

// ---- Programmes ----

std::vector<store::ProgrammeRecord> list_programmes(store::Store& store, const Actor&) {
  // Every signed-in role may know which programmes exist (names, not data).
  auto tx = store.begin(store::Mode::kRead);
  return tx->programmes();
}

store::ProgrammeRecord create_programme(store::Store& store, const Actor& actor,
                                        const std::string& code, const std::string& name,
                                        const std::string& operator_code,
                                        const std::string& plan_code) {
  require(actor, Action::kDecideRequests);
  auto tx = store.begin(store::Mode::kWrite);
  std::vector<FieldError> errors;
  auto text = [&](const char* field, const std::string& v, std::size_t max) {
    if (v.empty()) {
      errors.push_back(field_error(field, "", "required"));
    } else if (first_invalid_utf8(v) != std::string_view::npos) {
      errors.push_back(field_error(field, "", "not_utf8_text"));
    } else if (utf8_length(v) > max) {
      errors.push_back(field_error(field, "", "too_long", {std::to_string(max)}));
    }
  };
  text("code", code, 40);
  text("name", name, 200);
  if (!code.empty() && tx->programme_by_code(code)) {
    errors.push_back(field_error("code", code, "already_used"));
  }
  std::optional<store::PlanRecord> plan;
  auto op = tx->organisation_by_code(operator_code);
  if (!op || op->kind != Role::kOperator) {
    errors.push_back(field_error("operator", operator_code, "unknown_operator"));
  } else if (!(plan = tx->plan_by_code(op->id, plan_code))) {
    errors.push_back(field_error("plan", plan_code, "unknown_plan"));
  }
  if (!errors.empty()) throw Error::validation(std::move(errors));
  store::ProgrammeRecord g{0, code, name, plan->id, plan->code, now_iso()};
  g.id = tx->insert_programme(g);
  append_audit(*tx, actor, "programme.create", "programme", g.id, code + " (" + plan->code + ")");
  tx->commit();
  return g;
}

// ---- Referrals ----

ReferralView create_referral(store::Store& store, const Sealer& sealer, const Actor& actor,
                             const ReferralInput& in) {
  require(actor, Action::kWriteReferrals);
  auto built = build_referral(
      {in.structure_id, in.adults, in.children, in.languages, in.needs, in.note});
  auto tx = store.begin(store::Mode::kWrite);
  if (in.structure_id) {
    auto s = tx->organisation(*in.structure_id);
    if (!s || s->kind != Role::kStructure) {
      built.errors.push_back(
          field_error("structure_id", std::to_string(*in.structure_id), "unknown_structure"));
    }
  }
  if (!built.errors.empty()) throw Error::validation(std::move(built.errors));
  const std::string now = now_iso();
  store::ReferralRecord r;
  r.pseudonym = new_pseudonym(*tx);
  r.association_id = actor.organisation_id;
  r.structure_id = built.referral.structure_id;
  r.adults = built.referral.adults;
  r.children = built.referral.children;
  r.languages = built.referral.languages;
  r.needs = built.referral.needs;
  if (!built.referral.note.empty()) r.note_sealed = sealer.seal(built.referral.note);
  r.status = "open";
  r.created_by = actor.email;
  r.created_at = r.updated_at = now;
  r.id = tx->insert_referral(r);
  // The audit says who referred whom to where, never the note.
  append_audit(*tx, actor, "referral.create", "referral", r.id,
               r.pseudonym + " -> structure " + std::to_string(r.structure_id));
  auto saved = tx->referral(r.id);
  tx->commit();
  return view_of(sealer, actor, std::move(*saved));
}

store::Page<ReferralView> list_referrals(store::Store& store, const Sealer& sealer,
                                         const Actor& actor, const ReferralFilter& filter) {
  require(actor, Action::kReadReferrals);
  store::ReferralQuery q;
  q.limit = parse_limit(filter.limit);
  q.after = parse_cursor(filter.cursor);
  if (filter.status) {
    if (std::find(kReferralStatuses.begin(), kReferralStatuses.end(), *filter.status) ==
        kReferralStatuses.end()) {
      throw Error(ErrorKind::kBadRequest, "bad_parameter", {"status", *filter.status});
    }
    q.status = *filter.status;
  }
  q.structure_id = parse_id(filter.structure_id, "structure_id");
  if (actor.role == Role::kAssociation) q.association_id = actor.organisation_id;
  if (actor.role == Role::kStructure) q.structure_id = actor.organisation_id;
  auto tx = store.begin(store::Mode::kRead);
  auto page = tx->referrals(q);
  store::Page<ReferralView> out;
  out.next = page.next;
  out.total = page.total;
  for (auto& r : page.items) out.items.push_back(view_of(sealer, actor, std::move(r)));
  return out;
}

ReferralView get_referral(store::Store& store, const Sealer& sealer, const Actor& actor,
                          std::int64_t id) {
  require(actor, Action::kReadReferrals);
  auto tx = store.begin(store::Mode::kRead);
  auto r = tx->referral(id);
  if (!r || !may_read_referral(actor, *r)) not_found("entity.referral");
  return view_of(sealer, actor, std::move(*r));
}

ReferralView close_referral(store::Store& store, const Sealer& sealer, const Actor& actor,
                            std::int64_t id) {
  require(actor, Action::kReadReferrals);
  auto tx = store.begin(store::Mode::kWrite);
  auto r = tx->referral(id);
  if (!r || !may_read_referral(actor, *r)) not_found("entity.referral");
  if (!may_see_note(actor, *r)) throw Error(ErrorKind::kForbidden, "forbidden");
  if (r->status != "open") {
    throw Error(ErrorKind::kConflict, "referral_transition_refused",
                {"referral_status." + r->status});
  }
  r->status = "closed";
  r->updated_at = now_iso();
  tx->update_referral_status(*r);
  append_audit(*tx, actor, "referral.close", "referral", r->id, r->pseudonym);
  tx->commit();
  return view_of(sealer, actor, std::move(*r));
}

std::int64_t purge_referral_notes(store::Store& store, const Actor& actor, int days) {
  require(actor, Action::kDecideRequests);
  if (days < 0) throw Error::validation({field_error("days", std::to_string(days), "out_of_range",
                                                    {"0", "3650"})});
  const std::string before = iso_utc(Clock::now() - std::chrono::hours(24) * days);
  auto tx = store.begin(store::Mode::kWrite);
  const std::int64_t n = tx->erase_referral_notes(before);
  append_audit(*tx, actor, "referral.purge_notes", "referral", 0,
               std::to_string(n) + " notes of referrals ended before " + before);
  tx->commit();
  return n;
}

// ---- Requests ----

RequestView create_request(store::Store& store, const Actor& actor, const RequestInput& in) {
  require(actor, Action::kWriteRequests);
  auto tx = store.begin(store::Mode::kWrite);
  std::vector<FieldError> errors = check_request(in.draft);
  std::optional<store::ProgrammeRecord> programme;
  if (!in.programme || in.programme->empty()) {
    errors.push_back(field_error("programme", "", "required"));
  } else if (!(programme = tx->programme_by_code(*in.programme))) {
    errors.push_back(field_error("programme", *in.programme, "unknown_programme"));
  }
  if (!errors.empty()) throw Error::validation(std::move(errors));
  check_capacity(*tx, actor.organisation_id, *in.draft.quantity, 0);
  const std::string now = now_iso();
  store::RequestRecord r;
  r.programme_id = programme->id;
  r.structure_id = actor.organisation_id;
  r.quantity = *in.draft.quantity;
  r.needs.assign(in.draft.needs.begin(), in.draft.needs.end());
  r.leaflet_languages = in.draft.leaflet_languages;
  r.comment = in.draft.comment;
  r.state = "draft";
  r.created_by = actor.email;
  r.created_at = r.updated_at = now;
  r.id = tx->insert_request(r);
  record_event(*tx, actor, r, "create", "", "", now);
  link_referrals(*tx, r, in.referral_ids, now);
  append_audit(*tx, actor, "request.create", "request", r.id,
               std::to_string(r.quantity) + " cards, " + programme->code);
  auto saved = *tx->request(r.id);
  auto view = view_of(*tx, actor, std::move(saved));
  tx->commit();
  return view;
}

RequestView update_request(store::Store& store, const Actor& actor, std::int64_t id,
                           const RequestInput& in) {
  require(actor, Action::kWriteRequests);
  auto tx = store.begin(store::Mode::kWrite);
  auto r = load_request(*tx, actor, id);
  if (r.state != "draft") {
    throw Error(ErrorKind::kConflict, "request_not_draft", {"request_state." + r.state});
  }
  auto errors = check_request(in.draft);
  if (in.programme && *in.programme != r.programme_code) {
    auto programme = tx->programme_by_code(*in.programme);
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
  tx->update_request(r);
  link_referrals(*tx, r, in.referral_ids, now);
  append_audit(*tx, actor, "request.update", "request", r.id,
               std::to_string(r.quantity) + " cards");
  auto view = view_of(*tx, actor, *tx->request(r.id));
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
  const bool known = std::any_of(request_transitions().begin(), request_transitions().end(),
                                 [&](const auto& t) { return t.name == transition; });
  if (!known) {
    throw Error::validation({field_error("transition", transition, "unknown_transition")});
  }
  if (!may_apply_request_transition(actor.role, transition,
                                    r.structure_id == actor.organisation_id)) {
    throw Error(ErrorKind::kForbidden, "forbidden");
  }
  auto to = next_request_state(r.state, transition);
  if (!to) {
    throw Error(ErrorKind::kConflict, "request_transition_refused",
                {"request_transition." + transition, "request_state." + r.state});
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
    for (const char* state : {"reserved", "packed", "in_transit", "returned"}) {
      on_the_way += tx->count_cards_of_request(r.id, state);
    }
    for (const char* state : {"at_structure", "handed_over", "active", "suspended", "expired"}) {
      delivered += tx->count_cards_of_request(r.id, state);
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
                  {"request_transition." + transition, "request_state." + r.state});
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
    for (const auto& card : tx->reserved_for(r.id)) {
      if (auto sim = tx->sim(card.iccid); sim && sim->packing_order_id) {
        throw Error(ErrorKind::kConflict, "cards_in_parcel", {packing_reference(*sim->packing_order_id)});
      }
    }
    for (const char* state : {"packed", "in_transit"}) {
      if (tx->count_cards_of_request(r.id, state) > 0) {
        throw Error(ErrorKind::kConflict, "cards_in_parcel", {""});
      }
    }
    release_cards(*tx, actor, r, now);
  }
  if (transition == "reject" || transition == "cancel") settle_referrals(*tx, r, false, now);
  if (transition == "fulfil") settle_referrals(*tx, r, true, now);
  const std::string from = r.state;
  r.state = std::string(*to);
  r.updated_at = now;
  tx->update_request(r);
  record_event(*tx, actor, r, transition, from, reason, now);
  append_audit(*tx, actor, "request." + transition, "request", r.id,
               from + " -> " + r.state + (reason.empty() ? "" : " (" + reason + ")"));
  auto view = view_of(*tx, actor, *tx->request(r.id));
  tx->commit();
  return view;
}

store::Page<store::RequestRecord> list_requests(store::Store& store, const Actor& actor,
                                                const RequestFilter& filter) {
  require(actor, Action::kReadRequests);
  store::RequestQuery q;
  q.limit = parse_limit(filter.limit);
  q.after = parse_cursor(filter.cursor);
  // One state or several, comma-separated ("submitted,endorsed": a coordinator's queue).
  std::set<std::string> wanted;
  if (filter.state) {
    for (const auto& s : split_list(*filter.state)) {
      if (!is_request_state(s)) throw Error(ErrorKind::kBadRequest, "bad_parameter", {"state", s});
      wanted.insert(s);
    }
  }
  q.structure_id = parse_id(filter.structure_id, "structure_id");
  q.department = filter.department;
  std::set<std::string> scope;  // empty: every state
  switch (actor.role) {
    case Role::kStructure:
      q.structure_id = actor.organisation_id;
      break;
    case Role::kLiaison:
      scope = {"submitted", "endorsed"};
      break;
    default:  // coordinator
      for (auto s : kRequestStates) {
        if (s != "draft") scope.emplace(s);
      }
      q.submitted_only = true;
  }
  std::set<std::string> states = wanted;
  if (!scope.empty()) {
    if (wanted.empty()) {
      states = scope;
    } else {
      std::erase_if(states, [&](const std::string& s) { return !scope.count(s); });
      if (states.empty()) return {};  // asked only for states outside the scope
    }
  }
  q.any_state.assign(states.begin(), states.end());
  auto tx = store.begin(store::Mode::kRead);
  return tx->requests(q);
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
  for (auto s : kRequestStates) {
    c.requests_by_state[std::string(s)] = 0;
    c.cards_by_state[std::string(s)] = 0;
  }
  for (const auto& [state, n, cards, alloc] : tx->request_counts()) {
    c.requests_by_state[state] = mask(n, c.masked);
    // Fewer than 5 requests: their cards would tell one structure's request apart.
    c.cards_by_state[state] = c.masked && n < 5 ? std::nullopt : mask(cards, c.masked);
    allocated += alloc;
  }
  for (auto s : kReferralStatuses) c.referrals_by_status[std::string(s)] = 0;
  for (const auto& [status, n] : tx->referral_counts()) {
    c.referrals_by_status[status] = mask(n, c.masked);
  }
  c.cards_allocated = mask(allocated, c.masked);
  return c;
}

// ---- Allocation ----

AllocationPreview preview_allocation(store::Store& store, const Actor& actor) {
  require(actor, Action::kAllocate);
  auto tx = store.begin(store::Mode::kRead);
  return compute_preview(*tx);
}

PriorityWeights allocation_weights(store::Store& store, const Actor& actor) {
  require(actor, Action::kAllocate);
  auto tx = store.begin(store::Mode::kRead);
  return read_weights(*tx);
}

PriorityWeights set_allocation_weights(store::Store& store, const Actor& actor,
                                       const std::map<std::string, double>& weights) {
  require(actor, Action::kAllocate);
  auto tx = store.begin(store::Mode::kWrite);
  PriorityWeights w = read_weights(*tx);
  std::vector<FieldError> errors;
  for (const auto& [name, value] : weights) {
    auto it = std::find_if(weight_fields().begin(), weight_fields().end(),
                           [&](const auto& f) { return name == f.first; });
    if (it == weight_fields().end()) {
      errors.push_back(field_error(name, "", "unknown_field"));
    } else if (!(value >= 0 && value <= 10) || (name == "base" && value <= 0)) {
      errors.push_back(field_error(name, format_weight(value), "out_of_range",
                                   {name == "base" ? "0.01" : "0", "10"}));
    } else {
      w.*(it->second) = std::round(value * 100) / 100;  // hundredths, as shown everywhere
    }
  }
  if (!errors.empty()) throw Error::validation(std::move(errors));
  std::string text;
  for (const auto& [name, field] : weight_fields()) {
    if (!text.empty()) text += ' ';
    text += std::string(name) + "=" + format_weight(w.*field);
  }
  tx->put_setting("allocation_weights", text);
  append_audit(*tx, actor, "allocation.weights", "allocation", 0, text);
  tx->commit();
  return w;
}

AllocationPreview apply_allocation(store::Store& store, const Actor& actor,
                                   const std::optional<std::string>& fingerprint) {
  require(actor, Action::kAllocate);
  auto tx = store.begin(store::Mode::kWrite);
  auto p = compute_preview(*tx);
  if (fingerprint && *fingerprint != p.fingerprint) {
    throw Error(ErrorKind::kConflict, "allocation_changed");
  }
  std::int64_t total = 0;
  for (const auto& [plan, n] : p.result.allocated) total += n;
  if (total == 0) throw Error(ErrorKind::kConflict, "allocation_empty");

  const std::string now = now_iso();
  std::map<std::string, std::int64_t> plan_ids;
  for (const auto& plan : tx->plans()) plan_ids[plan.code] = plan.id;
  // Cards are taken per plan in a fixed order (oldest batch, then ICCID) and dealt to the
  // requests in the order of the preview.
  std::map<std::string, std::vector<store::Reservation>> cards;
  for (const auto& [plan, n] : p.result.allocated) {
    if (n > 0) cards[plan] = tx->in_stock_cards(plan_ids[plan], n);
  }
  std::map<std::string, std::size_t> next;
  std::map<std::int64_t, std::int64_t> per_batch;
  std::vector<store::Reservation> chosen;
  chosen.reserve(static_cast<std::size_t>(total));
  for (const auto& line : p.result.lines) {
    if (line.allocated == 0) continue;  // waits, approved, for the next stock
    auto& pool = cards[line.plan];
    for (std::int64_t k = 0; k < line.allocated; ++k) {
      // Fewer cards found in stock than the counters said: the counters are wrong, apply
      // nothing (the transaction rolls back) and say so.
      if (next[line.plan] >= pool.size()) throw Error(ErrorKind::kConflict, "allocation_changed");
      store::Reservation& card = pool[next[line.plan]++];
      card.request_id = line.request_id;
      ++per_batch[card.batch_id];
      chosen.push_back(std::move(card));
    }
  }
  const std::optional<std::int64_t> user =
      actor.is_system() ? std::nullopt : std::optional(actor.user_id);
  if (tx->reserve_sims(chosen, now, user, actor.email) != total) {
    throw Error(ErrorKind::kConflict, "allocation_changed");
  }
  for (const auto& line : p.result.lines) {
    if (line.allocated == 0) continue;
    auto r = p.requests.at(line.request_id);
    const std::string from = r.state;
    r.allocated = line.allocated;
    // Less than approved: the allocation approves it in part (the lifecycle's own step).
    if (line.allocated < line.requested && r.state == "approved") {
      r.state = std::string(*next_request_state(r.state, "approve_partially"));
    }
    r.updated_at = now;
    tx->update_request(r);
    tx->insert_request_event({0, r.id, now, actor.email, "allocate", from, r.state,
                              std::to_string(line.allocated) + "/" +
                                  std::to_string(line.requested)});
    p.requests[line.request_id] = std::move(r);
  }
  for (const auto& [batch, n] : per_batch) {
    tx->add_state_count(batch, "in_stock", -n);
    tx->add_state_count(batch, "reserved", n);
  }
  append_audit(*tx, actor, "allocation.apply", "allocation", 0,
               std::to_string(total) + " cards reserved for " +
                   std::to_string(p.result.lines.size()) + " requests, preview " + p.fingerprint);
  tx->commit();
  return p;
}

}  // namespace relais::app
