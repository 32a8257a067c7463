#include "app/results_exports.hpp"

#include <cctype>

#include "core/error.hpp"
#include "docs/results_exports.hpp"

namespace relais::app {

ResultsFile export_results(store::Store& store, const Actor& actor, std::int64_t programme_id,
                           const ResultsQuery& query, const std::string& format,
                           const std::string& lang) {
  if (lang != "fr" && lang != "en") {
    throw Error(ErrorKind::kBadRequest, "bad_parameter", {"lang", lang.substr(0, 10)});
  }
  const auto r = programme_results(store, actor, programme_id, query);
  // The programme's code in a file name: letters, digits, '-', '_' and '.' only.
  std::string code;
  for (char ch : r->programme_code.substr(0, 40)) {
    const bool plain = std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_' ||
                       ch == '.';
    code += plain ? ch : '_';
  }
  const std::string stem = (lang == "fr" ? "resultats-" : "results-") + code;
  if (format == "csv") {
    return {"text/csv; charset=utf-8", stem + ".csv", docs::results_csv(*r, lang)};
  }
  if (format == "xlsx") {
    return {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", stem + ".xlsx",
            docs::results_xlsx(*r, lang)};
  }
  if (format == "pdf") return {"application/pdf", stem + ".pdf", docs::results_pdf(*r, lang)};
  return {"application/xml; charset=utf-8", "iati-" + code + ".xml",
          docs::results_iati_xml(*r)};
}

}  // namespace relais::app
