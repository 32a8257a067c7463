// Use cases of programmes: the list every role may read, and the coordinator's new programme.
#pragma once

#include <string>
#include <vector>

#include "app/actor.hpp"
#include "app/store_fwd.hpp"
#include "core/records/requests.hpp"

namespace relais::app {

std::vector<ProgrammeRecord> list_programmes(store::Store& store, const Actor& actor);
// Coordinator: a programme handing out the cards of one plan; `helpline` (digits, spaces, "+",
// at most 30 characters), the number residents call, printed on their leaflets.
ProgrammeRecord create_programme(store::Store& store, const Actor& actor,
                                        const std::string& code, const std::string& name,
                                        const std::string& operator_code,
                                        const std::string& plan_code,
                                        const std::string& helpline = "");

}  // namespace relais::app
