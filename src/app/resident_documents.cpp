#include "app/resident_documents.hpp"
#include "store/store.hpp"

#include <charconv>

#include "app/audit.hpp"
#include "app/clock.hpp"
#include "app/residents.hpp"
#include "app/use_case_helpers.hpp"
#include "core/error.hpp"
#include "core/needs.hpp"
#include "core/operators.hpp"
#include "core/resident.hpp"
#include "docs/catalogue.hpp"
#include "docs/resident_docs.hpp"

namespace relais::app {
namespace {

int retention_in(store::Transaction& tx) {
  int days = kDefaultRetentionDays;
  if (auto v = tx.setting("retention_days")) {
    int parsed = 0;
    auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), parsed);
    if (ec == std::errc() && end == v->data() + v->size() && parsed >= 0) days = parsed;
  }
  return days;
}

// The document's language: asked, else the resident's first one.
std::string language_of(const ResidentRecord& r, const std::optional<std::string>& lang) {
  if (lang) {
    if (!find_language(*lang)) {
      throw Error::validation({field_error("lang", lang->substr(0, 40), "unknown_languages")});
    }
    return *lang;
  }
  return r.languages.empty() ? "fr" : r.languages.front();
}

// The structure's own resident, as its documents need it.
ResidentRecord own(store::Transaction& tx, const Actor& actor, std::int64_t id) {
  require(actor, Action::kWriteResidents);
  auto r = tx.residents().resident(id);
  if (!r || r->structure_id != actor.organisation_id) not_found("entity.resident");
  return std::move(*r);
}

std::string day_of(const std::string& iso) { return iso.substr(0, 10); }

}  // namespace

std::string leaflet_pdf(store::Store& store, const Sealer& sealer, const Actor& actor,
                        std::int64_t resident_id, const std::optional<std::string>& lang) {
  auto tx = store.begin(store::Mode::kWrite);
  ResidentRecord r = own(*tx, actor, resident_id);
  if (r.erased_at) throw Error(ErrorKind::kConflict, "resident_erased", {r.pseudonym});
  std::optional<HandoverRecord> line;
  for (auto& h : tx->residents().handovers_of(r.id)) {
    if (!h.taken_back_at) line = std::move(h);
  }
  if (!line) throw Error(ErrorKind::kConflict, "no_line", {r.pseudonym});
  auto sim = tx->cards().sim(line->iccid);
  // A card that came without its number gets it with the operator's activation report: the
  // leaflet, which tells the resident their number, waits for it.
  if (sim->msisdn.empty()) throw Error(ErrorKind::kConflict, "number_pending", {line->iccid});
  // A new card keeping a lost line's number has its own until the operator's swap: the leaflet
  // waits for the number the person keeps.
  if (auto swap = tx->lines().incident_replaced_by(line->iccid);
      swap && swap->status == "swap_requested") {
    throw Error(ErrorKind::kConflict, "number_pending", {line->iccid});
  }
  docs::LeafletData d;
  d.lang = language_of(r, lang);
  d.pseudonym = r.pseudonym;
  d.structure_name = r.structure_name;
  d.msisdn = sim->msisdn;
  if (sim->puk_sealed) d.puk = sealer.open(*sim->puk_sealed, puk_context(sim->iccid));
  if (auto profile = tx->operators().operator_profile(sim->operator_id)) d.apn = profile->apn;
  for (const auto& p : tx->operators().plans()) {
    if (p.id == sim->plan_id) {
      d.data_gb = p.data_gb;
      d.calls_sms_included = p.calls_sms_included;
    }
  }
  for (const auto& g : tx->requests().programmes()) {
    if (g.id == line->programme_id) d.helpline = g.helpline;
  }
  d.ends_on = day_of(line->ends_at);
  d.retention_days = retention_in(*tx);
  // The leaflet prints the PUK: a reading like any other.
  if (d.puk) {
    append_audit(*tx, actor, "sim.puk_read", "sim", std::nullopt,
                 sim->iccid + " (leaflet of " + r.pseudonym + ")");
  }
  tx->commit();
  return docs::leaflet_pdf(d);
}

std::string notice_pdf(store::Store& store, const Actor& actor, std::int64_t resident_id,
                       const std::optional<std::string>& lang) {
  auto tx = store.begin(store::Mode::kRead);
  ResidentRecord r = own(*tx, actor, resident_id);
  docs::NoticeData d;
  d.lang = language_of(r, lang);
  d.version = std::string(kNoticeVersion);
  d.structure_name = r.structure_name;
  d.retention_days = retention_in(*tx);
  // The programme of the resident's last line, or else the first programme: the one they join.
  auto lines = tx->residents().handovers_of(r.id);
  auto programmes = tx->requests().programmes();
  for (const auto& g : programmes) {
    if (!lines.empty() && g.id == lines.back().programme_id) d.programme_name = g.name;
  }
  if (d.programme_name.empty() && !programmes.empty()) d.programme_name = programmes.front().name;
  store::OrganisationQuery q;
  q.kind = Role::kCoordinator;
  q.limit = 1;
  auto coordinators = tx->accounts().organisations(q);
  if (!coordinators.items.empty()) d.coordinator_name = coordinators.items.front().name;
  return docs::notice_pdf(d);
}

std::string export_pdf(store::Store& store, const Sealer& sealer, const Actor& actor,
                       std::int64_t resident_id, const std::optional<std::string>& lang) {
  ResidentView v = export_resident(store, sealer, actor, resident_id);
  docs::ExportData d;
  d.lang = language_of(v.resident, lang);
  d.pseudonym = v.resident.pseudonym;
  d.printed_on = day_of(now_iso());
  d.household_size = v.resident.household_size;
  d.children = v.resident.children;
  d.languages = v.resident.languages;
  d.needs = v.resident.needs;
  d.first_name = v.first_name;
  d.contact = v.contact;
  for (const auto& c : v.consents) {
    d.consents.push_back({c.purpose, c.status, day_of(c.given_at),
                          c.status_at ? std::optional(day_of(*c.status_at)) : std::nullopt});
  }
  for (const auto& h : v.lines) {
    d.lines.push_back({h.msisdn, day_of(h.handed_over_at),
                       h.taken_back_at ? std::optional(day_of(*h.taken_back_at)) : std::nullopt});
  }
  return docs::export_pdf(d);
}

std::vector<Translation> translations() {
  std::vector<Translation> out;
  for (const auto& code : docs::catalogue_languages()) {
    if (const docs::Catalogue* c = docs::catalogue(code)) {
      out.push_back({code, c->translator, c->checked_by});
    }
  }
  return out;
}

int retention_days(store::Store& store) {
  return retention_in(*store.begin(store::Mode::kRead));
}

}  // namespace relais::app
