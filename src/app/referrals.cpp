#include "app/referrals.hpp"
#include "store/store.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>

#include "app/audit.hpp"
#include "app/clock.hpp"
#include "app/pagination.hpp"
#include "app/use_case_helpers.hpp"
#include "core/error.hpp"
#include "core/referral.hpp"

namespace relais::app {
namespace {

bool may_see_note(const Actor& actor, const ReferralRecord& r) {
  return (actor.role == Role::kAssociation && actor.organisation_id == r.association_id) ||
         (actor.role == Role::kStructure && actor.organisation_id == r.structure_id);
}

bool may_read_referral(const Actor& actor, const ReferralRecord& r) {
  return actor.role == Role::kCoordinator || may_see_note(actor, r);
}

ReferralView view_of(const Sealer& sealer, const Actor& actor, ReferralRecord r) {
  ReferralView v;
  if (may_see_note(actor, r)) {
    v.note = r.note_sealed ? sealer.open(*r.note_sealed, note_context(r.pseudonym)) : "";
  }
  r.note_sealed.reset();
  v.referral = std::move(r);
  return v;
}

}  // namespace

std::string new_pseudonym(store::Transaction& tx) {
  for (;;) {
    std::array<unsigned char, 5> bytes{};
    randombytes_buf(bytes.data(), bytes.size());
    std::string p = format_pseudonym(bytes);
    if (!tx.requests().pseudonym_taken(p) && !tx.residents().pseudonym_taken(p)) return p;
  }
}

ReferralView create_referral(store::Store& store, const Sealer& sealer, const Actor& actor,
                             const ReferralInput& in) {
  require(actor, Action::kWriteReferrals);
  auto built = build_referral(
      {in.structure_id, in.adults, in.children, in.languages, in.needs, in.note});
  auto tx = store.begin(store::Mode::kWrite);
  if (in.structure_id) {
    auto s = tx->accounts().organisation(*in.structure_id);
    if (!s || s->kind != Role::kStructure) {
      built.errors.push_back(
          field_error("structure_id", std::to_string(*in.structure_id), "unknown_structure"));
    }
  }
  if (!built.errors.empty()) throw Error::validation(std::move(built.errors));
  const std::string now = now_iso();
  ReferralRecord r;
  r.pseudonym = new_pseudonym(*tx);
  r.association_id = actor.organisation_id;
  r.structure_id = built.referral.structure_id;
  r.adults = built.referral.adults;
  r.children = built.referral.children;
  r.languages = built.referral.languages;
  r.needs = built.referral.needs;
  if (!built.referral.note.empty()) {
    r.note_sealed = sealer.seal(built.referral.note, note_context(r.pseudonym));
  }
  r.status = "open";
  r.created_by = actor.email;
  r.created_at = r.updated_at = now;
  r.id = tx->requests().insert_referral(r);
  // The audit says who referred whom to where, never the note.
  append_audit(*tx, actor, "referral.create", "referral", r.id,
               r.pseudonym + " -> structure " + std::to_string(r.structure_id));
  auto saved = tx->requests().referral(r.id);
  tx->commit();
  return view_of(sealer, actor, std::move(*saved));
}

Page<ReferralView> list_referrals(store::Store& store, const Sealer& sealer,
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
  auto page = tx->requests().referrals(q);
  Page<ReferralView> out;
  out.next = page.next;
  out.total = page.total;
  for (auto& r : page.items) out.items.push_back(view_of(sealer, actor, std::move(r)));
  return out;
}

ReferralView get_referral(store::Store& store, const Sealer& sealer, const Actor& actor,
                          std::int64_t id) {
  require(actor, Action::kReadReferrals);
  auto tx = store.begin(store::Mode::kRead);
  auto r = tx->requests().referral(id);
  if (!r || !may_read_referral(actor, *r)) not_found("entity.referral");
  return view_of(sealer, actor, std::move(*r));
}

ReferralView close_referral(store::Store& store, const Sealer& sealer, const Actor& actor,
                            std::int64_t id) {
  require(actor, Action::kReadReferrals);
  auto tx = store.begin(store::Mode::kWrite);
  auto r = tx->requests().referral(id);
  if (!r || !may_read_referral(actor, *r)) not_found("entity.referral");
  if (!may_see_note(actor, *r)) throw Error(ErrorKind::kForbidden, "forbidden");
  if (r->status != "open") {
    throw Error(ErrorKind::kConflict, "referral_transition_refused",
                {"referral_status." + r->status});
  }
  r->status = "closed";
  r->updated_at = now_iso();
  tx->requests().update_referral_status(*r);
  append_audit(*tx, actor, "referral.close", "referral", r->id, r->pseudonym);
  tx->commit();
  return view_of(sealer, actor, std::move(*r));
}

}  // namespace relais::app
