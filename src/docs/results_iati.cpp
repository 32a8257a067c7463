// The results as an IATI 2.03 activity file (International Aid Transparency Initiative), with
// libxml2's text writer. The elements of iati-activity come in the order of the 2.03 schema
// (iati-activities-schema.xsd); an element is written only when its required attributes can
// be filled, and a hidden count of people is not written at all.
#include <libxml/xmlwriter.h>

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "docs/results_exports.hpp"
#include "docs/results_text.hpp"

namespace relais::docs {
namespace {

using results_text::euros_plain;
using results_text::label;
using results_text::Lang;

// The few calls of xmlTextWriter the file needs, each checked.
class Writer {
 public:
  Writer() : buffer_(xmlBufferCreate()) {
    if (!buffer_) throw std::runtime_error("iati: xmlBufferCreate");
    w_ = xmlNewTextWriterMemory(buffer_, 0);
    if (!w_) {
      xmlBufferFree(buffer_);
      throw std::runtime_error("iati: xmlNewTextWriterMemory");
    }
    check(xmlTextWriterSetIndent(w_, 1), "indent");
    check(xmlTextWriterSetIndentString(w_, BAD_CAST "  "), "indent");
    check(xmlTextWriterStartDocument(w_, "1.0", "UTF-8", nullptr), "start");
  }
  ~Writer() {
    if (w_) xmlFreeTextWriter(w_);
    xmlBufferFree(buffer_);
  }
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  void start(const char* name) { check(xmlTextWriterStartElement(w_, BAD_CAST name), name); }
  void end() { check(xmlTextWriterEndElement(w_), "end"); }
  void attr(const char* name, const std::string& value) {
    check(xmlTextWriterWriteAttribute(w_, BAD_CAST name, BAD_CAST value.c_str()), name);
  }
  void text(const std::string& value) {
    check(xmlTextWriterWriteString(w_, BAD_CAST value.c_str()), "text");
  }
  void comment(const std::string& value) {
    check(xmlTextWriterWriteComment(w_, BAD_CAST value.c_str()), "comment");
  }
  // <name attr=value...>text</name>, attributes as pairs.
  void element(const char* name, const std::vector<std::pair<const char*, std::string>>& attrs,
               const std::optional<std::string>& content = std::nullopt) {
    start(name);
    for (const auto& [k, v] : attrs) attr(k, v);
    if (content) text(*content);
    end();
  }
  // <narrative>text</narrative>, with xml:lang when it is not the activity's.
  void narrative(const std::string& value, const char* lang = nullptr) {
    start("narrative");
    if (lang) attr("xml:lang", lang);
    text(value);
    end();
  }
  std::string finish() {
    check(xmlTextWriterEndDocument(w_), "end document");
    xmlFreeTextWriter(w_);  // flushes into the buffer
    w_ = nullptr;
    return std::string(reinterpret_cast<const char*>(xmlBufferContent(buffer_)),
                       static_cast<std::size_t>(xmlBufferLength(buffer_)));
  }

