// Lines in use (issue 12): the vocabulary of top-ups, incidents (lost, stolen, defective), their
// replacement, to-do items; and the follow-up survey, whose questions are a programme's
// configuration (the standard one asks what the issue lists).
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace relais {

// requested (by a structure) -> approved (by the coordinator, within the budget; sent to the
// operator) -> confirmed (by its status report); or refused.
inline constexpr std::array<std::string_view, 4> kTopupStatuses = {"requested", "approved",
                                                                   "confirmed", "refused"};
inline constexpr std::array<std::string_view, 3> kIncidentKinds = {"lost", "stolen",
                                                                   "defective"};
// declared (by the structure) -> block_requested (by the coordinator) -> blocked (the
// operator's report) -> replaced (a new line), or swap_requested -> replaced (the operator's
// report of the SIM swap that keeps the number).
inline constexpr std::array<std::string_view, 5> kIncidentStatuses = {
    "declared", "block_requested", "blocked", "swap_requested", "replaced"};
inline constexpr std::array<std::string_view, 2> kReplacementModes = {"keep_number", "new_line"};
// What a structure's to-do list holds.
inline constexpr std::array<std::string_view, 4> kTodoKinds = {
    "activation_late", "line_ending", "follow_up_due", "incident_waiting"};
// The lists of lines the structure and the coordinator follow.
inline constexpr std::array<std::string_view, 4> kLineFilters = {"not_active", "ending", "ended",
                                                                 "all"};

// A line handed over and still not active after this many days is late.
inline constexpr int kActivationLateDays = 3;
// A line ending within this many days is on the to-do list.
inline constexpr int kEndingSoonDays = 7;
inline constexpr int kDefaultFollowUpDays = 30;

// One question of a follow-up survey. Kinds: "choices" (any of its options), "yes_no",
// "scale" (1 to 5), "testimony" (a text published anonymously, only with the resident's consent
// to publish). No other free text: whatever a structure would write there about a person would
// be kept in clear. Labels by language code; French required.
struct SurveyQuestion {
  std::string id;  // a-z, 0-9 and _, 30 at most
  std::string kind;
  std::map<std::string, std::string> labels;
  std::vector<std::string> options;                                     // for choices
  std::map<std::string, std::map<std::string, std::string>> option_labels;  // option -> lang -> label
  bool required = false;
};

inline constexpr std::array<std::string_view, 4> kQuestionKinds = {"choices", "yes_no", "scale",
                                                                   "testimony"};
inline constexpr std::size_t kMaxQuestions = 20;
inline constexpr std::size_t kMaxOptions = 20;
inline constexpr std::size_t kMaxLabel = 300;
inline constexpr std::size_t kMaxLabelLanguages = 30;  // a label per language, 30 at most
inline constexpr std::size_t kMaxAnswerText = 1000;

// The standard survey: what the line was used for (family and friends, job search, training
// and language courses, children's schooling, administrative procedures, health), whether it
// is still used, satisfaction from 1 to 5, and an anonymous testimony. In French and English.
const std::vector<SurveyQuestion>& standard_survey();

// Checks a programme's survey: ids unique and well formed, known kinds, a French label for
// each question and option, options only (and at least two) for choices, sizes bounded; at
// most one testimony question.
std::vector<FieldError> check_survey(const std::vector<SurveyQuestion>& questions);

// One answer as sent: a list of options, a yes or no, a number, or a text.
struct SurveyAnswer {
  std::vector<std::string> choices;
  bool is_choices = false;
  std::optional<bool> yes;
  std::optional<long long> number;
  std::optional<std::string> text;
};

// What the results count, taken from the answers to the standard questions' ids.
struct SurveyFacts {
  std::vector<std::string> uses;  // the "uses" question's options
  std::optional<bool> still_used;
  std::optional<int> satisfaction;
  std::optional<std::string> testimony;  // trimmed, absent when empty
  std::optional<std::string> testimony_question;  // the id of the testimony question answered
};

struct SurveyCheck {
  SurveyFacts facts;
  std::vector<FieldError> errors;  // field "answers.<id>"
};

// Checks answers against the questions: each answer's kind, options among the question's,
// no repeats, scale 1 to 5, texts of at most 1000 characters without control characters
// (line breaks allowed), required questions answered, no answer to an unknown question.
SurveyCheck check_answers(const std::vector<SurveyQuestion>& questions,
                          const std::map<std::string, SurveyAnswer>& answers);

}  // namespace relais
