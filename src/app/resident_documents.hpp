// The documents a structure prints or shows a resident, in the resident's language: the leaflet
// of their line (with its PUK, read and audited), the information notice read before consent, and
// the export of everything Relais holds on them. These use cases check who asks and gather the
// data; src/docs draws them. Also: the catalogues' languages, and whether someone checked each.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/actor.hpp"
#include "app/sealer.hpp"
#include "app/store_fwd.hpp"

namespace relais::app {

// `lang`: one of the 20 languages (the resident's first language when absent); 422 otherwise.
// 409 no_line when the resident holds no line.
std::string leaflet_pdf(store::Store& store, const Sealer& sealer, const Actor& actor,
                        std::int64_t resident_id, const std::optional<std::string>& lang);
std::string notice_pdf(store::Store& store, const Actor& actor, std::int64_t resident_id,
                       const std::optional<std::string>& lang);
std::string export_pdf(store::Store& store, const Sealer& sealer, const Actor& actor,
                       std::int64_t resident_id, const std::optional<std::string>& lang);

struct Translation {
  std::string language;    // "ti"
  std::string translator;  // who translated it
  std::string checked_by;  // who checked it; empty: nobody yet
};
// The catalogues of the residents' documents, one per language.
std::vector<Translation> translations();

// Days the personal data of a resident is kept after their last line ends: the setting
// `retention_days`, 180 by default.
int retention_days(store::Store& store);

}  // namespace relais::app