 private:
  static void check(int rc, const char* what) {
    if (rc < 0) throw std::runtime_error(std::string("iati: cannot write ") + what);
  }
  xmlBufferPtr buffer_ = nullptr;
  xmlTextWriterPtr w_ = nullptr;
};

// An xsd:dateTime from an ISO time or date ("2026-03-01" -> "2026-03-01T00:00:00Z").
std::string date_time(const std::string& iso) {
  if (iso.size() == 10) return iso + "T00:00:00Z";
  return iso;
}

std::string day(const std::string& iso) { return iso.substr(0, 10); }

// A narrative in French (the activity's language) and one in English.
void both(Writer& w, const std::string& key_or_fr, const std::string& en) {
  w.narrative(key_or_fr);
  w.narrative(en, "en");
}

}  // namespace

std::string results_iati_xml(const ProgrammeResults& r) {
  const std::string today = day(r.as_of);
  const auto& p = r.profile;
  const std::string org_ref = p.iati_org_ref.value_or("XM-RELAIS");
  const bool ended = p.ends_on && !p.ends_on->empty() && *p.ends_on < today;

  Writer w;
  w.start("iati-activities");
  w.attr("version", "2.03");
  w.attr("generated-datetime", date_time(r.as_of));
  w.start("iati-activity");
  w.attr("last-updated-datetime", date_time(r.as_of));
  w.attr("xml:lang", "fr");
  w.attr("default-currency", "EUR");

  if (p.iati_identifier && !p.iati_identifier->empty()) {
    w.element("iati-identifier", {}, *p.iati_identifier);
  } else {
    // No identifier registered for the programme: "XM-RELAIS-" (XM: no registration agency)
    // and the programme's code, until the coordinator sets the one it publishes under.
    w.comment(" identifier made from the programme code: no IATI identifier is set ");
    w.element("iati-identifier", {}, "XM-RELAIS-" + r.programme_code);
  }
  w.start("reporting-org");
  w.attr("ref", org_ref);
  w.attr("type", "22");  // national NGO: the coordinator reports
  w.narrative(r.coordinator_name.empty() ? org_ref : r.coordinator_name);
  w.end();
  w.start("title");
  both(w, r.programme_name, r.programme_name);
  w.end();
  w.start("description");
  w.attr("type", "1");  // general
  // Generic: the same words fit every scheme the programme runs; a name not set is left out.
  {
    auto part = [](const std::string& before, const std::string& value) {
      return value.empty() ? std::string() : before + value;
    };
    std::string plan_fr = part("forfait ", r.plan_name), plan_en = part("plan ", r.plan_name);
    if (!r.operator_name.empty()) {
      plan_fr += (plan_fr.empty() ? "" : ", ") + std::string("opérateur ") + r.operator_name;
      plan_en += (plan_en.empty() ? "" : ", ") + std::string("operator ") + r.operator_name;
    }
    both(w,
         "Programme de connectivité solidaire" + part(" coordonné par ", r.coordinator_name) +
             "\u202F: lignes mobiles prépayées" + part(" (", plan_fr) +
             (plan_fr.empty() ? "" : ")") +
             " remises aux personnes hébergées par les structures partenaires.",
         "Solidarity connectivity programme" + part(" coordinated by ", r.coordinator_name) +
             ": prepaid mobile lines" + part(" (", plan_en) + (plan_en.empty() ? "" : ")") +
             " handed to the people housed by partner structures.");
  }
  w.end();

  // participating-org: the funders (1), the coordinator accountable (2) and implementing (4),
  // the operator implementing (4).
  for (const auto& f : r.budget.funders) {
    w.start("participating-org");
    w.attr("role", "1");
    if (f.iati_ref && !f.iati_ref->empty()) w.attr("ref", *f.iati_ref);
    w.narrative(f.name);
    w.end();
  }
  for (const char* role : {"2", "4"}) {
    w.start("participating-org");
    w.attr("role", role);
    w.attr("ref", org_ref);
    w.attr("type", "22");
    w.narrative(r.coordinator_name.empty() ? org_ref : r.coordinator_name);
    w.end();
  }
  if (!r.operator_name.empty()) {
    w.start("participating-org");
    w.attr("role", "4");
    w.attr("type", "70");  // private sector
    w.narrative(r.operator_name);
    w.end();
  }

  w.element("activity-status", {{"code", ended ? "3" : "2"}});  // finalisation / implementation

  // activity-date: planned start (1), actual start (2) once passed, planned end (3), actual
  // end (4) once passed. Without a start date, the first month anything happened.
  std::optional<std::string> start = p.starts_on;
  if ((!start || start->empty()) && !r.months.empty()) start = r.months.front() + "-01";
  if (start && !start->empty()) {
    if (p.starts_on) w.element("activity-date", {{"type", "1"}, {"iso-date", *start}});
    if (*start <= today) w.element("activity-date", {{"type", "2"}, {"iso-date", *start}});
  }
  if (p.ends_on && !p.ends_on->empty()) {
    w.element("activity-date", {{"type", "3"}, {"iso-date", *p.ends_on}});
    if (ended) w.element("activity-date", {{"type", "4"}, {"iso-date", *p.ends_on}});
  }

  w.element("recipient-country", {{"code", "FR"}, {"percentage", "100"}});
  // OECD DAC 3-digit sectors (vocabulary 2): communications, and refugees in donor countries.
  w.element("sector", {{"vocabulary", "2"}, {"code", "220"}, {"percentage", "50"}});
  w.element("sector", {{"vocabulary", "2"}, {"code", "930"}, {"percentage", "50"}});

  // The whole budget, over the programme's dates (a budget needs both ends).
  if (r.budget.total.budget_cents && p.starts_on && p.ends_on) {
    w.start("budget");
    w.attr("type", "1");    // original
    w.attr("status", "2");  // committed
    w.element("period-start", {{"iso-date", *p.starts_on}});
    w.element("period-end", {{"iso-date", *p.ends_on}});
    w.element("value", {{"currency", "EUR"}, {"value-date", *p.starts_on}},
              euros_plain(r.budget.total.budget_cents));
    w.end();
  }

  // Transactions: each funder's incoming commitment (11); what was paid to the operator for
  // the cards and top-ups, a disbursement (3); the other lines' spending, expenditures (4).
  // Cards and top-ups are not written as expenditures too: they would be counted twice.
  const std::string committed_on = p.starts_on && !p.starts_on->empty() ? *p.starts_on : today;
  auto transaction = [&](const char* type, const std::string& on, std::int64_t cents,
                         const std::string& description, auto&& orgs) {
    w.start("transaction");
    w.element("transaction-type", {{"code", type}});
    w.element("transaction-date", {{"iso-date", on}});
    w.element("value", {{"currency", "EUR"}, {"value-date", on}}, euros_plain(cents));
    if (!description.empty()) {
      w.start("description");
      w.narrative(description);
      w.end();
    }
    orgs();
    w.end();
  };
  auto coordinator_org = [&](const char* element) {
    w.start(element);
    w.attr("ref", org_ref);
    w.attr("type", "22");
    w.narrative(r.coordinator_name.empty() ? org_ref : r.coordinator_name);
    w.end();
  };
  for (const auto& f : r.budget.funders) {
    if (f.committed_cents <= 0) continue;
    transaction("11", committed_on, f.committed_cents, "Engagement du financeur " + f.name, [&] {
      w.start("provider-org");
      if (f.iati_ref && !f.iati_ref->empty()) w.attr("ref", *f.iati_ref);
      w.narrative(f.name);
      w.end();
      coordinator_org("receiver-org");
    });
  }
  std::int64_t to_operator = 0;
  for (const auto& l : r.budget.lines) {
    if ((l.category == "cards" || l.category == "topups") && l.spent_cents) {
      to_operator += *l.spent_cents;
    }
  }
  if (to_operator > 0) {
    transaction("3", today, to_operator, "Cartes SIM et recharges", [&] {
      coordinator_org("provider-org");
      w.start("receiver-org");
      w.attr("type", "70");
      w.narrative(r.operator_name);
      w.end();
    });
  }
  for (const auto& l : r.budget.lines) {
    if (l.category == "cards" || l.category == "topups") continue;
    if (!l.spent_cents || *l.spent_cents <= 0) continue;
    transaction("4", today, *l.spent_cents, label(l.category, Lang::kFr),
                [&] { coordinator_org("provider-org"); });
  }

  // The output: people connected, against the target. A hidden count is not written.
  const Figure& connected = r.budget.people_connected;
  const std::optional<std::string> period_start = start;
  const std::string period_end =
      p.ends_on && !p.ends_on->empty() && *p.ends_on < today ? *p.ends_on : today;
  w.start("result");
  w.attr("type", "1");  // output
  w.start("title");
  both(w, "Personnes connectées", "People connected");
  w.end();
  w.start("indicator");
  w.attr("measure", "1");  // unit
  w.attr("ascending", "1");
  w.start("title");
  both(w, "Personnes ayant reçu et activé une ligne", "People who received and activated a line");
  w.end();
  if (period_start && (p.target_people || connected.shown())) {
    w.start("period");
    w.element("period-start", {{"iso-date", *period_start}});
    w.element("period-end", {{"iso-date", period_end}});
    if (p.target_people) w.element("target", {{"value", std::to_string(*p.target_people)}});
    if (connected.shown()) w.element("actual", {{"value", std::to_string(connected.n)}});
    w.end();
  }
  w.end();  // indicator
  w.end();  // result

  w.end();  // iati-activity
  w.end();  // iati-activities
  return w.finish();
}

}  // namespace relais::docs
