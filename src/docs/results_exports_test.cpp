// The results' exports read back as their readers read them: the CSV parsed, the workbook
// opened by LibreOffice, the PDF's text extracted by poppler, the IATI file parsed by libxml2.
// The results come from core/results, with small counts hidden as the funder sees them.
#include "docs/results_exports.hpp"

#include <gtest/gtest.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/csv.hpp"
#include "core/department.hpp"
#include "docs/pdf_test_support.hpp"

namespace relais::docs {
namespace {

namespace fs = std::filesystem;

std::string iccid(int n) {
  std::string s = std::to_string(n);
  return "8933150319" + std::string(9 - s.size(), '0') + s;
}

// Five structures in five departments, all CADA but Seine-Saint-Denis' HUDA: 12 people connected
// in Paris, 20 in Seine-Saint-Denis, 3 in Corse-du-Sud (hidden: "< 5"), 7 in Guadeloupe (hidden
// too, or the 3 could be worked out from the total or the CADA's count) and none in
// Bouches-du-Rhône.
ResultFacts facts() {
  ResultFacts f;
  f.programme_id = 1;
  f.programme_code = "CU2020";
  f.programme_name = "Connexion d’urgence";
  f.plan_name = "SFR 20 Go";
  f.operator_name = "SFR";
  f.coordinator_name = "Emmaüs Connect";
  f.as_of = "2026-06-30T12:00:00Z";
  f.card_price_cents = 1000;
  f.topup_budget_cents = 500000;
  f.profile.target_people = 2500;
  f.profile.starts_on = "2026-03-01";
  f.profile.ends_on = "2026-12-31";
  f.budget_lines = {{"cards", 2500000, std::nullopt},
                    {"shipping", 300000, std::nullopt},
                    {"coordination", 1000000, 250050}};
  f.funders = {{1, "DIAIR", "XM-DAC-FR-DIAIR", std::nullopt, 6000, std::nullopt},
               {2, "Fondation Orange", std::nullopt, std::nullopt, std::nullopt, 1200000}};
  f.structures = {{1, "75", "CADA", 100},
                  {2, "93", "HUDA", 200},
                  {3, "2A", "CADA", 50},
                  {4, "971", "CADA", 40},
                  {5, "13", "CADA", 60}};
  f.batches = {{"2026-03-02T09:00:00Z", 100}};
  const std::vector<std::pair<std::int64_t, int>> connected = {{1, 12}, {2, 20}, {3, 3}, {4, 7}};
  int n = 0;
  const std::vector<std::string> languages = {"ar", "prs", "ps", "ti", "fr"};
  for (const auto& [structure, count] : connected) {
    f.requests.push_back({structure, structure, "2026-03-05T10:00:00Z"});
    for (int i = 0; i < count; ++i, ++n) {
      ResultCardRow c;
      c.iccid = iccid(n);
      c.structure_id = structure;
      c.request_id = structure;
      c.reserved_at = "2026-03-06T10:00:00Z";
      c.packed_at = "2026-03-10T10:00:00Z";
      c.shipped_at = "2026-03-11T10:00:00Z";
      c.delivered_at = "2026-03-13T10:00:00Z";
      c.handed_over_at = i % 2 == 0 ? "2026-03-20T10:00:00Z" : "2026-04-02T10:00:00Z";
      c.activated_at = i % 2 == 0 ? "2026-03-21T12:00:00Z" : "2026-04-03T15:00:00Z";
      f.cards.push_back(c);
      f.lines.push_back({c.iccid, false, 1 + n % 5, languages[static_cast<std::size_t>(n) % 5]});
    }
  }
  for (int i = 0; i < 20; ++i) {
    ResultFollowUpRow u;
    u.iccid = iccid(i);
    u.recorded_at = "2026-05-15T10:00:00Z";
    u.language = "ar";
    u.uses = i % 2 == 0 ? "family job_search" : "family schooling";
    u.still_used = i < 16;
    u.satisfaction = 3 + i % 3;
    if (i == 0) u.testimony = "J’appelle ma fille, \"enfin\", chaque soir";
    if (i > 0 && i < 5) u.testimony = "Merci pour la ligne (" + std::to_string(i) + ").";
    f.follow_ups.push_back(u);
  }
  for (int i = 0; i < 6; ++i) {
    f.topups.push_back(
        {iccid(i), "confirmed", "2026-05-01T10:00:00Z", "2026-05-02T10:00:00Z", 1500});
  }
  for (std::int64_t s = 1; s <= 4; ++s) {
    f.parcels.push_back({s, "2026-03-10T10:00:00Z", "2026-03-11T10:00:00Z", 1290});
  }
  return f;
}

ProgrammeResults results() { return compute_results(facts(), {}); }

const PlaceRow& department(const ProgrammeResults& r, const std::string& code) {
  for (const auto& d : r.departments) {
    if (d.key == code) return d;
  }
  throw std::runtime_error("no department " + code);
}

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void write(const fs::path& p, const std::string& bytes) {
  std::ofstream out(p, std::ios::binary);
  out << bytes;
}

// A private folder under the temporary directory, removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    std::string t = (fs::temp_directory_path() / "relais-test-XXXXXX").string();
    if (!mkdtemp(t.data())) throw std::runtime_error("mkdtemp");
    path_ = t;
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// Runs a shell command; its standard output, and its exit status in `status`.
std::string run(const std::string& command, int* status = nullptr) {
  std::string out;
  FILE* p = popen(command.c_str(), "r");
  if (!p) return out;
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  const int rc = pclose(p);
  if (status) *status = rc;
  return out;
}

bool have(const std::string& tool) {
  int status = 0;
  run("command -v " + tool + " >/dev/null 2>&1", &status);
  return status == 0;
}

std::vector<std::vector<std::string>> rows_of(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  for (auto& row : csv::parse(text).rows) rows.push_back(std::move(row.fields));
  return rows;
}

}  // namespace

// The fixture hides what the tests below expect hidden: if core/results changes its rule, the
// tests say so here first.
TEST(ResultsExport, FixtureHidesTheSmallCountAndItsComplement) {
  const auto r = results();
  EXPECT_EQ(department(r, "2A").connected.hidden, Hidden::kSmall);
  EXPECT_EQ(department(r, "971").connected.hidden, Hidden::kSecret);
  EXPECT_TRUE(department(r, "75").connected.shown());
  EXPECT_TRUE(r.departments_total.connected.shown());
}

TEST(ResultsExport, CsvHasHeadersHxlTagsAndTheDepartments) {
  const auto r = results();
  const std::string text = results_csv(r, "fr");
  EXPECT_NE(text.substr(0, 3), "\xEF\xBB\xBF");  // no BOM
  EXPECT_NE(text.find("\r\n"), std::string::npos);
  EXPECT_EQ(text.find('\n'), text.find("\r\n") + 1);
  const auto rows = rows_of(text);
  ASSERT_GE(rows.size(), 8u);
  EXPECT_EQ(rows[0],
            (std::vector<std::string>{
                "Code programme", "Code département", "Département", "Structures",
                "Places d’accueil", "Personnes connectées", "Personnes connectées pour 100 places",
                "Organisation de mise en œuvre", "Financeurs", "Cible", "Date des données"}));
  EXPECT_EQ(rows[1], (std::vector<std::string>{
                         "#activity+code", "#adm1+code", "#adm1+name", "#indicator+num+structures",
                         "#indicator+num+places", "#reached+ind", "#indicator+num+per100places",
                         "#org+impl", "#org+funding", "#targeted+ind", "#date+reported"}));
  // The departments, the total, the legend.
  ASSERT_EQ(rows.size(), 2u + 5u + 1u + 1u);
  std::map<std::string, std::vector<std::string>> by_code;
  for (std::size_t i = 2; i < 7; ++i) by_code[rows[i][1]] = rows[i];
  EXPECT_EQ(by_code["75"], (std::vector<std::string>{
                               "CU2020", "75", "Paris", "1", "100", "12", "12.0", "Emmaüs Connect",
                               "DIAIR ; Fondation Orange", "", "2026-06-30"}));
  EXPECT_EQ(by_code["93"][5], "20");
  EXPECT_EQ(by_code["93"][6], "10.0");
  // Hidden: the figure and the ratio that would tell it; the true counts (3 and 7) nowhere.
  EXPECT_EQ(by_code["2A"][5], "< 5");
  EXPECT_EQ(by_code["2A"][6], "");
  EXPECT_EQ(by_code["971"][5], "s");
  EXPECT_EQ(by_code["971"][6], "");
  for (const auto& code : {"2A", "971"}) {
    for (const auto& field : by_code[code]) {
      EXPECT_NE(field, "3");
      EXPECT_NE(field, "7");
    }
  }
  // The total row: no code, the target.
  EXPECT_EQ(rows[7], (std::vector<std::string>{"CU2020", "", "Total", "5", "450", "42", "9.3",
                                               "Emmaüs Connect", "DIAIR ; Fondation Orange", "2500",
                                               "2026-06-30"}));
  // The legend, last.
  EXPECT_NE(rows.back()[0].find("s\u202F: masqué pour qu’aucun effectif inférieur à 5"),
            std::string::npos);
  const auto en = rows_of(results_csv(r, "en"));
  EXPECT_EQ(en[0][4], "Reception places");
  EXPECT_EQ(en[1], rows[1]);
  EXPECT_NE(en.back()[0].find("s: hidden so that no count under 5 can be worked out"),
            std::string::npos);
}

TEST(ResultsExport, CsvQuotesAndDefusesFormulas) {
  auto r = results();
  r.coordinator_name = "=HYPERLINK(\"http://x\",\"a, b\")";
  r.budget.funders[0].name = "+33, \"quoted\"";
  const std::string text = results_csv(r, "en");
  const auto rows = rows_of(text);
  EXPECT_EQ(rows[2][7], "'=HYPERLINK(\"http://x\",\"a, b\")");
  EXPECT_EQ(rows[2][8], "'+33, \"quoted\" ; Fondation Orange");
  EXPECT_NE(text.find("\"'=HYPERLINK(\"\"http://x\"\",\"\"a, b\"\")\""), std::string::npos);
}

TEST(ResultsExport, XlsxOpensInLibreOfficeWithEverySheet) {
  if (!have("soffice")) GTEST_SKIP() << "LibreOffice (soffice) is not installed";
  const auto r = results();
  TempDir dir;
  const fs::path file = dir.path() / "results.xlsx";
  const std::string bytes = results_xlsx(r, "fr");
  ASSERT_EQ(bytes.substr(0, 2), "PK");
  write(file, bytes);
  const std::string command =
      "cd " + dir.path().string() + " && soffice -env:UserInstallation=file://" +
      (dir.path() / "profile").string() +
      " --headless --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,"
      "false,false,-1' --outdir " +
      dir.path().string() + " " + file.string() + " >/dev/null 2>&1";
  int status = 0;
  run(command, &status);
  ASSERT_EQ(status, 0);
  std::set<std::string> sheets;
  for (const auto& e : fs::directory_iterator(dir.path())) {
    const std::string name = e.path().filename().string();
    if (name.starts_with("results-") && name.ends_with(".csv")) {
      sheets.insert(name.substr(8, name.size() - 12));
    }
  }
  EXPECT_EQ(sheets,
            (std::set<std::string>{"Synthèse", "Budget", "Financeurs", "Entonnoir", "Délais",
                                   "Départements", "Types de structure", "Tailles de foyer",
                                   "Langues", "Usages", "Satisfaction", "Témoignages"}));
  const auto departments = rows_of(read(dir.path() / "results-Départements.csv"));
  ASSERT_EQ(departments.size(), 7u);
  EXPECT_EQ(departments[0], (std::vector<std::string>{
                                "Code département", "Département", "Structures", "Places d’accueil",
                                "Personnes connectées", "Personnes connectées pour 100 places"}));
  // Cell values as stored (the export does not format them): numbers are numbers.
  EXPECT_EQ(departments[1],
            (std::vector<std::string>{"13", "Bouches-du-Rhône", "1", "60", "0", "0"}));
  EXPECT_EQ(departments[2], (std::vector<std::string>{"2A", "Corse-du-Sud", "1", "50", "< 5", ""}));
  EXPECT_EQ(departments[3], (std::vector<std::string>{"75", "Paris", "1", "100", "12", "12"}));
  EXPECT_EQ(departments[5], (std::vector<std::string>{"971", "Guadeloupe", "1", "40", "s", ""}));
  EXPECT_EQ(departments[6], (std::vector<std::string>{"", "Total", "5", "450", "42", "9.3"}));
  const auto budget = rows_of(read(dir.path() / "results-Budget.csv"));
  ASSERT_GE(budget.size(), 3u);
  EXPECT_EQ(budget[0], (std::vector<std::string>{"Poste", "Budget (€)", "Engagé (€)", "Dépensé (€)",
                                                 "Reste (€)"}));
  // 42 cards handed over at 10 €; 6 top-ups of 15 €; 4 parcels at 12.90 €; 2,500.50 € of
  // coordination entered by hand.
  EXPECT_EQ(budget[1], (std::vector<std::string>{"Cartes SIM", "25000", "0", "420", "24580"}));
  EXPECT_EQ(budget[3], (std::vector<std::string>{"Expédition", "3000", "0", "51.6", "2948.4"}));
  EXPECT_EQ(budget.back(), (std::vector<std::string>{"Total", "43000", "0", "3062.1", "39937.9"}));
  // The summary's legend, in French.
  const std::string summary = read(dir.path() / "results-Synthèse.csv");
  EXPECT_NE(summary.find("s\u202F: masqué pour qu’aucun effectif inférieur à 5 ne puisse être "
                         "déduit"),
            std::string::npos);
}

TEST(ResultsExport, PdfHasTitleMapTablesAndFooters) {
  if (!have("pdftotext") || !have("pdfinfo")) GTEST_SKIP() << "poppler-utils is not installed";
  const auto r = results();
  TempDir dir;
  const fs::path file = dir.path() / "results.pdf";
  const std::string pdf = results_pdf(r, "fr");
  ASSERT_EQ(pdf.rfind("%PDF-", 0), 0u);
  write(file, pdf);
  const std::string text = run("pdftotext -layout " + file.string() + " -");
  EXPECT_NE(text.find("Connexion d’urgence"), std::string::npos);
  EXPECT_NE(text.find("Résultats · Données au 30 juin 2026"), std::string::npos);
  EXPECT_NE(text.find("Tout le programme"), std::string::npos);
  EXPECT_NE(text.find("Corse-du-Sud"), std::string::npos);
  EXPECT_NE(text.find("< 5"), std::string::npos);
  EXPECT_NE(text.find("Personnes connectées"), std::string::npos);
  EXPECT_NE(text.find("Personnes connectées pour 100 places d’accueil, par département"),
            std::string::npos);
  EXPECT_NE(text.find("De la demande à la livraison"), std::string::npos);
  EXPECT_NE(text.find("J’appelle ma fille"), std::string::npos);
  // Euros as French writes them (pdftotext reads U+202F as a space).
  EXPECT_NE(text.find("25 000,00 €"), std::string::npos);
  const std::string info = run("pdfinfo " + file.string());
  const auto at = info.find("Pages:");
  ASSERT_NE(at, std::string::npos);
  const int pages = std::stoi(info.substr(at + 6));
  EXPECT_GE(pages, 2);
  EXPECT_EQ(test_support::page_count(pdf), pages);
  EXPECT_NE(text.find("page " + std::to_string(pages) + " / " + std::to_string(pages)),
            std::string::npos);
  write(dir.path() / "en.pdf", results_pdf(r, "en"));
  const std::string en_text = run("pdftotext -layout " + (dir.path() / "en.pdf").string() + " -");
  EXPECT_NE(en_text.find("Results · Data as of 30 June 2026"), std::string::npos);
  EXPECT_NE(en_text.find("People connected per 100 reception places"), std::string::npos);
  if (const char* keep = std::getenv("RELAIS_KEEP_PDF")) write(keep, pdf);
  // The hidden departments' rows: their marks, never their counts (3 and 7).
  auto tokens_of_line = [&](const std::string& name) {
    const auto where = text.find(name);
    const auto start = text.rfind('\n', where) + 1;
    std::vector<std::string> tokens;
    std::string token;
    for (char c : text.substr(start, text.find('\n', where) - start) + " ") {
      if (c == ' ') {
        if (!token.empty()) tokens.push_back(token);
        token.clear();
      } else {
        token += c;
      }
    }
    return tokens;
  };
  const auto corse = tokens_of_line("Corse-du-Sud");
  EXPECT_EQ(std::count(corse.begin(), corse.end(), "3"), 0);
  // pdftotext reads "< 5" right-aligned in a narrow cell as "<5".
  EXPECT_EQ(std::count(corse.begin(), corse.end(), "<5"), 1);
  const auto guadeloupe = tokens_of_line("Guadeloupe");
  EXPECT_EQ(std::count(guadeloupe.begin(), guadeloupe.end(), "7"), 0);
  EXPECT_EQ(std::count(guadeloupe.begin(), guadeloupe.end(), "s"), 1);
}

// The title says which part of the programme the figures are about.
TEST(ResultsExport, PdfSaysTheFilterInWords) {
  if (!have("pdftotext")) GTEST_SKIP() << "poppler-utils is not installed";
  const auto r = compute_results(facts(), {"2026-03-01", "2026-04-30", "93", ""});
  TempDir dir;
  write(dir.path() / "filtered.pdf", results_pdf(r, "fr"));
  const std::string text =
      run("pdftotext -layout " + (dir.path() / "filtered.pdf").string() + " -");
  EXPECT_NE(text.find("Du 1er mars 2026 au 30 avril 2026 ; département 93 Seine-Saint-Denis"),
            std::string::npos);
}

// A programme in 40 departments: the PDF lists the 30 with most places and says how many
// more there are (the workbook has them all).
TEST(ResultsExport, PdfListsTheThirtyLargestDepartments) {
  if (!have("pdftotext")) GTEST_SKIP() << "poppler-utils is not installed";
  ResultFacts f = facts();
  f.structures.clear();
  f.cards.clear();
  f.lines.clear();
  f.follow_ups.clear();
  int n = 0;
  const auto& all = departments();
  for (std::size_t i = 0; i < 40; ++i) {
    const auto id = static_cast<std::int64_t>(i + 1);
    f.structures.push_back(
        {id, all[i * 2].code, i % 2 ? "CADA" : "HUDA", static_cast<std::int64_t>(50 + 10 * i)});
    for (std::size_t k = 0; k < 5 + 2 * i; ++k, ++n) {
      ResultCardRow c;
      c.iccid = iccid(n);
      c.structure_id = id;
      c.reserved_at = c.packed_at = c.shipped_at = c.delivered_at = "2026-03-10T10:00:00Z";
      c.handed_over_at = c.activated_at = "2026-04-01T10:00:00Z";
      f.cards.push_back(c);
    }
  }
  const auto r = compute_results(f, {});
  ASSERT_EQ(r.departments.size(), 40u);
  TempDir dir;
  const fs::path file = dir.path() / "many.pdf";
  write(file, results_pdf(r, "fr"));
  const std::string text = run("pdftotext -layout " + file.string() + " -");
  EXPECT_NE(text.find("… et 10 autres départements"), std::string::npos);
  // The largest is listed, the smallest is not.
  EXPECT_NE(text.find(find_department(all[78].code)->name), std::string::npos);
  EXPECT_EQ(text.find(" " + find_department(all[0].code)->name + " "), std::string::npos);
  if (const char* keep = std::getenv("RELAIS_KEEP_MANY_PDF")) write(keep, read(file));
}

namespace {

std::string name_of(const xmlNode* n) { return reinterpret_cast<const char*>(n->name); }

std::vector<const xmlNode*> children(const xmlNode* n) {
  std::vector<const xmlNode*> out;
  for (const xmlNode* c = n->children; c; c = c->next) {
    if (c->type == XML_ELEMENT_NODE) out.push_back(c);
  }
  return out;
}

std::optional<std::string> attr(const xmlNode* n, const char* name) {
  xmlChar* v = xmlGetProp(n, reinterpret_cast<const xmlChar*>(name));
  if (!v) return std::nullopt;
  std::string s(reinterpret_cast<const char*>(v));
  xmlFree(v);
  return s;
}

std::string content(const xmlNode* n) {
  xmlChar* v = xmlNodeGetContent(n);
  std::string s = v ? reinterpret_cast<const char*>(v) : "";
  xmlFree(v);
  return s;
}

// The children of iati-activity in the IATI 2.03 schema (iati-activities-schema.xsd).
const std::vector<std::string> kActivityOrder = {"iati-identifier",
                                                 "reporting-org",
                                                 "title",
                                                 "description",
                                                 "participating-org",
                                                 "other-identifier",
                                                 "activity-status",
                                                 "activity-date",
                                                 "contact-info",
                                                 "activity-scope",
                                                 "recipient-country",
                                                 "recipient-region",
                                                 "location",
                                                 "sector",
                                                 "country-budget-items",
                                                 "humanitarian-scope",
                                                 "policy-marker",
                                                 "collaboration-type",
                                                 "default-flow-type",
                                                 "default-finance-type",
                                                 "default-aid-type",
                                                 "default-tied-status",
                                                 "budget",
                                                 "planned-disbursement",
                                                 "capital-spend",
                                                 "transaction",
                                                 "document-link",
                                                 "related-activity",
                                                 "legacy-data",
                                                 "conditions",
                                                 "result",
                                                 "crs-add",
                                                 "fss"};
const std::vector<std::string> kTransactionOrder = {
    "transaction-type", "transaction-date",     "value",    "description",       "provider-org",
    "receiver-org",     "disbursement-channel", "sector",   "recipient-country", "recipient-region",
    "flow-type",        "finance-type",         "aid-type", "tied-status"};

// Each child's name is in `order`, at or after the previous child's.
void expect_in_order(const xmlNode* parent, const std::vector<std::string>& order) {
  std::size_t at = 0;
  for (const xmlNode* c : children(parent)) {
    auto it = std::find(order.begin(), order.end(), name_of(c));
    ASSERT_NE(it, order.end()) << name_of(c) << " in " << name_of(parent);
    const auto i = static_cast<std::size_t>(it - order.begin());
    EXPECT_GE(i, at) << name_of(c) << " after " << order[at];
    at = i;
  }
}

struct Xml {
  explicit Xml(const std::string& text)
      : doc(xmlReadMemory(text.data(), static_cast<int>(text.size()), "iati.xml", nullptr,
                          XML_PARSE_NONET)) {}
  ~Xml() { xmlFreeDoc(doc); }
  xmlDoc* doc;
};

}  // namespace

TEST(ResultsExport, IatiActivityFollowsTheSchemaOrder) {
  const auto r = results();
  const std::string text = results_iati_xml(r);
  Xml xml(text);
  ASSERT_NE(xml.doc, nullptr);
  const xmlNode* root = xmlDocGetRootElement(xml.doc);
  ASSERT_EQ(name_of(root), "iati-activities");
  EXPECT_EQ(attr(root, "version"), "2.03");
  EXPECT_EQ(attr(root, "generated-datetime"), "2026-06-30T12:00:00Z");
  const auto activities = children(root);
  ASSERT_EQ(activities.size(), 1u);
  const xmlNode* a = activities[0];
  EXPECT_EQ(attr(a, "default-currency"), "EUR");
  EXPECT_TRUE(attr(a, "last-updated-datetime"));
  expect_in_order(a, kActivityOrder);
  std::map<std::string, std::vector<const xmlNode*>> by;
  for (const xmlNode* c : children(a)) by[name_of(c)].push_back(c);
  ASSERT_EQ(by["iati-identifier"].size(), 1u);
  EXPECT_EQ(content(by["iati-identifier"][0]), "XM-RELAIS-CU2020");
  ASSERT_EQ(by["reporting-org"].size(), 1u);
  EXPECT_EQ(attr(by["reporting-org"][0], "ref"), "XM-RELAIS");
  EXPECT_TRUE(attr(by["reporting-org"][0], "type"));
  for (const char* with_narrative : {"reporting-org", "title", "description"}) {
    ASSERT_FALSE(by[with_narrative].empty()) << with_narrative;
    const auto kids = children(by[with_narrative][0]);
    ASSERT_FALSE(kids.empty()) << with_narrative;
    EXPECT_EQ(name_of(kids[0]), "narrative");
    EXPECT_FALSE(content(kids[0]).empty());
  }
  std::multiset<std::string> roles;
  for (const xmlNode* p : by["participating-org"]) {
    const auto role = attr(p, "role");
    ASSERT_TRUE(role);
    EXPECT_TRUE(std::set<std::string>({"1", "2", "3", "4"}).count(*role)) << *role;
    roles.insert(*role);
  }
  EXPECT_EQ(roles.count("1"), 2u);  // DIAIR, Fondation Orange
  EXPECT_EQ(roles.count("2"), 1u);
  EXPECT_EQ(roles.count("4"), 2u);  // the coordinator and the operator
  ASSERT_EQ(by["activity-status"].size(), 1u);
  EXPECT_EQ(attr(by["activity-status"][0], "code"), "2");
  std::set<std::string> date_types;
  for (const xmlNode* d : by["activity-date"]) {
    ASSERT_TRUE(attr(d, "iso-date"));
    date_types.insert(attr(d, "type").value_or(""));
  }
  EXPECT_EQ(date_types, (std::set<std::string>{"1", "2", "3"}));
  std::map<std::string, std::string> sectors;
  for (const xmlNode* s : by["sector"]) {
    EXPECT_EQ(attr(s, "vocabulary"), "2");
    sectors[attr(s, "code").value_or("")] = attr(s, "percentage").value_or("");
  }
  EXPECT_EQ(sectors, (std::map<std::string, std::string>{{"220", "50"}, {"930", "50"}}));
  ASSERT_EQ(by["budget"].size(), 1u);
  {
    const auto kids = children(by["budget"][0]);
    ASSERT_EQ(kids.size(), 3u);
    EXPECT_EQ(attr(kids[0], "iso-date"), "2026-03-01");
    EXPECT_EQ(attr(kids[1], "iso-date"), "2026-12-31");
    EXPECT_EQ(content(kids[2]), "43000.00");  // cards, shipping, coordination, top-ups
    EXPECT_TRUE(attr(kids[2], "value-date"));
  }
  std::multiset<std::string> types;
  for (const xmlNode* t : by["transaction"]) {
    expect_in_order(t, kTransactionOrder);
    const auto kids = children(t);
    ASSERT_GE(kids.size(), 3u);
    EXPECT_EQ(name_of(kids[0]), "transaction-type");
    const std::string type = attr(kids[0], "code").value_or("");
    EXPECT_TRUE(std::set<std::string>({"1", "2", "3", "4", "11"}).count(type)) << type;
    types.insert(type);
    EXPECT_TRUE(attr(kids[1], "iso-date"));
    EXPECT_TRUE(attr(kids[2], "value-date"));
  }
  EXPECT_EQ(types.count("11"), 2u);
  EXPECT_EQ(types.count("3"), 1u);  // the operator: 420 € of cards and 90 € of top-ups
  EXPECT_EQ(types.count("4"), 2u);  // shipping, coordination
  EXPECT_NE(text.find(R"(<value currency="EUR" value-date="2026-06-30">510.00</value>)"),
            std::string::npos);
  ASSERT_EQ(by["result"].size(), 1u);
  EXPECT_EQ(attr(by["result"][0], "type"), "1");
  EXPECT_NE(text.find("<target value=\"2500\"/>"), std::string::npos);
  EXPECT_NE(text.find("<actual value=\"42\"/>"), std::string::npos);

  if (have("xmllint")) {
    TempDir dir;
    write(dir.path() / "iati.xml", text);
    int status = 0;
    run("xmllint --noout " + (dir.path() / "iati.xml").string() + " 2>&1", &status);
    EXPECT_EQ(status, 0);
  }
}

// A hidden count of people is not written: no actual value in the result.
TEST(ResultsExport, IatiLeavesOutAHiddenCount) {
  auto r = results();
  r.budget.people_connected = {3, Hidden::kSmall};
  r.profile.iati_identifier = "FR-RNA-W751234567-CU2020";
  r.profile.iati_org_ref = "FR-RNA-W751234567";
  r.profile.ends_on = "2026-05-31";  // past: the activity is being finalised
  const std::string text = results_iati_xml(r);
  EXPECT_EQ(text.find("<actual"), std::string::npos);
  EXPECT_NE(text.find(R"(<activity-status code="3"/>)"), std::string::npos);
  EXPECT_NE(text.find(R"(<activity-date type="4" iso-date="2026-05-31"/>)"), std::string::npos);
  EXPECT_NE(text.find("<iati-identifier>FR-RNA-W751234567-CU2020</iati-identifier>"),
            std::string::npos);
  EXPECT_NE(text.find("<reporting-org ref=\"FR-RNA-W751234567\""), std::string::npos);
}

// A programme that has not started yet: nothing to count, every export still written.
TEST(ResultsExport, AnEmptyProgrammeExportsEveryFormat) {
  ResultFacts f;
  f.programme_code = "NEW";
  f.programme_name = "Nouveau programme";
  f.as_of = "2026-01-15T08:00:00Z";
  const auto r = compute_results(f, {});
  const auto rows = rows_of(results_csv(r, "en"));
  ASSERT_EQ(rows.size(), 3u);  // headers, tags, the total
  EXPECT_EQ(rows[2], (std::vector<std::string>{"NEW", "", "Total", "0", "0", "0", "", "", "", "",
                                               "2026-01-15"}));
  EXPECT_EQ(results_xlsx(r, "fr").substr(0, 2), "PK");
  const std::string pdf = results_pdf(r, "fr");
  EXPECT_GE(test_support::page_count(pdf), 1);
  Xml xml(results_iati_xml(r));
  EXPECT_NE(xml.doc, nullptr);
}

}  // namespace relais::docs
