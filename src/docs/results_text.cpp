#include "docs/results_text.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <map>
#include <utility>
#include <vector>

#include "core/department.hpp"
#include "core/needs.hpp"
#include "docs/writing.hpp"

namespace relais::docs::results_text {
namespace {

// U+202F NARROW NO-BREAK SPACE: French puts it between thousands and before : ; ? !
constexpr std::string_view kNarrow = "\u202F";

using Pair = std::pair<std::string_view, std::string_view>;  // French, English

const std::map<std::string_view, Pair>& labels() {
  static const std::map<std::string_view, Pair> all = {
      // Titles and fixed words.
      {"results", {"Résultats", "Results"}},
      {"programme", {"Programme", "Programme"}},
      {"operator", {"Opérateur", "Operator"}},
      {"plan", {"Forfait", "Plan"}},
      {"coordinator", {"Coordination", "Coordinator"}},
      {"as_of", {"Données au", "Data as of"}},
      {"filter", {"Périmètre", "Scope"}},
      {"whole_programme", {"Tout le programme", "Whole programme"}},
      {"period", {"Période", "Period"}},
      {"from", {"depuis le", "from"}},
      {"to", {"jusqu’au", "to"}},
      {"department", {"Département", "Department"}},
      {"structure_type", {"Type de structure", "Structure type"}},
      {"people_connected", {"Personnes connectées", "People connected"}},
      {"cost_per_person", {"Coût par personne", "Cost per person"}},
      {"cost_per_person_eur", {"Coût par personne (€)", "Cost per person (€)"}},
      {"still_used_rate", {"Lignes encore utilisées", "Lines still used"}},
      {"still_used_rate_pct", {"Lignes encore utilisées (%)", "Lines still used (%)"}},
      {"satisfaction_mean", {"Satisfaction moyenne", "Mean satisfaction"}},
      {"satisfaction_mean_5", {"Satisfaction moyenne (sur 5)", "Mean satisfaction (out of 5)"}},
      {"target", {"Cible", "Target"}},
      {"legend", {"Légende", "Legend"}},
      {"key_figures", {"Chiffres clés", "Key figures"}},
      {"funnel_chart", {"De la réception à l’usage (total)", "From receipt to use (total)"}},
      {"active_chart", {"Lignes activées par mois", "Lines activated by month"}},
      {"map",
       {"Personnes connectées pour 100 places d’accueil, par département",
        "People connected per 100 reception places, by department"}},
      {"map_none", {"Aucune structure", "No structure"}},
      {"map_hidden", {"Effectif masqué", "Count hidden"}},
      {"no_data", {"Aucune donnée", "No data"}},
      // Tables.
      {"budget", {"Budget", "Budget"}},
      {"budget_line", {"Poste", "Budget line"}},
      {"budget_eur", {"Budget (€)", "Budget (€)"}},
      {"committed_eur", {"Engagé (€)", "Committed (€)"}},
      {"spent_eur", {"Dépensé (€)", "Spent (€)"}},
      {"left_eur", {"Reste (€)", "Left (€)"}},
      {"committed", {"Engagé", "Committed"}},
      {"spent", {"Dépensé", "Spent"}},
      {"left", {"Reste", "Left"}},
      {"funders", {"Financeurs", "Funders"}},
      {"funder", {"Financeur", "Funder"}},
      {"iati_ref", {"Identifiant IATI", "IATI identifier"}},
      {"scope", {"Finance", "Pays for"}},
      {"share_pct", {"Part (%)", "Share (%)"}},
      {"funnel", {"Entonnoir", "Funnel"}},
      {"stage", {"Étape", "Stage"}},
      {"month", {"Mois", "Month"}},
      {"year", {"Année", "Year"}},
      {"unknown", {"Non renseigné", "Not recorded"}},
      {"total", {"Total", "Total"}},
      {"lead_times", {"Délais", "Lead times"}},
      {"measure", {"Mesure", "Measure"}},
      {"count", {"Nombre", "Count"}},
      {"median_hours", {"Médiane (heures)", "Median (hours)"}},
      {"p90_hours", {"9ᵉ décile (heures)", "90th percentile (hours)"}},
      {"departments", {"Départements", "Departments"}},
      {"department_code", {"Code département", "Department code"}},
      {"code", {"Code", "Code"}},
      {"structures", {"Structures", "Structures"}},
      {"places", {"Places d’accueil", "Reception places"}},
      {"per_100_places",
       {"Personnes connectées pour 100 places", "People connected per 100 places"}},
      {"per_100", {"Pour 100 places", "Per 100 places"}},
      {"structure_types", {"Types de structure", "Structure types"}},
      {"household_sizes", {"Tailles de foyer", "Household sizes"}},
      {"household_size", {"Personnes dans le foyer", "People in the household"}},
      {"languages", {"Langues", "Languages"}},
      {"language", {"Langue", "Language"}},
      {"language_code", {"Code langue", "Language code"}},
      {"people", {"Personnes", "People"}},
      {"uses", {"Usages", "Uses"}},
      {"use", {"Usage", "Use"}},
      {"satisfaction", {"Satisfaction", "Satisfaction"}},
      {"score", {"Note (1 à 5)", "Score (1 to 5)"}},
      {"answers", {"Réponses", "Answers"}},
      {"still_used", {"Encore utilisées", "Still used"}},
      {"not_used", {"Plus utilisées", "Not used"}},
      {"surveys", {"Enquêtes de suivi", "Follow-up surveys"}},
      {"testimonies", {"Témoignages", "Testimonies"}},
      {"testimony", {"Témoignage", "Testimony"}},
      {"summary", {"Synthèse", "Summary"}},
      {"programme_code", {"Code programme", "Programme code"}},
      {"implementing_org", {"Organisation de mise en œuvre", "Implementing organisation"}},
      {"date_reported", {"Date des données", "Date reported"}},
      {"more_departments",
       {"… et {} autres départements (voir l’export XLSX)",
        "… and {} more departments (see the XLSX export)"}},
      {"page", {"page {} / {}", "page {} of {}"}},
      // The funnel's stages.
      {"received", {"Reçues", "Received"}},
      {"allocated", {"Attribuées", "Allocated"}},
      {"packed", {"Emballées", "Packed"}},
      {"shipped", {"Expédiées", "Shipped"}},
      {"delivered", {"Livrées", "Delivered"}},
      {"handed_over", {"Remises", "Handed over"}},
      {"active", {"Activées", "Active"}},
      // "still_used" above.
      // Lead times.
      {"request_to_delivery", {"De la demande à la livraison", "Request to delivery"}},
      {"delivery_to_handover", {"De la livraison à la remise", "Delivery to handover"}},
      {"handover_to_activation", {"De la remise à l’activation", "Handover to activation"}},
      // Budget lines.
      {"cards", {"Cartes SIM", "SIM cards"}},
      {"topups", {"Recharges", "Top-ups"}},
      {"shipping", {"Expédition", "Shipping"}},
      {"devices", {"Équipements", "Devices"}},
      {"training", {"Formation", "Training"}},
      {"coordination", {"Coordination", "Coordination"}},
      // Uses.
      {"family", {"Famille", "Family"}},
      {"job_search", {"Recherche d’emploi", "Job search"}},
      {"schooling", {"Scolarité", "Schooling"}},
      {"procedures", {"Démarches", "Procedures"}},
      {"health", {"Santé", "Health"}},
      {"other", {"Autre", "Other"}},
  };
  return all;
}

// `digits` grouped by three from the right with `separator`.
std::string grouped(std::string digits, std::string_view separator) {
  std::string out;
  const std::size_t n = digits.size();
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0 && (n - i) % 3 == 0) out += separator;
    out += digits[i];
  }
  return out;
}

