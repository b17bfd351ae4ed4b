"""Candidate names: what the wire schema lets the model pick as actor names."""

from __future__ import annotations

from summarizer.text.names import candidate_names


def test_a_middle_initial_stays_inside_the_name():
    names = candidate_names(["Chief executive John G. Stumpf met Russian President Vladimir V. Putin on Monday."])
    assert "John G. Stumpf" in names
    assert "Vladimir V. Putin" in names  # the title-less form of a long run
    assert not any(n in names for n in ("John G", "G. Stumpf", "Russian President Vladimir", "V. Putin"))


def test_a_title_is_dropped_for_the_shorter_form_but_a_place_is_not_cut_off():
    names = candidate_names(["Defense Minister Sergei Shoigu spoke.", "The Bank of England said so."])
    assert {"Defense Minister Sergei Shoigu", "Sergei Shoigu", "Bank of England"} <= set(names)
    assert "of England" not in names


def test_names_are_distinct_in_order_of_first_use_and_skip_weekdays():
    names = candidate_names(["On Monday Jane Doe spoke.", "Jane Doe and the Council of Europe replied."])
    assert names == ["Jane Doe", "Council of Europe"]


def test_a_headline_and_sentence_initial_common_words_are_not_names():
    texts = [
        "Shake-Up at Wells Fargo Fails to Dispel Skepticism From Lawmakers.",
        "Police said John G. Stumpf resigned. The police did not say why.",
        "Wells Fargo declined to comment.",
    ]
    names = candidate_names(texts)
    assert names == ["John G. Stumpf", "Wells Fargo"]  # from the body, not the headline; no "Police"


def test_a_title_cut_keeps_organisations_whole():
    names = candidate_names(["The Democratic National Committee and Chief of Staff Valery Gerasimov met."])
    assert names == ["Democratic National Committee", "Chief of Staff Valery Gerasimov", "Valery Gerasimov"]
