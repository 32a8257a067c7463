// Feeds any bytes to the import of hosting structures (core/structure_import).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/structure_import.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const relais::StructureImport result = relais::parse_structure_file(text);
  // All or nothing is the caller's rule, but a line is either kept or reported.
  for (const auto& s : result.structures) {
    if (s.line < 2 || s.organisation.name.empty()) std::abort();
  }
  return 0;
}
