#include "core/results.hpp"

#include <gtest/gtest.h>

#include <random>

namespace relais {
namespace {

// A small programme whose figures were worked out by hand (the comments give the reasoning).
// Structures: S1 Paris CADA 100 places, S2 Seine-Saint-Denis HUDA 50, S3 Guadeloupe CPH 20.
// 40 cards received on 5 January 2026. Request 1 (S1) asked 12 cards on 10 January at 08:00,
// request 2 (S2) 6 cards on 12 January at 08:00; S3 received 3 cards by hand (no request).
ResultFacts small_programme() {
  ResultFacts f;
  f.programme_id = 7;
  f.programme_code = "T-1";
  f.programme_name = "Test";
  f.card_price_cents = 1000;
  f.topup_budget_cents = 20000;
  f.structures = {{1, "75", "CADA", 100}, {2, "93", "HUDA", 50}, {3, "971", "CPH", 20}};
  f.batches = {{"2026-01-05T09:00:00Z", 40}};
  f.requests = {{1, 1, "2026-01-10T08:00:00Z"}, {2, 2, "2026-01-12T08:00:00Z"}};
  auto iso = [](int month, int day, int hour) {
    char out[32];
    std::snprintf(out, sizeof out, "2026-%02d-%02dT%02d:00:00Z", month, day, hour);
    return std::string(out);
  };
  // S1: delivered on 20 January at 10:00; card i handed over i + 1 days later (10 cards),
  // activated i + 1 hours after that (8 cards).
  for (int i = 0; i < 12; ++i) {
    ResultCardRow c{"S1-" + std::to_string(i), 1, 1, iso(1, 15, 9), iso(1, 16, 9),
                    iso(1, 17, 10), iso(1, 20, 10), "", ""};
    if (i < 10) c.handed_over_at = iso(1, 21 + i, 10);
    if (i < 8) c.activated_at = iso(1, 21 + i, 11 + i);
    f.cards.push_back(c);
  }
  // S2: delivered on 1 February at 10:00, all 6 handed over a day later, 3 activated 2 h after.
  for (int i = 0; i < 6; ++i) {
    ResultCardRow c{"S2-" + std::to_string(i), 2, 2, iso(1, 15, 9), iso(1, 16, 9),
                    iso(1, 17, 10), iso(2, 1, 10), iso(2, 2, 10), ""};
    if (i < 3) c.activated_at = iso(2, 2, 12);
    f.cards.push_back(c);
  }
  // S3: delivered on 10 February, handed over a day later, activated 19 h after.
  for (int i = 0; i < 3; ++i) {
    f.cards.push_back({"S3-" + std::to_string(i), 3, std::nullopt, "", "", "", iso(2, 10, 10),
                       iso(2, 11, 10), iso(2, 12, 5)});
  }
  // The 14 people connected: households and first languages.
  const int s1_sizes[] = {1, 1, 1, 1, 2, 2, 3, 6};
  for (int i = 0; i < 8; ++i) {
    f.lines.push_back({"S1-" + std::to_string(i), false, s1_sizes[i], i < 5 ? "ar" : "prs"});
  }
  for (int i = 0; i < 3; ++i) f.lines.push_back({"S2-" + std::to_string(i), false, 1, "ti"});
  for (int i = 0; i < 3; ++i) f.lines.push_back({"S3-" + std::to_string(i), false, 2, "ar"});
  // Six surveys at S1 on 25 February: all used it for family, two for job search; five still
  // use it; satisfaction 5 5 4 4 4 3; one testimony.
  const int scores[] = {5, 5, 4, 4, 4, 3};
  for (int i = 0; i < 6; ++i) {
    ResultFollowUpRow u{"S1-" + std::to_string(i), iso(2, 25, 10), "fr",
                        i < 2 ? "family job_search" : "family", i < 5, scores[i], std::nullopt};
    if (i == 0) u.testimony = "J’ai pu appeler ma famille.";
    f.follow_ups.push_back(u);
  }
  f.topups = {{"S1-0", "confirmed", iso(2, 18, 9), iso(2, 20, 9), 1000},
              {"S1-1", "confirmed", iso(2, 18, 9), iso(2, 20, 9), 1000},
              {"S1-2", "refused", iso(2, 18, 9), "", 1000}};
  f.parcels = {{1, iso(1, 16, 9), iso(1, 17, 10), 890}, {2, iso(1, 16, 9), iso(1, 17, 10), 890}};
  f.budget_lines = {{"cards", 50000, std::nullopt},
                    {"shipping", 5000, std::nullopt},
                    {"training", 10000, 4000}};
  f.funders = {{1, "State", std::nullopt, std::nullopt, 5000, std::nullopt},
               {2, "Fund", std::string("XM-FUND-1"), std::string("training"), std::nullopt, 3000}};
  return f;
}

std::vector<std::optional<std::int64_t>> shown(const std::vector<Figure>& figures) {
  std::vector<std::optional<std::int64_t>> out;
  for (const auto& f : figures) out.push_back(f.shown() ? std::optional(f.n) : std::nullopt);
  return out;
}

const StageResult& stage(const ProgrammeResults& r, std::string_view name) {
  for (const auto& s : r.funnel) {
    if (s.stage == name) return s;
  }
  throw std::logic_error("no stage");
}

TEST(Results, FunnelMonthByMonthOfAHandComputedProgramme) {
  const auto r = compute_results(small_programme(), {});
  EXPECT_EQ(r.months, (std::vector<std::string>{"2026-01", "2026-02"}));
  using V = std::vector<std::optional<std::int64_t>>;
  EXPECT_EQ(stage(r, "received").total->n, 40);
  EXPECT_EQ(shown(stage(r, "received").by_month), (V{40, 0}));
  EXPECT_EQ(shown(stage(r, "allocated").by_month), (V{18, 0}));
  EXPECT_EQ(shown(stage(r, "shipped").by_month), (V{18, 0}));
  EXPECT_EQ(shown(stage(r, "delivered").by_month), (V{12, 9}));
  EXPECT_EQ(stage(r, "delivered").total->n, 21);
  EXPECT_EQ(shown(stage(r, "handed_over").by_month), (V{10, 9}));
  EXPECT_EQ(shown(stage(r, "active").by_month), (V{8, 6}));
  EXPECT_TRUE(stage(r, "active").total->shown());
  EXPECT_EQ(stage(r, "active").total->n, 14);
}

TEST(Results, LeadTimesMedianAndNinetiethPercentile) {
  const auto r = compute_results(small_programme(), {});
  // Two requests (242 h and 482 h): under 5, hidden with their times.
  EXPECT_EQ(r.lead_times[0].measure, "request_to_delivery");
  EXPECT_EQ(r.lead_times[0].count.hidden, Hidden::kSmall);
  EXPECT_FALSE(r.lead_times[0].median_hours);
  // Delivery to handover: ten of 24 h (S1's first, S2's six, S3's three), then 48 h to 240 h:
  // the median is the 10th of 19 (24 h), the 90th percentile the 18th (216 h).
  EXPECT_EQ(r.lead_times[1].count.n, 19);
  EXPECT_DOUBLE_EQ(*r.lead_times[1].median_hours, 24.0);
  EXPECT_DOUBLE_EQ(*r.lead_times[1].p90_hours, 216.0);
  // Handover to activation: 1..8 h (S1), 2 h ×3 (S2), 19 h ×3 (S3): 1 2 2 2 2 3 4 5 6 7 8 19 19
  // 19, median (4 + 5) / 2, 90th percentile the 13th of 14.
  EXPECT_EQ(r.lead_times[2].count.n, 14);
  EXPECT_DOUBLE_EQ(*r.lead_times[2].median_hours, 4.5);
  EXPECT_DOUBLE_EQ(*r.lead_times[2].p90_hours, 19.0);
}

TEST(Results, PlacesHouseholdsAndLanguagesHideSmallCountsAndKeepTotals) {
  const auto r = compute_results(small_programme(), {});
  ASSERT_EQ(r.departments.size(), 3u);
  EXPECT_EQ(r.departments[0].key, "75");
  EXPECT_EQ(r.departments[0].name, "Paris");
  EXPECT_EQ(r.departments[0].connected.n, 8);
  EXPECT_TRUE(r.departments[0].connected.shown());
  EXPECT_DOUBLE_EQ(*r.departments[0].per_100_places, 8.0);
  // 3 and 3: small; their sum (6) is all the total tells, not either of them.
  EXPECT_EQ(r.departments[1].connected.hidden, Hidden::kSmall);
  EXPECT_FALSE(r.departments[1].per_100_places);
  EXPECT_EQ(r.departments[2].key, "971");
  EXPECT_EQ(r.departments[2].connected.hidden, Hidden::kSmall);
  EXPECT_EQ(r.departments_total.connected.n, 14);
  EXPECT_TRUE(r.departments_total.connected.shown());
  EXPECT_EQ(r.departments_total.places, 170);
  EXPECT_DOUBLE_EQ(*r.departments_total.per_100_places, 8.2);
  ASSERT_EQ(r.structure_types.size(), 3u);
  EXPECT_EQ(r.structure_types[0].key, "CADA");
  EXPECT_EQ(r.structure_types[1].key, "HUDA");
  EXPECT_EQ(r.structure_types[2].key, "CPH");
  using V = std::vector<std::optional<std::int64_t>>;
  std::vector<Figure> sizes;
  for (const auto& c : r.household_sizes) sizes.push_back(c.people);
  // Sizes 3 and 5+ count 1 each: small. The total less the 7 and the 5 would leave 2 for two
  // hidden counts of at least 1 (so 1 each); hiding the 5 would leave 7 for a small one and one
  // of at least 5 (so 1 and 6 at most...): the 7 goes too.
  EXPECT_EQ(shown(sizes), (V{std::nullopt, std::nullopt, std::nullopt, 0, std::nullopt}));
  EXPECT_EQ(r.household_sizes[0].people.hidden, Hidden::kSecret);
  EXPECT_EQ(r.household_sizes[1].people.hidden, Hidden::kSecret);
  EXPECT_EQ(r.household_total.n, 14);
  ASSERT_EQ(r.languages.size(), 3u);
  EXPECT_EQ(r.languages[0].key, "ar");
  EXPECT_EQ(r.languages[0].people.n, 8);
  EXPECT_FALSE(r.languages[1].people.shown());
}

TEST(Results, WhatChangedHidesTheSurveysThatWouldTellASmallCount) {
  const auto r = compute_results(small_programme(), {});
  const auto& c = r.changes;
  EXPECT_EQ(c.surveys.n, 6);
  // One does not use it any more: small. Five do, which the funnel shows (its "still used"
  // months are the whole history's, shown): they cannot be hidden, so the 6 surveys are, or
  // 6 - 5 would tell the one.
  EXPECT_EQ(c.not_used.hidden, Hidden::kSmall);
  EXPECT_TRUE(c.still_used.shown());
  EXPECT_EQ(stage(r, "still_used").total->n, 5);
  EXPECT_TRUE(stage(r, "still_used").total->shown());
  EXPECT_EQ(c.surveys.hidden, Hidden::kSecret);
  EXPECT_EQ(c.satisfaction_answers.hidden, Hidden::kSecret);
  EXPECT_FALSE(c.still_used_rate);
  EXPECT_EQ(c.uses[0].key, "family");
  EXPECT_EQ(c.uses[0].people.n, 6);
  EXPECT_EQ(c.uses[1].key, "job_search");
  EXPECT_EQ(c.uses[1].people.hidden, Hidden::kSmall);
  // Scores 3, 4, 5 counted 1, 3, 2: all hidden, and so the mean.
  EXPECT_EQ(c.satisfaction_answers.n, 6);
  EXPECT_FALSE(c.satisfaction_mean);
  // One testimony: alone, it would point at its author.
  EXPECT_TRUE(c.testimonies.empty());
}

TEST(Results, TestimoniesFiveOrMoreForTheWholeProgrammesPlacesWithTheirYear) {
  auto f = small_programme();
  for (int i = 1; i < 5; ++i) f.follow_ups[static_cast<std::size_t>(i)].testimony = "Merci " + std::to_string(i);
  const auto r = compute_results(f, {});
  ASSERT_EQ(r.changes.testimonies.size(), 5u);
  EXPECT_EQ(r.changes.testimonies[0].text, "J’ai pu appeler ma famille.");
  EXPECT_EQ(r.changes.testimonies[0].year, "2026");
  EXPECT_TRUE(compute_results(f, {"", "", "75", ""}).changes.testimonies.empty());
  EXPECT_EQ(compute_results(f, {"2026-02-01", "2026-02-28", "", ""}).changes.testimonies.size(), 5u);
}

TEST(Results, BudgetSpentFromWhatHappenedAndEachFundersPart) {
  const auto b = compute_results(small_programme(), {}).budget;
  ASSERT_EQ(b.lines.size(), 4u);  // cards, topups, shipping, training
  // Cards: 19 handed over at 10 €; 18 allocated, all handed over or beyond.
  EXPECT_EQ(b.lines[0].category, "cards");
  EXPECT_EQ(b.lines[0].spent_cents, 19000);
  EXPECT_EQ(b.lines[0].committed_cents, 0);
  EXPECT_EQ(b.lines[0].left_cents, 31000);
  // Two top-ups confirmed: their cost would tell a count under 5.
  EXPECT_EQ(b.lines[1].category, "topups");
  EXPECT_EQ(b.lines[1].budget_cents, 20000);
  EXPECT_FALSE(b.lines[1].spent_cents);
  EXPECT_FALSE(b.lines[1].left_cents);
  EXPECT_EQ(b.lines[2].category, "shipping");
  EXPECT_EQ(b.lines[2].spent_cents, 1780);
  EXPECT_EQ(b.lines[3].category, "training");
  EXPECT_EQ(b.lines[3].spent_cents, 4000);
  EXPECT_EQ(b.lines[3].left_cents, 6000);
  EXPECT_EQ(b.total.budget_cents, 85000);
  EXPECT_FALSE(b.total.spent_cents);  // a part is hidden
  // The state pays half of everything (42,500 c); what it spent is unknown while a part is.
  EXPECT_EQ(b.funders[0].committed_cents, 42500);
  EXPECT_FALSE(b.funders[0].spent_cents);
  // The fund's 3,000 c of a 10,000 c training budget: 30 % of the 4,000 c spent.
  EXPECT_EQ(b.funders[1].committed_cents, 3000);
  EXPECT_EQ(b.funders[1].spent_cents, 1200);
  EXPECT_EQ(b.funders[1].left_cents, 1800);
  EXPECT_EQ(b.people_connected.n, 14);
  EXPECT_FALSE(b.cost_per_person_cents);
}

TEST(Results, CostPerPersonWhenEverySpendingIsShown) {
  auto f = small_programme();
  f.topups.clear();
  const auto b = compute_results(f, {}).budget;
  EXPECT_EQ(b.total.spent_cents, 19000 + 1780 + 4000);
  EXPECT_EQ(b.cost_per_person_cents, (19000 + 1780 + 4000) / 14);
  EXPECT_EQ(b.funders[0].spent_cents, (19000 + 1780 + 4000) / 2);
}

TEST(Results, FiltersByPlaceAndPeriod) {
  const auto paris = compute_results(small_programme(), {"", "", "75", ""});
  EXPECT_EQ(paris.funnel.front().stage, "received");
  EXPECT_FALSE(paris.funnel.front().total);  // stock belongs to no place
  EXPECT_EQ(stage(paris, "allocated").total->n, 12);
  EXPECT_EQ(stage(paris, "active").total->n, 8);
  ASSERT_EQ(paris.departments.size(), 1u);
  EXPECT_EQ(paris.lead_times[0].count.n, 1);
  const auto february = compute_results(small_programme(), {"2026-02-01", "2026-02-28", "", ""});
  EXPECT_EQ(february.months, (std::vector<std::string>{"2026-02"}));
  EXPECT_EQ(stage(february, "received").total->n, 0);
  EXPECT_EQ(stage(february, "delivered").total->n, 9);
  EXPECT_EQ(stage(february, "active").total->n, 6);
  EXPECT_EQ(february.departments_total.connected.n, 6);
  EXPECT_EQ(february.lead_times[2].count.n, 6);
  const auto cph = compute_results(small_programme(), {"", "", "", "CPH"});
  EXPECT_EQ(stage(cph, "active").total->hidden, Hidden::kSmall);
}

// Departments and structure types are one table: which types each department's structures
// are of is public. Paris (3, small) would be CADA's 23 minus Seine-Saint-Denis' 20 (with
// separate tables, hiding Guadeloupe, the smallest, was enough for the departments' total).
TEST(Results, ADepartmentHiddenCannotBeWorkedOutFromTheStructureTypes) {
  ResultFacts f;
  f.structures = {{1, "75", "CADA", 100}, {2, "93", "CADA", 100}, {3, "971", "CPH", 100}};
  auto connect = [&](std::int64_t structure, int n) {
    for (int i = 0; i < n; ++i) {
      const std::string id = std::to_string(structure) + "-" + std::to_string(i);
      f.cards.push_back({id, structure, std::nullopt, "", "", "", "2026-01-02T10:00:00Z",
                         "2026-01-03T10:00:00Z", "2026-01-03T12:00:00Z"});
    }
  };
  connect(1, 3);
  connect(2, 20);
  connect(3, 7);
  const auto r = compute_results(f, {});
  const auto& paris = r.departments[0].connected;
  const auto& seine = r.departments[1].connected;
  const auto& guadeloupe = r.departments[2].connected;
  ASSERT_EQ(r.structure_types.size(), 2u);
  const auto& cada = r.structure_types[0].connected;
  const auto& cph = r.structure_types[1].connected;
  EXPECT_EQ(paris.hidden, Hidden::kSmall);
  EXPECT_FALSE(cada.shown() && seine.shown());  // Paris = CADA - Seine-Saint-Denis
  EXPECT_FALSE(r.departments_total.connected.shown() && seine.shown() && guadeloupe.shown());
  EXPECT_FALSE(r.departments_total.connected.shown() && seine.shown() && cph.shown());
  // Here the one figure to hide is Seine-Saint-Denis: CADA then tells Paris and it together.
  EXPECT_EQ(seine.hidden, Hidden::kSecret);
  EXPECT_TRUE(cada.shown() && cph.shown() && guadeloupe.shown());
}

TEST(Results, AReplacementLineIsNotAPersonTwice) {
  auto f = small_programme();
  f.cards.push_back({"S1-R", 1, std::nullopt, "", "", "", "", "2026-02-20T10:00:00Z",
                     "2026-02-20T12:00:00Z"});
  f.lines.push_back({"S1-R", true, 1, "ar"});
  // And a card activated with no structure known: no one's place to count it in.
  f.cards.push_back({"X-1", std::nullopt, std::nullopt, "", "", "", "", "2026-02-20T10:00:00Z",
                     "2026-02-20T12:00:00Z"});
  const auto r = compute_results(f, {});
  // One population everywhere: the funnel's active lines are the people connected.
  EXPECT_EQ(stage(r, "active").total->n, 14);
  EXPECT_EQ(stage(r, "handed_over").total->n, 21);
  EXPECT_EQ(r.departments_total.connected.n, 14);
  EXPECT_EQ(r.household_total.n, 14);
  EXPECT_EQ(r.language_total.n, 14);
  EXPECT_EQ(r.budget.people_connected.n, 14);
  EXPECT_EQ(r.lead_times[2].count.n, 14);
}

TEST(Results, PeopleWithoutAResidentsRecordCountAsNotRecorded) {
  auto f = small_programme();
  f.lines.resize(8);  // S2's and S3's residents unknown
  const auto r = compute_results(f, {});
  EXPECT_EQ(r.household_sizes.back().key, "unknown");
  EXPECT_EQ(r.household_sizes.back().people.n, 6);
  EXPECT_EQ(r.languages.back().key, "unknown");
  EXPECT_EQ(r.household_total.n, 14);
  EXPECT_EQ(r.language_total.n, 14);
}

TEST(Results, MedianAndPercentileAndTimes) {
  std::vector<std::int64_t> none;
  EXPECT_FALSE(median_and_p90(none));
  std::vector<std::int64_t> one = {7};
  EXPECT_EQ(median_and_p90(one), std::make_pair(7.0, 7.0));
  std::vector<std::int64_t> ten = {10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
  EXPECT_EQ(median_and_p90(ten), std::make_pair(5.5, 9.0));
  EXPECT_EQ(minutes_of("1970-01-02"), 1440);
  EXPECT_EQ(minutes_of("1970-01-01T01:30:00Z"), 90);
  EXPECT_FALSE(minutes_of("2026-02-30"));
  EXPECT_FALSE(minutes_of("2026-1-01"));
  EXPECT_FALSE(minutes_of("2026-01-01T25:00"));
}

// Property: on random programmes and filters, no figure shown counts 1 to 4 people, and a
// figure seen in two tables is hidden in both or in neither.
TEST(Results, NoCountUnderFiveIsEverShown) {
  std::mt19937 random(13);
  auto pick = [&](int n) { return static_cast<int>(random() % static_cast<unsigned>(n)); };
  const char* departments[] = {"75", "93", "13", "971"};
  const char* types[] = {"CADA", "HUDA", "CPH"};
  for (int round = 0; round < 300; ++round) {
    ResultFacts f;
    f.card_price_cents = 1000;
    const int structures = 1 + pick(6);
    for (int s = 0; s < structures; ++s) {
      f.structures.push_back({s + 1, departments[pick(4)], types[pick(3)], 10 + pick(100)});
    }
    f.batches = {{"2026-01-02T00:00:00Z", 200}};
    const int cards = pick(60);
    for (int c = 0; c < cards; ++c) {
      const int month = 1 + pick(4);
      char at[32];
      std::snprintf(at, sizeof at, "2026-%02d-%02dT10:00:00Z", month, 1 + pick(27));
      const std::string id = "C" + std::to_string(c);
      ResultCardRow row{id, 1 + pick(structures), std::nullopt, at, at, at, at, "", ""};
      if (pick(4)) row.handed_over_at = at;
      if (!row.handed_over_at.empty() && pick(4)) row.activated_at = at;
      f.cards.push_back(row);
      if (!row.activated_at.empty()) {
        f.lines.push_back({id, pick(8) == 0, 1 + pick(6), pick(2) ? "ar" : "ps"});
      }
      if (!row.activated_at.empty() && pick(2)) {
        f.follow_ups.push_back({id, at, "fr", pick(2) ? "family" : "health",
                                pick(3) ? std::optional(pick(4) != 0) : std::nullopt,
                                1 + pick(5), std::nullopt});
      }
    }
    ResultsFilter filter;
    if (pick(3) == 0) filter.department = departments[pick(4)];
    if (pick(3) == 0) filter.from = "2026-02-01";
    const auto r = compute_results(f, filter);
    std::vector<Figure> all;
    for (const auto& s : r.funnel) {
      if (s.total) all.push_back(*s.total);
      all.insert(all.end(), s.by_month.begin(), s.by_month.end());
    }
    for (const auto& l : r.lead_times) all.push_back(l.count);
    for (const auto* rows : {&r.departments, &r.structure_types}) {
      for (const auto& p : *rows) all.push_back(p.connected);
    }
    all.push_back(r.departments_total.connected);
    all.push_back(r.structure_types_total.connected);
    for (const auto* rows : {&r.household_sizes, &r.languages, &r.changes.uses,
                             &r.changes.satisfaction}) {
      for (const auto& c : *rows) all.push_back(c.people);
    }
    for (const Figure* x : {&r.household_total, &r.language_total, &r.changes.surveys,
                            &r.changes.still_used, &r.changes.not_used, &r.changes.not_asked,
                            &r.changes.satisfaction_answers, &r.budget.people_connected}) {
      all.push_back(*x);
    }
    for (const auto& x : all) {
      if (x.shown()) {
        EXPECT_TRUE(x.n == 0 || x.n >= kSmallestShownCount) << "round " << round;
      }
    }
    EXPECT_EQ(r.funnel.back().total->shown(), r.changes.still_used.shown()) << "round " << round;
    // A period's months are the whole history's, as shown there; its totals shown only when
    // all its months are (or it is the whole history).
    ResultsFilter everything = filter;
    everything.from.clear();
    const auto whole = compute_results(f, everything);
    for (std::size_t s = 0; s < r.funnel.size(); ++s) {
      for (std::size_t m = 0; m < r.months.size(); ++m) {
        const auto at = std::find(whole.months.begin(), whole.months.end(), r.months[m]);
        ASSERT_NE(at, whole.months.end());
        const auto& there = whole.funnel[s].by_month[static_cast<std::size_t>(at - whole.months.begin())];
        if (r.funnel[s].stage == "active" || r.funnel[s].by_month.empty()) continue;
        EXPECT_EQ(r.funnel[s].by_month[m].hidden, there.hidden) << "round " << round;
        EXPECT_EQ(r.funnel[s].by_month[m].n, there.n) << "round " << round;
      }
      if (r.funnel[s].total && r.funnel[s].total->shown() && r.months.size() != whole.months.size()) {
        for (const auto& month : r.funnel[s].by_month) {
          EXPECT_TRUE(month.shown() || month.n == 0) << "round " << round;
        }
      }
    }
    EXPECT_EQ(r.departments_total.connected.shown(), r.structure_types_total.connected.shown())
        << "round " << round;
  }
}

}  // namespace
}  // namespace relais
