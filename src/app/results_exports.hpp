// A programme's results as files to take away (issue 13): CSV with HXL hashtags, XLSX, a PDF
// report and the programme as an IATI 2.03 activity, made by src/docs from the same disclosed
// results as the dashboard.
#pragma once

#include <cstdint>
#include <string>

#include "app/actor.hpp"
#include "app/results.hpp"
#include "app/store_fwd.hpp"

namespace relais::app {

struct ResultsFile {
  std::string content_type;
  std::string filename;
  std::string bytes;
};

// `format`: csv, xlsx, pdf or iati; `lang`: fr or en (400 bad_parameter otherwise). The same
// rights and filters as programme_results.
ResultsFile export_results(store::Store& store, const Actor& actor, std::int64_t programme_id,
                           const ResultsQuery& query, const std::string& format,
                           const std::string& lang);

}  // namespace relais::app
