// Feeds any bytes to the import of hosting structures (core/structure_import). A structure it
// keeps is whole and valid: the caller stores it as it is.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/department.hpp"
#include "core/structure_import.hpp"
#include "core/utf8.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const relais::StructureImport result = relais::parse_structure_file(text);
  for (const auto& s : result.structures) {
    const relais::Organisation& o = s.organisation;
    if (s.line < 2 || o.name.empty() || relais::utf8_length(o.name) > 200 || !o.structure_type ||
        !o.capacity || *o.capacity < 1 || *o.capacity > 100000 || !o.commune || !o.postcode ||
        o.postcode->size() != 5 || !o.department || !relais::find_department(*o.department) ||
        relais::first_invalid_utf8(o.name) != std::string_view::npos) {
      std::abort();
    }
  }
  return 0;
}
