// Use cases of programmes: the list every role may read, and the coordinator's new programme.
#pragma once

#include <string>
#include <vector>

#include "app/actor.hpp"
#include "app/store_fwd.hpp"
#include "core/records/requests.hpp"

namespace relais::app {

std::vector<ProgrammeRecord> list_programmes(store::Store& store, const Actor& actor);
// Coordinator: a programme handing out the cards of one plan.
ProgrammeRecord create_programme(store::Store& store, const Actor& actor,
                                        const std::string& code, const std::string& name,
                                        const std::string& operator_code,
                                        const std::string& plan_code);

}  // namespace relais::app
