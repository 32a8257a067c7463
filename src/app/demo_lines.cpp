// The demo's lines in use (issue 12), made through the use cases where the chain has one
// (incidents, blocks, replacements, the operator's reports, follow-ups), and written with the
// dates of a living operation where only time makes them (activations in 2020, top-ups).
#include <algorithm>
#include <chrono>
#include <tuple>

#include "app/clock.hpp"
#include "app/demo.hpp"
#include "app/lines.hpp"
#include "app/residents.hpp"
#include "app/sims.hpp"
#include "store/store.hpp"

namespace relais::app {

void demo_lines(store::Store& store, const Organisation& home) {
  const Actor coordinator = demo_actor(store, Role::kCoordinator, 1);
  const Actor at_home = demo_actor(store, Role::kStructure, home.id);
  std::int64_t operator_org = 0;
  std::int64_t programme = 0;
  {
    auto tx = store.begin(store::Mode::kRead);
    operator_org = tx->accounts().user_by_email("operator@demo.relais")->organisation_id;
    programme = tx->requests().programme_by_code("CU-2020")->id;
  }
  const Actor sfr = demo_actor(store, Role::kOperator, operator_org);
  // 2,000 € of top-ups: the 2020 rounds took 36 of them.
  update_programme_lines(store, coordinator, programme, {200000, false, std::nullopt, std::nullopt, false});

  // Two spare cards sent to the structure in 2020 with the others' replacements in mind: the
  // last two in stock (the allocations take the first).
  {
    auto tx = store.begin(store::Mode::kWrite);
    store::SimQuery stock;
    stock.state = SimState::kInStock;
    stock.limit = 1;
    const auto total = tx->cards().sims(stock).total;
    std::vector<SimRecord> spare;
    stock.limit = 200;
    for (;;) {
      auto page = tx->cards().sims(stock);
      for (auto& c : page.items) spare.push_back(std::move(c));
      if (!page.next || static_cast<std::int64_t>(spare.size()) >= total) break;
      stock.after = page.next;
      if (spare.size() > 400) spare.erase(spare.begin(), spare.end() - 2);
    }
    spare.erase(spare.begin(), spare.end() - 2);
    for (auto card : spare) {
      for (const auto& [transition, holder, at, why] :
           std::vector<std::tuple<const char*, std::optional<std::int64_t>, const char*, std::string>>{
               {"reserve", std::nullopt, "2020-05-04T09:00:00Z", "cartes de remplacement pour " + home.name},
               {"pack", std::nullopt, "2020-05-05T14:00:00Z", "colis préparé par ARES"},
               {"ship", std::nullopt, "2020-05-06T10:00:00Z", "colis expédié"},
               {"deliver", home.id, "2020-05-07T11:00:00Z", "colis reçu"}}) {
        move_sim(*tx, Actor::system(), card, transition, holder, why, at);
        card.state = *next_sim_state(card.state, transition);
        card.holder_id = holder;
      }
    }
    tx->commit();
  }

  // The structure's 34 lines, in the order the residents received them.
  std::vector<HandoverRecord> lines;
  std::vector<std::string> at_door;  // cards delivered, not handed over
  {
    auto tx = store.begin(store::Mode::kRead);
    store::LineQuery q;
    q.structure_id = home.id;
    q.limit = 100;
    for (auto& row : tx->lines().lines(q).items) lines.push_back(row.line);
    store::SimQuery cards;
    cards.holder_id = home.id;
    cards.state = SimState::kAtStructure;
    cards.limit = 10;
    for (auto& c : tx->cards().sims(cards).items) at_door.push_back(c.iccid);
  }
  std::sort(lines.begin(), lines.end(),
            [](const HandoverRecord& a, const HandoverRecord& b) { return a.iccid < b.iccid; });
  const auto now = Clock::now();
  auto days = [&](int n) { return iso_utc(now + std::chrono::hours(24) * n); };
  {
    auto tx = store.begin(store::Mode::kWrite);
    for (std::size_t n = 0; n < lines.size() && n < 30; ++n) {
      // Activated the day after the handover; kept running by the top-ups since, but for a few
      // ending this week and two that ended.
      std::string ends = days(45);
      if (n == 20) ends = days(3);
      if (n == 21) ends = days(6);
      if (n == 22 || n == 23) ends = days(-12);
      tx->lines().set_lines_dates({{lines[n].id, "2020-04-15", ends}});
      // Data used this month and the last, as the operator's reports said.
      const long long mb = 200 + static_cast<long long>(n) * 97 % 2500;
      tx->lines().record_usages(
          {{lines[n].iccid, mb + 400, iso_utc(now - std::chrono::hours(24) * 31).substr(0, 10)}});
      tx->lines().record_usages({{lines[n].iccid, mb, iso_utc(now).substr(0, 10)}});
      if (n >= 18) continue;
      // Two rounds of top-ups in 2020, asked by the coordinator and confirmed by SFR.
      for (const char* date : {"2020-07-14", "2020-10-14"}) {
        TopupRecord t;
        t.handover_id = lines[n].id;
        t.iccid = lines[n].iccid;
        t.programme_id = programme;
        t.structure_id = home.id;
        t.operator_id = operator_org;
        t.cost_cents = 1000;
        t.validity_days = 90;
        t.status = "approved";
        t.requested_at = std::string(date) + "T08:00:00Z";
        t.decided_at = t.requested_at;
        if (coordinator.user_id) t.requested_by = t.decided_by = coordinator.user_id;
        t.id = tx->lines().insert_topup(t);
        tx->lines().confirm_topups({{t.id, date}});
      }
    }
    tx->commit();
  }
  // Today: a top-up the structure asked for a line ending soon, waiting for the coordinator; one
  // approved, in SFR's next top-up file.
  request_topups(store, at_home, {lines[20].iccid, std::nullopt});
  request_topups(store, coordinator, {lines[19].iccid, std::nullopt});

  // A phone stolen: blocked, then a new card keeping the number (SIM swap) confirmed by SFR.
  auto stolen = declare_incident(store, at_home, lines[24].iccid, "stolen");
  request_block(store, coordinator, stolen.id);
  const std::string today = iso_utc(now).substr(0, 10);
  apply_status_report(store, sfr, "SFR", {{1, lines[24].iccid, "blocked", today, "", "", ""}}, {});
  replace_line(store, at_home, stolen.id, "keep_number", at_door.at(0));
  apply_status_report(store, sfr, "SFR",
                      {{1, lines[24].iccid, "swapped", today, "", "", at_door.at(0)}}, {});
  // A phone lost: blocked, then a new line from the structure's cards, activated.
  auto lost = declare_incident(store, at_home, lines[25].iccid, "lost");
  request_block(store, coordinator, lost.id);
  apply_status_report(store, sfr, "SFR", {{1, lines[25].iccid, "blocked", today, "", "", ""}}, {});
  replace_line(store, at_home, lost.id, "new_line", at_door.at(1));
  apply_status_report(store, sfr, "SFR", {{1, at_door.at(1), "activated", today, "", "", ""}}, {});
  // A card that stopped working, its block asked of SFR; a phone lost this morning.
  auto broken = declare_incident(store, at_home, lines[26].iccid, "defective");
  request_block(store, coordinator, broken.id);
  declare_incident(store, at_home, lines[27].iccid, "lost");

  // Follow-ups with the residents who consented: what the line was for, and two testimonies
  // their authors agreed to publish.
  struct Said {
    std::size_t line;
    std::vector<std::string> uses;
    bool still_used;
    int satisfaction;
    const char* testimony;
  };
  const std::vector<Said> said = {
      {0, {"family", "procedures", "health"}, true, 5,
       "Avec ce numéro, j'ai pu appeler ma fille et prendre mes rendez-vous à la préfecture."},
      {10, {"job_search", "training"}, true, 4,
       "J'ai reçu l'appel pour mon stage de cuisine sur ce téléphone."},
      {15, {"schooling", "family"}, false, 3, nullptr},
  };
  for (const auto& s : said) {
    const std::int64_t resident = lines[s.line].resident_id;
    SurveyInput in;
    in.resident_id = resident;
    in.language = "fr";
    SurveyAnswer uses;
    uses.is_choices = true;
    uses.choices = s.uses;
    in.answers["uses"] = uses;
    SurveyAnswer still;
    still.yes = s.still_used;
    in.answers["still_used"] = still;
    SurveyAnswer satisfaction;
    satisfaction.number = s.satisfaction;
    in.answers["satisfaction"] = satisfaction;
    if (s.testimony) {
      give_consent(store, at_home, resident, {"testimony", "written", "fr"});
      SurveyAnswer testimony;
      testimony.text = s.testimony;
      in.answers["testimony"] = testimony;
    }
    record_follow_up(store, at_home, in);
  }
  build_todo_lists(store, now);
}

}  // namespace relais::app