std::string two_digits(std::int64_t n) {
  return std::string(1, static_cast<char>('0' + n / 10)) + static_cast<char>('0' + n % 10);
}

}  // namespace

Lang lang_of(std::string_view lang) { return lang == "en" ? Lang::kEn : Lang::kFr; }

std::string label(std::string_view key, Lang lang) {
  const auto& all = labels();
  auto it = all.find(key);
  if (it == all.end()) return std::string(key);
  return std::string(lang == Lang::kEn ? it->second.second : it->second.first);
}

std::string fill(std::string_view pattern, std::initializer_list<std::string> args) {
  std::string out;
  auto arg = args.begin();
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern.compare(i, 2, "{}") == 0 && arg != args.end()) {
      out += *arg++;
      ++i;
    } else {
      out += pattern[i];
    }
  }
  return out;
}

std::string figure(const Figure& f) {
  switch (f.hidden) {
    case Hidden::kSmall:
      return "< 5";
    case Hidden::kSecret:
      return "s";
    case Hidden::kNo:
      break;
  }
  return std::to_string(f.n);
}

std::string legend(Lang lang) {
  if (lang == Lang::kEn) {
    return "< 5: fewer than 5 people, hidden; s: hidden so that no count under 5 can be worked "
           "out";
  }
  return "< 5" + std::string(kNarrow) + ": moins de 5 personnes, masqué" + std::string(kNarrow) +
         "; s" + std::string(kNarrow) +
         ": masqué pour qu’aucun effectif inférieur à 5 ne puisse être "
         "déduit";
}

std::string euros(std::optional<std::int64_t> cents, Lang lang) {
  if (!cents) return "—";
  const bool negative = *cents < 0;
  const std::int64_t abs = negative ? -*cents : *cents;
  const std::string units = std::to_string(abs / 100), hundredths = two_digits(abs % 100);
  if (lang == Lang::kEn) {
    return std::string(negative ? "-" : "") + "€" + grouped(units, ",") + "." + hundredths;
  }
  return std::string(negative ? "−" : "") + grouped(units, kNarrow) + "," + hundredths +
         std::string(kNarrow) + "€";
}

