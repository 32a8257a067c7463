#include "core/line.hpp"

#include <set>

#include "core/resident.hpp"
#include "core/utf8.hpp"

namespace relais {
namespace {

using Labels = std::map<std::string, std::string>;

SurveyQuestion question(std::string id, std::string kind, Labels labels, bool required = false) {
  SurveyQuestion q;
  q.id = std::move(id);
  q.kind = std::move(kind);
  q.labels = std::move(labels);
  q.required = required;
  return q;
}

bool good_id(std::string_view id) {
  if (id.empty() || id.size() > 30) return false;
  for (char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

// Control characters refused; line breaks (and tabs) kept in a free text.
bool clean_text(std::string_view text, bool multiline) {
  return !has_control_characters(text, multiline) &&
         first_invalid_utf8(text) == std::string_view::npos;
}

std::optional<FieldError> label_error(const std::string& field, const Labels& labels) {
  if (labels.size() > kMaxLabelLanguages) {
    return field_error(field, std::to_string(labels.size()), "too_many",
                       {std::to_string(kMaxLabelLanguages)});
  }
  if (!labels.contains("fr")) return field_error(field, "", "label_fr_missing");
  for (const auto& [lang, text] : labels) {
    if (lang.size() < 2 || lang.size() > 3 || !good_id(lang)) {
      return field_error(field, lang.substr(0, 10), "unknown_language");
    }
    if (text.empty() || utf8_length(text) > kMaxLabel || !clean_text(text, false)) {
      return field_error(field + "." + lang, "", "bad_label");
    }
  }
  return std::nullopt;
}

}  // namespace

const std::vector<SurveyQuestion>& standard_survey() {
  static const std::vector<SurveyQuestion> survey = [] {
    std::vector<SurveyQuestion> s;
    SurveyQuestion uses = question(
        "uses", "choices",
        {{"fr", "Pour quoi avez-vous utilisé cette ligne\u202f?"},
         {"en", "What have you used this line for?"}});
    const std::vector<std::pair<std::string, Labels>> options = {
        {"family", {{"fr", "Famille et amis"}, {"en", "Family and friends"}}},
        {"job_search", {{"fr", "Recherche d\u2019emploi"}, {"en", "Job search"}}},
        {"training", {{"fr", "Formation et cours de langue"}, {"en", "Training and language courses"}}},
        {"schooling", {{"fr", "Scolarité des enfants"}, {"en", "Children\u2019s schooling"}}},
        {"procedures", {{"fr", "Démarches administratives"}, {"en", "Administrative procedures"}}},
        {"health", {{"fr", "Santé"}, {"en", "Health"}}},
    };
    for (const auto& [id, labels] : options) {
      uses.options.push_back(id);
      uses.option_labels[id] = labels;
    }
    s.push_back(std::move(uses));
    s.push_back(question("still_used", "yes_no",
                         {{"fr", "Utilisez-vous toujours cette ligne\u202f?"},
                          {"en", "Do you still use this line?"}},
                         true));
    s.push_back(question("satisfaction", "scale",
                         {{"fr", "Êtes-vous satisfait de cette ligne (de 1 à 5)\u202f?"},
                          {"en", "How satisfied are you with this line (1 to 5)?"}}));
    s.push_back(question("testimony", "testimony",
                         {{"fr", "Voulez-vous raconter ce que la ligne a changé pour vous\u202f? "
                                 "(publié sans votre nom)"},
                          {"en", "Would you like to tell what the line changed for you? "
                                 "(published without your name)"}}));
    return s;
  }();
  return survey;
}

std::vector<FieldError> check_survey(const std::vector<SurveyQuestion>& questions) {
  std::vector<FieldError> errors;
  if (questions.empty()) errors.push_back(field_error("questions", "", "required"));
  if (questions.size() > kMaxQuestions) {
    errors.push_back(field_error("questions", std::to_string(questions.size()), "too_many",
                                 {std::to_string(kMaxQuestions)}));
    return errors;
  }
  std::set<std::string> ids;
  int testimonies = 0;
  for (std::size_t i = 0; i < questions.size(); ++i) {
    const SurveyQuestion& q = questions[i];
    const std::string at = "questions." + std::to_string(i);
    if (!good_id(q.id)) {
      errors.push_back(field_error(at + ".id", q.id.substr(0, 30), "bad_question_id"));
    } else if (!ids.insert(q.id).second) {
      errors.push_back(field_error(at + ".id", q.id, "duplicate_question"));
    }
    if (!is_one_of(kQuestionKinds, q.kind)) {
      errors.push_back(field_error(at + ".kind", q.kind.substr(0, 20), "unknown_question_kind"));
    }
    if (q.kind == "testimony") ++testimonies;
    if (auto e = label_error(at + ".labels", q.labels)) errors.push_back(*e);
    if (q.kind == "choices") {
      if (q.options.size() < 2 || q.options.size() > kMaxOptions) {
        errors.push_back(field_error(at + ".options", std::to_string(q.options.size()),
                                     "options_count", {"2", std::to_string(kMaxOptions)}));
      }
      std::set<std::string> seen;
      for (const auto& o : q.options) {
        if (!good_id(o) || !seen.insert(o).second) {
          errors.push_back(field_error(at + ".options", o.substr(0, 30), "bad_option"));
          continue;
        }
        auto labels = q.option_labels.find(o);
        if (labels == q.option_labels.end()) {
          errors.push_back(field_error(at + ".options." + o, "", "label_fr_missing"));
        } else if (auto e = label_error(at + ".options." + o, labels->second)) {
          errors.push_back(*e);
        }
      }
    } else if (!q.options.empty()) {
      errors.push_back(field_error(at + ".options", "", "options_not_allowed"));
    }
  }
  if (testimonies > 1) errors.push_back(field_error("questions", "", "one_testimony"));
  return errors;
}

SurveyCheck check_answers(const std::vector<SurveyQuestion>& questions,
                          const std::map<std::string, SurveyAnswer>& answers) {
  SurveyCheck out;
  auto& errors = out.errors;
  std::map<std::string, const SurveyQuestion*> by_id;
  for (const auto& q : questions) by_id[q.id] = &q;
  for (const auto& [id, a] : answers) {
    const std::string field = "answers." + id.substr(0, 30);
    auto it = by_id.find(id);
    if (it == by_id.end()) {
      errors.push_back(field_error(field, "", "unknown_question"));
      continue;
    }
    const SurveyQuestion& q = *it->second;
    if (q.kind == "choices") {
      if (!a.is_choices) {
        errors.push_back(field_error(field, "", "list_expected"));
        continue;
      }
      std::set<std::string> seen;
      for (const auto& c : a.choices) {
        bool known = false;
        for (const auto& o : q.options) known = known || o == c;
        if (!known) {
          errors.push_back(field_error(field, c.substr(0, 30), "unknown_option"));
        } else if (!seen.insert(c).second) {
          errors.push_back(field_error(field, c, "repeated"));
        }
      }
      if (id == "uses") out.facts.uses = a.choices;
    } else if (q.kind == "yes_no") {
      if (!a.yes) {
        errors.push_back(field_error(field, "", "boolean_expected"));
        continue;
      }
      if (id == "still_used") out.facts.still_used = a.yes;
    } else if (q.kind == "scale") {
      if (!a.number || *a.number < 1 || *a.number > 5) {
        errors.push_back(field_error(field, a.number ? std::to_string(*a.number) : "",
                                     "out_of_range", {"1", "5"}));
        continue;
      }
      if (id == "satisfaction") out.facts.satisfaction = static_cast<int>(*a.number);
    } else {  // testimony
      if (!a.text) {
        errors.push_back(field_error(field, "", "not_a_string"));
        continue;
      }
      const std::string text(trim_spaces(*a.text));
      if (utf8_length(text) > kMaxAnswerText) {
        errors.push_back(field_error(field, "", "too_long", {std::to_string(kMaxAnswerText)}));
      } else if (!clean_text(text, true)) {
        errors.push_back(field_error(field, "", "control_characters"));
      } else if (q.kind == "testimony" && !text.empty()) {
        out.facts.testimony = text;
        out.facts.testimony_question = q.id;
      }
    }
  }
  for (const auto& q : questions) {
    if (q.required && !answers.contains(q.id)) {
      errors.push_back(field_error("answers." + q.id, "", "required"));
    }
  }
  return out;
}

}  // namespace relais
