// The parts of a transaction, written once in SQL over the driver (store/sql/db.hpp). Cards
// alone has moves that each engine makes its own way (store/sql/cards.hpp).
#pragma once

#include <memory>

#include "store/store.hpp"
#include "store/sql/db.hpp"

namespace relais::store::sql {

std::unique_ptr<Accounts> make_accounts(Connection& conn);
std::unique_ptr<Operators> make_operators(Connection& conn);
std::unique_ptr<Requests> make_requests(Connection& conn);
std::unique_ptr<Packing> make_packing(Connection& conn);
std::unique_ptr<Shipments> make_shipments(Connection& conn);
std::unique_ptr<Audit> make_audit(Connection& conn);
std::unique_ptr<Residents> make_residents(Connection& conn);
std::unique_ptr<Sealed> make_sealed(Connection& conn);
std::unique_ptr<Lines> make_lines(Connection& conn);
std::unique_ptr<Results> make_results(Connection& conn);

}  // namespace relais::store::sql
