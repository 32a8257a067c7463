// What the documents' tests share: reading a PDF's page count from its bytes.
#pragma once

#include <string>

namespace relais::docs::test_support {

// The /Count of the page tree, -1 when there is none.
inline int page_count(const std::string& pdf) {
  const auto pages = pdf.find("/Type /Pages");
  if (pages == std::string::npos) return -1;
  const auto count = pdf.find("/Count ", pages);
  if (count == std::string::npos) return -1;
  return std::stoi(pdf.substr(count + 7, 6));
}

}  // namespace relais::docs::test_support
