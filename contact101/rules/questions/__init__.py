"""Guided capture: question sets per incident type as versioned data, the agency directory,
and the pure functions that check answers, turn them into a contact's facts and suggest
incident types from a caller's words."""

from contact101.rules.questions._agencies import AgencyDirectory, agency_directory, load_agencies
from contact101.rules.questions._answers import (
    AnswerProblem,
    advice_for,
    answer_in_words,
    answer_problems,
    answer_value,
    apply_answers,
    conditions_hold,
    is_asked,
    most_questions_asked,
    unanswered_mandatory,
)
from contact101.rules.questions._question_sets import (
    GuidedQuestion,
    QuestionCatalogue,
    QuestionSetRules,
    load_catalogue,
    load_question_set,
    question_catalogue,
)
from contact101.rules.questions._suggestions import Suggestion, suggest_incident_types
from contact101.rules.questions._typed_answers import (
    AnswerValueError,
    parse_answer,
    split_answer_option,
    syntax_of,
)

__all__ = [
    "AgencyDirectory",
    "AnswerProblem",
    "AnswerValueError",
    "GuidedQuestion",
    "QuestionCatalogue",
    "QuestionSetRules",
    "Suggestion",
    "advice_for",
    "agency_directory",
    "answer_in_words",
    "answer_problems",
    "answer_value",
    "apply_answers",
    "conditions_hold",
    "is_asked",
    "load_agencies",
    "load_catalogue",
    "load_question_set",
    "most_questions_asked",
    "parse_answer",
    "question_catalogue",
    "split_answer_option",
    "suggest_incident_types",
    "syntax_of",
    "unanswered_mandatory",
]