std::string euros_plain(std::optional<std::int64_t> cents) {
  if (!cents) return "";
  const bool negative = *cents < 0;
  const std::int64_t abs = negative ? -*cents : *cents;
  return std::string(negative ? "-" : "") + std::to_string(abs / 100) + "." + two_digits(abs % 100);
}

std::string decimal_plain(std::optional<double> x) {
  if (!x) return "";
  // to_chars, not printf: a point whatever the process's locale.
  char buf[32];
  const auto end = std::to_chars(buf, buf + sizeof buf, *x, std::chars_format::fixed, 1).ptr;
  return std::string(buf, end);
}

std::string decimal(std::optional<double> x, Lang lang) {
  if (!x) return "—";
  std::string s = decimal_plain(x);
  if (lang == Lang::kFr) {
    for (char& c : s) {
      if (c == '.') c = ',';
    }
    if (!s.empty() && s[0] == '-') s = "−" + s.substr(1);
  }
  return s;
}

std::string whole(std::int64_t n, Lang lang) {
  const bool negative = n < 0;
  const std::string digits = std::to_string(negative ? -n : n);
  return std::string(negative ? "-" : "") +
         grouped(digits, lang == Lang::kEn ? std::string_view(",") : kNarrow);
}

std::string date_words(std::string_view iso, Lang lang) {
  return date_text(lang == Lang::kEn ? "en" : "fr", iso.substr(0, 10));
}

std::string filter_words(const ResultsFilter& f, Lang lang) {
  std::vector<std::string> parts;
  const bool fr = lang == Lang::kFr;
  if (!f.from.empty() && !f.to.empty()) {
    parts.push_back(fr ? "du " + date_words(f.from, lang) + " au " + date_words(f.to, lang)
                       : "from " + date_words(f.from, lang) + " to " + date_words(f.to, lang));
  } else if (!f.from.empty()) {
    parts.push_back(label("from", lang) + " " + date_words(f.from, lang));
  } else if (!f.to.empty()) {
    parts.push_back(label("to", lang) + " " + date_words(f.to, lang));
  }
  if (!f.department.empty()) {
    std::string d = f.department;
    if (auto dep = find_department(f.department)) d += " " + dep->name;
    parts.push_back((fr ? "département " : "department ") + d);
  }
  if (!f.structure_type.empty()) {
    parts.push_back((fr ? "structures " : "structures ") + label(f.structure_type, lang));
  }
  if (parts.empty()) return label("whole_programme", lang);
  std::string out;
  for (const auto& p : parts) {
    out += out.empty() ? "" : (fr ? "\u202F; " : "; ");
    out += p;
  }
  out[0] = static_cast<char>(out[0] >= 'a' && out[0] <= 'z' ? out[0] - 'a' + 'A' : out[0]);
  return out;
}

std::string language_name(std::string_view code, Lang lang) {
  if (code == "unknown") return label("unknown", lang);
  const Language* l = find_language(code);
  if (!l) return std::string(code);
  return std::string(lang == Lang::kEn ? l->english : l->french);
}

std::string month_name(std::string_view month, Lang lang, bool short_form) {
  if (month.size() != 7 || month[4] != '-') return std::string(month);
  const int m = (month[5] - '0') * 10 + (month[6] - '0');
  if (m < 1 || m > 12) return std::string(month);
  if (short_form) {
    return std::string(month.substr(5, 2)) + "/" + std::string(month.substr(2, 2));
  }
  static constexpr std::array<std::string_view, 12> kFr = {
      "janvier", "février", "mars",      "avril",   "mai",      "juin",
      "juillet", "août",    "septembre", "octobre", "novembre", "décembre"};
  static constexpr std::array<std::string_view, 12> kEn = {
      "January", "February", "March",     "April",   "May",      "June",
      "July",    "August",   "September", "October", "November", "December"};
  return std::string((lang == Lang::kEn ? kEn : kFr)[m - 1]) + " " +
         std::string(month.substr(0, 4));
}

std::string month_abbreviated(std::string_view month, Lang lang) {
  if (month.size() != 7 || month[4] != '-') return std::string(month);
  const int m = (month[5] - '0') * 10 + (month[6] - '0');
  if (m < 1 || m > 12) return std::string(month);
  static constexpr std::array<std::string_view, 12> kFr = {
      "janv.", "févr.", "mars", "avr.", "mai", "juin",
      "juil.", "août",  "sept.", "oct.", "nov.", "déc."};
  static constexpr std::array<std::string_view, 12> kEn = {"Jan", "Feb", "Mar", "Apr",
                                                           "May", "Jun", "Jul", "Aug",
                                                           "Sep", "Oct", "Nov", "Dec"};
  return std::string((lang == Lang::kEn ? kEn : kFr)[m - 1]) + " " +
         std::string(month.substr(0, 4));
}

}  // namespace relais::docs::results_text
