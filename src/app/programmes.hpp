// Use cases of programmes: the list every role may read, and the coordinator's new programme.
#pragma once

#include <string>
#include <vector>

#include "app/actor.hpp"
#include "store/store.hpp"

namespace relais::app {

std::vector<store::ProgrammeRecord> list_programmes(store::Store& store, const Actor& actor);
// Coordinator: a programme handing out the cards of one plan.
store::ProgrammeRecord create_programme(store::Store& store, const Actor& actor,
                                        const std::string& code, const std::string& name,
                                        const std::string& operator_code,
                                        const std::string& plan_code);

}  // namespace relais::app
