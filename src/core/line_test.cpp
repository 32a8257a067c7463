#include "core/line.hpp"

#include <gtest/gtest.h>

namespace relais {
namespace {

std::vector<std::string> reasons(const std::vector<FieldError>& errors) {
  std::vector<std::string> out;
  for (const auto& e : errors) out.push_back(e.field + ":" + e.reason);
  return out;
}

SurveyAnswer choices(std::vector<std::string> c) {
  SurveyAnswer a;
  a.is_choices = true;
  a.choices = std::move(c);
  return a;
}

}  // namespace

TEST(Survey, TheStandardSurveyIsValidAndAsksWhatTheIssueLists) {
  EXPECT_TRUE(check_survey(standard_survey()).empty());
  const auto& uses = standard_survey().front();
  EXPECT_EQ(uses.options, (std::vector<std::string>{"family", "job_search", "training",
                                                    "schooling", "procedures", "health"}));
  EXPECT_EQ(uses.option_labels.at("schooling").at("fr"), "Scolarité des enfants");
}

TEST(Survey, RefusesABadConfiguration) {
  SurveyQuestion q;
  q.id = "Uses!";
  q.kind = "choices";
  q.labels = {{"en", "What for?"}};
  q.options = {"a"};
  SurveyQuestion t1;
  t1.id = "t";
  t1.kind = "testimony";
  t1.labels = {{"fr", "Témoignage"}};
  SurveyQuestion t2 = t1;
  t2.options = {"x"};
  EXPECT_EQ(reasons(check_survey({q, t1, t2})),
            (std::vector<std::string>{"questions.0.id:bad_question_id",
                                      "questions.0.labels:label_fr_missing",
                                      "questions.0.options:options_count",
                                      "questions.0.options.a:label_fr_missing",
                                      "questions.2.id:duplicate_question",
                                      "questions.2.options:options_not_allowed",
                                      "questions:one_testimony"}));
  EXPECT_EQ(reasons(check_survey(std::vector<SurveyQuestion>(21, t1))),
            (std::vector<std::string>{"questions:too_many"}));
  SurveyQuestion babel = t1;
  for (int i = 0; i < 31; ++i) babel.labels["l" + std::to_string(100 + i)] = "x";
  EXPECT_EQ(reasons(check_survey({babel})), (std::vector<std::string>{"questions.0.labels:too_many"}));
}

TEST(Survey, ChecksAnswersAndKeepsTheFactsTheResultsCount) {
  SurveyAnswer yes;
  yes.yes = true;
  SurveyAnswer four;
  four.number = 4;
  SurveyAnswer story;
  story.text = "  J'ai trouvé un stage.\nMerci.  ";
  auto ok = check_answers(standard_survey(), {{"uses", choices({"family", "health"})},
                                              {"still_used", yes},
                                              {"satisfaction", four},
                                              {"testimony", story}});
  EXPECT_TRUE(ok.errors.empty());
  EXPECT_EQ(ok.facts.uses, (std::vector<std::string>{"family", "health"}));
  EXPECT_EQ(ok.facts.still_used, true);
  EXPECT_EQ(ok.facts.satisfaction, 4);
  EXPECT_EQ(ok.facts.testimony, "J'ai trouvé un stage.\nMerci.");
  EXPECT_EQ(ok.facts.testimony_question, "testimony");

  SurveyAnswer six;
  six.number = 6;
  SurveyAnswer bell;
  bell.text = std::string("a\x07");
  auto bad = check_answers(standard_survey(), {{"uses", choices({"family", "family", "cinema"})},
                                               {"satisfaction", six},
                                               {"testimony", bell},
                                               {"nationality", yes}});
  EXPECT_EQ(reasons(bad.errors),
            (std::vector<std::string>{"answers.nationality:unknown_question",
                                      "answers.satisfaction:out_of_range",
                                      "answers.testimony:control_characters",
                                      "answers.uses:repeated", "answers.uses:unknown_option",
                                      "answers.still_used:required"}));
  SurveyAnswer long_text;
  long_text.text = std::string(1001, 'a');
  EXPECT_EQ(reasons(check_answers(standard_survey(),
                                  {{"still_used", yes}, {"testimony", long_text}})
                        .errors),
            (std::vector<std::string>{"answers.testimony:too_long"}));
}

}  // namespace relais
