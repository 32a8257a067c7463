// Reads a file of hosting structures (CSV with a header row) into validated organisations,
// reporting every bad line: the caller stores all of them or none (DESIGN.md rule 3).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/organisation.hpp"

namespace relais {

struct StructureLine {
  int line = 0;
  Organisation organisation;
};

struct StructureImport {
  std::vector<StructureLine> structures;  // valid lines, in file order
  std::string name_column;                // the file's header of the name column
  LineErrors errors;  // the problems, with line and the column as the file names it
};

// Columns (any order, case-insensitive, French synonyms): name|nom, type|type_structure,
// capacity|capacite|places, address|adresse, postcode|code_postal|cp, commune|ville,
// department|departement|dept.
StructureImport parse_structure_file(std::string_view text);

}  // namespace relais
