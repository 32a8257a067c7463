#include "docs/results_exports.hpp"
#include "docs/pdf.hpp"
namespace relais::docs {
std::string results_pdf(const ProgrammeResults& r, std::string_view) {
  Pdf pdf(210 * kMm, 297 * kMm);
  text(pdf.cr(), 20, 20, 400, r.programme_name, "Noto Sans 12");
  pdf.next_page();
  return pdf.finish();
}
}
