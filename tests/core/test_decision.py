"""The learned decision: plain-data weights, role identity hidden from it, and what it decides on real asks."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


BAD_ROWS = st.one_of(
    st.lists(st.floats(-5, 5), max_size=6),  # too short
    st.lists(st.floats(-5, 5), min_size=8, max_size=9),  # too long
    st.lists(st.one_of(st.floats(-5, 5), st.text(max_size=3), st.none(), st.lists(st.integers(), max_size=1)),
             min_size=7, max_size=7).filter(lambda row: not all(isinstance(w, (int, float)) for w in row)),
    st.lists(st.floats(-5, 5), min_size=6, max_size=6).map(lambda row: row + [1e6]),  # beyond MAX_WEIGHT
    st.lists(st.floats(-5, 5), min_size=6, max_size=6).flatmap(  # not a number, anywhere in the row
        lambda row: st.integers(0, 6).map(lambda at: row[:at] + [float("nan")] + row[at:])),
    st.text(max_size=5), st.none(), st.integers(),
)


@given(st.dictionaries(st.text(max_size=8), st.lists(st.floats(-5, 5), min_size=7, max_size=7), max_size=20),
       st.text(min_size=1, max_size=8), BAD_ROWS)
@settings(max_examples=200, deadline=None)
def test_any_malformed_weight_row_is_named(good, feature, bad):
    """The fast whole-table check lets nothing through that the row-by-row check would refuse, and the row at
    fault is the one named."""
    weights = {f: row for f, row in good.items() if f != feature} | {feature: bad}
    data = {"version": 1, "classes": list(CLASSES), "bias": [0.0] * 7, "threshold": 0.5, "weights": weights}
    with pytest.raises(DecisionError) as error:
        DecisionModel.from_dict(data)
    assert f"weights[{feature!r}]" in error.value.message


@given(st.dictionaries(st.text(max_size=8), st.lists(st.one_of(st.floats(-999, 999), st.integers(-999, 999)),
                                                        min_size=7, max_size=7), max_size=20))
@settings(max_examples=100, deadline=None)
def test_sound_weights_load_and_score_as_their_sum(weights):
    data = {"version": 1, "classes": list(CLASSES), "bias": [0.5] * 7, "threshold": 0.5, "weights": weights}
    model = DecisionModel.from_dict(data)
    feats = list(weights)
    expected = [0.5 + sum(float(weights[f][k]) for f in feats) for k in range(7)]
    assert model.scores(feats) == pytest.approx(expected, abs=1e-4)


# -- the fast path: `decide_message` reads the same weights without making feature strings ----------------------

def _both_ways(model, answerer, text):
    kb, index = answerer.kb, answerer.index
    tagged = tag(text, index, kb.language)
    pivot = _comparison_pivot(tagged, kb.language)
    roles, subjects = _roles_asked_about(tagged.found, index, pivot, kb.language.own_words)
    compare = pivot is not None and len(roles) == 2
    return (model.scores(features(tagged, subjects, index, compare=compare)),
            model._message_scores(tagged, subjects, index, compare),
            model.decide(features(tagged, subjects, index, compare=compare)),
            model.decide_message(tagged, subjects, index, compare=compare))


MESSAGE_WORDS = ["what", "does", "a", "an", "how", "much", "do", "make", "earn", "vs", "or", "salary", "salry",
                 "skills", "need", "become", "in", "texas", "tx", "TX", "Ohio", "austin", "nurse", "RN", "rn", "NP",
                 "PA", "plumbing", "electrician", "software", "engineer", "data", "analyst", "ops", "manager",
                 "guide", "coach", "lol", "my", "boss", "is", "2025", "50k", "school", "degree", "?", ".", "!"]


@given(st.lists(st.sampled_from(MESSAGE_WORDS), min_size=1, max_size=25))
@settings(max_examples=300, deadline=None)
def test_the_fast_path_scores_every_message_exactly_as_the_features_do(answerer, words):
    text = " ".join(words)
    reference, fast, decided, decided_fast = _both_ways(answerer.kb.decision, answerer, text)
    assert fast == reference  # integer sums of the same weights: equal to the last bit
    assert decided_fast == decided


@given(st.dictionaries(st.sampled_from(["w:", "b:", "t:", "L1:", "R2:", "zL1:0|", "s:z:", "nr:", "len:"])
                       .flatmap(lambda kind: st.sampled_from(["<r>", "<s>", "</s>", "<p>", "a", "do", "x_y", "_",
                                                              "a_<r>", "<r>_make", "do_<r>_make", "1", "2"])
                                .map(lambda rest: kind + rest)),
                       st.lists(st.floats(-5, 5), min_size=7, max_size=7), min_size=1, max_size=30),
       st.lists(st.sampled_from(MESSAGE_WORDS), min_size=1, max_size=12))
@settings(max_examples=200, deadline=None)
def test_the_fast_path_files_odd_feature_names_as_the_strings_would_find_them(answerer, weights, words):
    """Feature names with "_" inside a token, a triple without the role, a window or shape feature: the tables
    find exactly the weights the feature strings would."""
    model = DecisionModel.from_dict({"version": 1, "classes": list(CLASSES), "bias": [0.1] * 7, "threshold": 0.5,
                                     "weights": weights})
    reference, fast, decided, decided_fast = _both_ways(model, answerer, " ".join(words))
    assert fast == reference and decided_fast == decided


def test_the_fast_path_remembers_shapes_for_one_role_index_at_a_time(answerer):
    """A shape's summed weights depend on the role index (how common a name is), so another index starts
    afresh; and the snapshot pickles the tables without what they remembered."""
    import copy
    import pickle

    model, text = answerer.kb.decision, "how much do plumbers make in texas?"
    tagged = tag(text, answerer.index, answerer.kb.language)
    roles, subjects = _roles_asked_about(tagged.found, answerer.index, None, answerer.kb.language.own_words)
    model.decide_message(tagged, subjects, answerer.index, compare=False)
    assert model.tables.index is answerer.index and model.tables.shapes
    other = copy.copy(answerer.index)
    before = model._message_scores(tagged, subjects, answerer.index, False)
    assert model._message_scores(tagged, subjects, other, False) == before
    assert model.tables.index is other and len(model.tables.shapes) == 1
    tables = pickle.loads(pickle.dumps(model.tables))
    assert tables.shapes == {} and tables.index is None and tables.pairs == model.tables.pairs


@given(st.text(alphabet="ab_", max_size=12), st.integers(1, 3))
def test_a_feature_name_is_filed_under_every_cut_at_underscores(text, parts):
    from math import comb

    from bot.core.decision import _cuts

    cuts = _cuts(text, parts)
    assert all(len(cut) == parts and "_".join(cut) == text for cut in cuts)
    assert len(set(cuts)) == len(cuts) == comb(text.count("_"), parts - 1)
