// The cards part, in SQL both engines read alike. The moves of many cards at once (an
// import, the allocation's reservations) are virtual: each engine has its own fast way.
#pragma once

#include "store/cards.hpp"
#include "store/sql/db.hpp"

namespace relais::store::sql {

class SqlCards : public Cards {
 public:
  explicit SqlCards(Connection& conn) : conn_(conn) {}

  // One INSERT per card (what SQLite does fastest), and the holder looked up when refused.
  std::vector<RefusedCard> insert_sims(const std::vector<SimRecord>& cards) override;
  std::optional<SimRecord> sim(std::string_view iccid) override;
  Page<SimRecord> sims(const SimQuery& query) override;
  void update_sim_state(std::string_view iccid, SimState state,
                        std::optional<std::int64_t> holder_id, std::string_view at) override;
  void insert_sim_event(const SimEventRecord& event) override;
  std::vector<SimEventRecord> sim_events(std::string_view iccid) override;
  void add_state_count(std::int64_t batch_id, SimState state, std::int64_t delta) override;
  std::vector<StateCount> state_counts() override;
  std::vector<StateCount> counted_states() override;
  std::int64_t cards_held_by(std::int64_t structure_id) override;
  std::int64_t cards_coming_to(std::int64_t structure_id, std::int64_t except) override;
  std::vector<std::pair<std::int64_t, std::int64_t>> in_stock_by_plan() override;
  // By ICCID, batch after batch (row stays 0).
  std::vector<Reservation> in_stock_cards(std::int64_t plan_id, std::int64_t limit) override;
  std::vector<Reservation> reserved_for(std::int64_t request_id) override;
  std::int64_t count_cards_of_request(std::int64_t request_id, SimState state) override;
  void release_sim(std::string_view iccid, std::string_view at) override;
  void set_card_destination(std::string_view iccid, std::optional<std::int64_t> request_id,
                            std::optional<std::int64_t> packing_order_id) override;

 protected:
  // The batches of a plan, oldest first: the order the allocation takes cards in.
  std::vector<std::int64_t> batches_of_plan(std::int64_t plan_id);
  // The reserve events of the cards listed in the temporary table `reservations`
  // (iccid, request_id, seq), in seq order: both engines' reserve_sims end with it.
  void insert_reserve_events(std::string_view at, std::optional<std::int64_t> actor_user_id,
                             std::string_view actor);
  std::vector<StateCount> read_counts(const std::string& sql);

  Connection& conn_;
};

}  // namespace relais::store::sql
