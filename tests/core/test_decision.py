"""The learned decision: plain-data weights, role identity hidden from it, and what it decides on real asks."""

from __future__ import annotations

import json

import pytest

from bot.core.decision import CLASSES, NONE, DecisionError, DecisionModel, features
from bot.core.knowledge import load_knowledge
from bot.core.questions import _comparison_pivot, _roles_asked_about
from bot.core.tagging import tag


def feats(answerer, text):
    kb, index = answerer.kb, answerer.index
    tagged = tag(text, index, kb.language)
    pivot = _comparison_pivot(tagged, kb.language)
    roles, subjects = _roles_asked_about(tagged.found, index, pivot, kb.language.own_words)
    return features(tagged, subjects, index, compare=pivot is not None and len(roles) == 2)


def test_the_shipped_model_loads_as_plain_data(kb):
    model = kb.decision
    assert model is not None and model.classes == CLASSES
    assert 0 < model.threshold < 1 and len(model.data_sha256) == 64
    again = DecisionModel.from_dict(json.loads(json.dumps(model.to_dict())))
    assert again == model


def test_the_role_is_a_placeholder_so_jobs_are_asked_about_alike(answerer):
    plumber = feats(answerer, "how much do plumbers make")
    nurse = feats(answerer, "how much do nurses make")
    assert not any("plumber" in f for f in plumber)
    assert "b:do_<r>" in plumber and "b:do_<r>" in nurse


@pytest.mark.parametrize(
    "message, label",
    [
        ("how much do plumbers make", "salary"),
        ("what does a millwright do", "duties"),
        ("do surveyors work outside", "environment"),
        ("do i need a masters to be a statistician", "requirements"),
        ("my manager said the plumber never showed up", NONE),
        ("as a nurse I was exhausted today", NONE),
    ],
)
def test_decides_asks_from_chatter(answerer, message, label):
    assert answerer.kb.decision.decide(feats(answerer, message)).label == label


@pytest.mark.parametrize(
    "content, problem",
    [
        ("{", "not valid JSON"),
        ('{"version": 99}', "format version"),
        ('{"version": 1, "classes": ["none"]}', "classes must be"),
    ],
)
def test_a_broken_model_file_is_reported_with_its_file(kb_copy, content, problem):
    (kb_copy / "model").mkdir()
    (kb_copy / "model" / "decision.json").write_text(content, encoding="utf-8")
    with pytest.raises(Exception) as error:
        load_knowledge(kb_copy)
    assert "decision.json:1:" in str(error.value) and problem in str(error.value)


def test_decision_error_keeps_its_line():
    error = DecisionError(3, "bad")
    assert (error.line, error.message) == (3, "bad")
