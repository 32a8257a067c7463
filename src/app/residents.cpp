#include "app/residents.hpp"
#include "store/store.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>

#include "app/audit.hpp"
#include "app/clock.hpp"
#include "app/msisdn.hpp"
#include "app/pagination.hpp"
#include "app/sims.hpp"
#include "app/lines.hpp"
#include "app/use_case_helpers.hpp"
#include "core/error.hpp"
#include "core/needs.hpp"
#include "core/resident.hpp"
#include "core/sim_identifiers.hpp"
#include "core/utf8.hpp"

namespace relais::app {

std::string first_name_context(std::int64_t id) {
  return "residents.first_name:" + std::to_string(id);
}
std::string contact_context(std::int64_t id) { return "residents.contact:" + std::to_string(id); }

// The resident, if this actor may see it at all (404 otherwise: no one learns it exists).
ResidentRecord visible_resident(store::Transaction& tx, const Actor& actor, std::int64_t id) {
  require(actor, Action::kReadResidents);
  auto r = tx.residents().resident(id);
  const bool visible =
      r && (actor.role == Role::kCoordinator ||
            (actor.role == Role::kStructure && r->structure_id == actor.organisation_id) ||
            (actor.role == Role::kAssociation && r->association_id == actor.organisation_id));
  if (!visible) not_found("entity.resident");
  return std::move(*r);
}

// The structure's own resident, for a write.
ResidentRecord own_resident(store::Transaction& tx, const Actor& actor, std::int64_t id) {
  require(actor, Action::kWriteResidents);
  ResidentRecord r = visible_resident(tx, actor, id);
  if (r.erased_at) throw Error(ErrorKind::kConflict, "resident_erased", {r.pseudonym});
  return r;
}

bool has_given(const std::vector<ConsentRecord>& consents, std::string_view purpose) {
  return std::any_of(consents.begin(), consents.end(), [&](const ConsentRecord& c) {
    return c.purpose == purpose && c.status == "given";
  });
}

namespace {

// `detailed`: with its consents and lines (one resident's answers, not a list's rows).
ResidentView view_of(store::Transaction& tx, const Sealer& sealer, const Actor& actor,
                     ResidentRecord r, bool detailed = true) {
  ResidentView v;
  v.detailed = detailed && actor.role != Role::kAssociation;
  if (v.detailed) {
    v.consents = tx.residents().consents_of(r.id);
    v.lines = tx.residents().handovers_of(r.id);
    store::LineIncidentQuery iq;
    iq.resident_id = r.id;
    iq.limit = 100;
    v.incidents = tx.lines().incidents(iq).items;
    for (const auto& h : v.lines) {
      store::TopupQuery tq;
      tq.iccid = h.iccid;
      tq.limit = 100;
      for (auto& t : tx.lines().topups(tq).items) {
        if (t.handover_id == h.id) v.topups.push_back(std::move(t));
      }
    }
    v.follow_ups = tx.lines().follow_ups_of(r.id);
  }
  if (actor.role == Role::kStructure && r.structure_id == actor.organisation_id) {
    v.personal = true;
    if (r.first_name_sealed) v.first_name = sealer.open(*r.first_name_sealed, first_name_context(r.id));
    if (r.contact_sealed) v.contact = sealer.open(*r.contact_sealed, contact_context(r.id));
  }
  r.first_name_sealed.reset();
  r.contact_sealed.reset();
  if (actor.role == Role::kAssociation) {
    // The status of a person it referred, nothing of their life at the structure.
    v.limited = true;
    r.household_size = 0;
    r.children = 0;
    r.languages.clear();
    r.needs.clear();
    r.created_by.clear();
  }
  v.resident = std::move(r);
  return v;
}

}  // namespace

std::optional<std::int64_t> programme_of(store::Transaction& tx, const SimRecord& sim) {
  if (sim.request_id) {
    if (auto req = tx.requests().request(*sim.request_id)) return req->programme_id;
  }
  for (const auto& g : tx.requests().programmes()) {
    if (g.plan_id == sim.plan_id) return g.id;
  }
  return std::nullopt;
}

ResidentView create_resident(store::Store& store, const Sealer& sealer, const Actor& actor,
                             const ResidentInput& in) {
  require(actor, Action::kWriteResidents);
  ResidentCheck built = check_resident({in.household_size, in.children, in.languages, in.needs,
                                        in.first_name});
  std::optional<std::string> contact;
  if (in.contact && !trim_spaces(*in.contact).empty()) {
    if (in.contact->size() > 40) {
      built.errors.push_back(field_error("contact", "", "too_long", {"40"}));
    } else if (MsisdnCheck c = check_french_mobile(*in.contact); c.e164) {
      contact = c.e164;
    } else {
      built.errors.push_back(field_error("contact", *in.contact, "msisdn_" + c.reason));
    }
  }
  auto tx = store.begin(store::Mode::kWrite);
  std::optional<ReferralRecord> referral;
  if (in.referral_id) {
    referral = tx->requests().referral(*in.referral_id);
    if (!referral || referral->structure_id != actor.organisation_id) {
      built.errors.push_back(
          field_error("referral_id", std::to_string(*in.referral_id), "unknown_referral"));
      referral.reset();
    }
  }
  if (!built.errors.empty()) throw Error::validation(std::move(built.errors));
  if (referral) {
    if (auto other = tx->residents().resident_of_referral(referral->id)) {
      throw Error(ErrorKind::kConflict, "referral_has_resident", {other->pseudonym});
    }
  }
  const std::string now = now_iso();
  ResidentRecord r;
  r.pseudonym = referral ? referral->pseudonym : new_pseudonym(*tx);
  r.structure_id = actor.organisation_id;
  r.referral_id = in.referral_id;
  r.household_size = built.fields.household_size;
  r.children = built.fields.children;
  r.languages = built.fields.languages;
  r.needs = built.fields.needs;
  r.created_by = actor.email;
  r.created_at = r.updated_at = now;
  r.id = tx->residents().insert_resident(r);
  // Sealed once the id is known, so that a value copied onto another row does not open there.
  if (built.fields.first_name || contact) {
    tx->residents().set_sealed_fields(
        r.id,
        built.fields.first_name
            ? std::optional(sealer.seal(*built.fields.first_name, first_name_context(r.id)))
            : std::nullopt,
        contact ? std::optional(sealer.seal(*contact, contact_context(r.id))) : std::nullopt);
  }
  // The audit names the pseudonym, never a first name or a number.
  append_audit(*tx, actor, "resident.create", "resident", r.id, r.pseudonym);
  auto saved = tx->residents().resident(r.id);
  ResidentView v = view_of(*tx, sealer, actor, std::move(*saved));
  tx->commit();
  return v;
}

Page<ResidentView> list_residents(store::Store& store, const Sealer& sealer, const Actor& actor,
                                  const ResidentFilter& filter) {
  require(actor, Action::kReadResidents);
  store::ResidentQuery q;
  q.limit = parse_limit(filter.limit);
  q.after = parse_cursor(filter.cursor);
  if (filter.status && !is_one_of(kResidentStatuses, *filter.status)) {
    throw Error(ErrorKind::kBadRequest, "bad_parameter", {"status", filter.status->substr(0, 40)});
  }
  if (actor.role == Role::kStructure) q.structure_id = actor.organisation_id;
  if (actor.role == Role::kAssociation) q.association_id = actor.organisation_id;
  q.status = filter.status;
  auto tx = store.begin(store::Mode::kRead);
  auto page = tx->residents().residents(q);
  Page<ResidentView> out;
  out.next = page.next;
  out.total = page.total;
  for (auto& r : page.items) out.items.push_back(view_of(*tx, sealer, actor, std::move(r), false));
  return out;
}

ResidentView get_resident(store::Store& store, const Sealer& sealer, const Actor& actor,
                          std::int64_t id) {
  auto tx = store.begin(store::Mode::kRead);
  return view_of(*tx, sealer, actor, visible_resident(*tx, actor, id));
}

ResidentView export_resident(store::Store& store, const Sealer& sealer, const Actor& actor,
                             std::int64_t id) {
  require(actor, Action::kWriteResidents);
  auto tx = store.begin(store::Mode::kWrite);
  ResidentRecord r = visible_resident(*tx, actor, id);
  append_audit(*tx, actor, "resident.export", "resident", r.id, r.pseudonym);
  ResidentView v = view_of(*tx, sealer, actor, std::move(r));
  tx->commit();
  return v;
}

ResidentView erase_resident(store::Store& store, const Sealer& sealer, const Actor& actor,
                            std::int64_t id) {
  auto tx = store.begin(store::Mode::kWrite);
  ResidentRecord r = own_resident(*tx, actor, id);
  const std::string now = now_iso();
  for (const auto& c : tx->residents().consents_of(r.id)) {
    if (c.status == "given") tx->residents().end_consent(c.id, "withdrawn", now, user_of(actor));
  }
  tx->residents().erase_resident(r.id, now);
  refresh_resident_todo(*tx, r.id);
  append_audit(*tx, actor, "resident.erase", "resident", r.id, r.pseudonym);
  ResidentView v = view_of(*tx, sealer, actor, *tx->residents().resident(r.id));
  tx->commit();
  return v;
}

ConsentRecord give_consent(store::Store& store, const Actor& actor, std::int64_t resident_id,
                           const ConsentInput& in) {
  std::vector<FieldError> errors;
  auto word = [&](const char* field, const std::optional<std::string>& v, auto known) {
    if (!v || v->empty()) {
      errors.push_back(field_error(field, "", "required"));
    } else if (!known(*v)) {
      errors.push_back(field_error(field, v->substr(0, 40), std::string("unknown_") + field));
    }
  };
  word("purpose", in.purpose, [](const std::string& v) { return is_one_of(kConsentPurposes, v); });
  word("method", in.method, [](const std::string& v) { return is_one_of(kConsentMethods, v); });
  if (in.notice_language && !find_language(*in.notice_language)) {
    errors.push_back(
        field_error("notice_language", in.notice_language->substr(0, 40), "unknown_languages"));
  }
  auto tx = store.begin(store::Mode::kWrite);
  ResidentRecord r = own_resident(*tx, actor, resident_id);
  if (!errors.empty()) throw Error::validation(std::move(errors));
  for (const auto& c : tx->residents().consents_of(r.id)) {
    if (c.purpose == *in.purpose && c.status == "given") {
      throw Error(ErrorKind::kConflict, "consent_already_given", {"consent_purpose." + c.purpose});
    }
  }
  ConsentRecord c;
  c.resident_id = r.id;
  c.purpose = *in.purpose;
  c.method = *in.method;
  c.notice_version = std::string(kNoticeVersion);
  // The notice in the person's first language unless the staff showed another.
  c.notice_language = in.notice_language.value_or(r.languages.empty() ? "fr" : r.languages.front());
  c.recorded_by = user_of(actor);
  if (c.method == "oral") c.witness_user_id = user_of(actor);
  c.given_at = now_iso();
  c.status = "given";
  c.id = tx->residents().insert_consent(c);
  refresh_resident_todo(*tx, r.id);
  append_audit(*tx, actor, "consent.give", "consent", c.id,
               r.pseudonym + " " + c.purpose + " (" + c.method + ", notice " + c.notice_version +
                   " " + c.notice_language + ")");
  auto saved = tx->residents().consent(c.id);
  tx->commit();
  return *saved;
}

ConsentRecord withdraw_consent(store::Store& store, const Actor& actor, std::int64_t consent_id) {
  require(actor, Action::kWriteResidents);
  auto tx = store.begin(store::Mode::kWrite);
  auto c = tx->residents().consent(consent_id);
  if (!c) not_found("entity.consent");
  auto r = tx->residents().resident(c->resident_id);
  if (!r || r->structure_id != actor.organisation_id) not_found("entity.consent");
  if (!tx->residents().end_consent(c->id, "withdrawn", now_iso(), user_of(actor))) {
    throw Error(ErrorKind::kConflict, "consent_not_given", {"consent_status." + c->status});
  }
  // Without the consent to publish, the resident's testimonies are not kept.
  if (c->purpose == "testimony") tx->lines().clear_testimonies(r->id);
  append_audit(*tx, actor, "consent.withdraw", "consent", c->id, r->pseudonym + " " + c->purpose);
  refresh_resident_todo(*tx, r->id);
  auto saved = tx->residents().consent(c->id);
  tx->commit();
  return *saved;
}

HandoverRecord hand_over(store::Store& store, const Actor& actor,
                         const std::optional<std::int64_t>& resident_id,
                         const std::optional<std::string>& iccid_in) {
  require(actor, Action::kWriteResidents);
  std::vector<FieldError> errors;
  if (!resident_id) errors.push_back(field_error("resident_id", "", "required"));
  std::optional<std::string> iccid;
  if (!iccid_in) {
    errors.push_back(field_error("iccid", "", "required"));
  } else {
    std::string why;
    if (iccid_in->size() <= 32) iccid = canonical_iccid(*iccid_in, &why);
    if (!iccid) {
      errors.push_back(field_error("iccid", iccid_in->substr(0, 32),
                                   why.empty() ? "bad_iccid" : "iccid_" + why));
    }
  }
  if (!errors.empty()) throw Error::validation(std::move(errors));
  auto tx = store.begin(store::Mode::kWrite);
  ResidentRecord r = own_resident(*tx, actor, *resident_id);
  auto sim = tx->cards().sim(*iccid);
  // A card this structure does not hold is not at its door, whoever holds it.
  if (!sim || sim->holder_id != actor.organisation_id || sim->state != SimState::kAtStructure) {
    throw Error(ErrorKind::kConflict, "sim_not_at_structure", {*iccid});
  }
  if (!has_given(tx->residents().consents_of(r.id), "line")) {
    throw Error(ErrorKind::kConflict, "consent_missing", {r.pseudonym, "consent_purpose.line"});
  }
  auto programme = programme_of(*tx, *sim);
  if (!programme) throw Error(ErrorKind::kConflict, "no_programme", {*iccid});
  if (auto open = tx->residents().open_handover(r.id, *programme)) {
    throw Error(ErrorKind::kConflict, "resident_has_line", {r.pseudonym, open->msisdn});
  }
  const HandoverRecord h = hand_card(*tx, actor, r.id, *sim, *programme, std::nullopt, std::nullopt);
  append_audit(*tx, actor, "handover.create", "handover", h.id, r.pseudonym + " <- " + *iccid);
  refresh_resident_todo(*tx, r.id);
  auto saved = tx->residents().handover(h.id);
  tx->commit();
  return *saved;
}

HandoverRecord hand_card(store::Transaction& tx, const Actor& actor, std::int64_t resident_id,
                         const SimRecord& sim, std::int64_t programme_id,
                         const std::optional<std::string>& ends_at,
                         std::optional<std::int64_t> replaces) {
  const auto now_point = Clock::now();
  const std::string now = iso_utc(now_point);
  HandoverRecord h;
  h.resident_id = resident_id;
  h.iccid = sim.iccid;
  h.programme_id = programme_id;
  h.structure_id = actor.organisation_id;
  h.handed_over_at = now;
  h.handed_over_by = user_of(actor);
  if (ends_at) {
    h.ends_at = *ends_at;
  } else {
    int validity = 0;
    for (const auto& p : tx.operators().plans()) {
      if (p.id == sim.plan_id) validity = p.validity_days;
    }
    h.ends_at = iso_utc(now_point + std::chrono::hours(24) * validity);
  }
  h.replaces_id = replaces;
  // The card's event says what happened, never to whom: its operator reads the timeline.
  move_sim(tx, actor, sim, "hand_over", sim.holder_id, "", now);
  h.id = tx.residents().insert_handover(h);
  return h;
}

HandoverRecord take_back(store::Store& store, const Actor& actor, std::int64_t handover_id,
                         const std::string& reason) {
  require(actor, Action::kWriteResidents);
  if (!is_one_of(kTakeBackReasons, reason)) {
    throw Error::validation({field_error("reason", reason.substr(0, 40),
                                         reason.empty() ? "required" : "unknown_reason")});
  }
  auto tx = store.begin(store::Mode::kWrite);
  auto h = tx->residents().handover(handover_id);
  if (!h || h->structure_id != actor.organisation_id) not_found("entity.handover");
  if (h->taken_back_at) throw Error(ErrorKind::kConflict, "handover_ended", {h->iccid});
  auto sim = tx->cards().sim(h->iccid);
  const std::string now = now_iso();
  move_sim(*tx, actor, *sim, "take_back", sim->holder_id, "", now);
  tx->residents().take_back(h->id, now, user_of(actor), reason);
  append_audit(*tx, actor, "handover.take_back", "handover", h->id, h->iccid + " (" + reason + ")");
  refresh_resident_todo(*tx, h->resident_id);
  auto saved = tx->residents().handover(h->id);
  tx->commit();
  return *saved;
}

ResidentSummary resident_summary(store::Store& store, const Actor& actor) {
  require(actor, Action::kWriteResidents);
  // Monday 00:00 UTC of this week.
  const std::time_t now = Clock::to_time_t(Clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  const int since_monday = (tm.tm_wday + 6) % 7;
  const auto monday = Clock::from_time_t(now - since_monday * 86400 - tm.tm_hour * 3600 -
                                         tm.tm_min * 60 - tm.tm_sec);
  auto tx = store.begin(store::Mode::kRead);
  const auto counts = tx->residents().counts(actor.organisation_id, iso_utc(monday));
  store::SimQuery q;
  q.holder_id = actor.organisation_id;
  q.state = SimState::kAtStructure;
  q.limit = 1;
  ResidentSummary s;
  s.cards_on_hand = tx->cards().sims(q).total;
  s.handed_over_this_week = counts.handed_over_since;
  s.waiting_for_line = counts.waiting_line;
  s.needs_consent = counts.needs_consent;
  s.residents = counts.residents;
  return s;
}

std::string read_puk(store::Store& store, const Sealer& sealer, const Actor& actor,
                     const std::string& iccid_in) {
  require(actor, Action::kReadPuk);
  auto iccid = iccid_in.size() <= 32 ? canonical_iccid(iccid_in) : std::nullopt;
  if (!iccid) not_found("entity.sim");
  auto tx = store.begin(store::Mode::kWrite);
  auto sim = tx->cards().sim(*iccid);
  const bool visible =
      sim && (actor.role == Role::kCoordinator ||
              (actor.role == Role::kStructure && sim->holder_id == actor.organisation_id));
  if (!visible) not_found("entity.sim");
  if (!sim->puk_sealed) throw Error(ErrorKind::kNotFound, "no_puk", {*iccid});
  auto puk = sealer.open(*sim->puk_sealed, puk_context(sim->iccid));
  if (!puk) throw Error(ErrorKind::kInternal, "sealed_value_unreadable");
  append_audit(*tx, actor, "sim.puk_read", "sim", std::nullopt, *iccid);
  tx->commit();
  return *puk;
}

}  // namespace relais::app
