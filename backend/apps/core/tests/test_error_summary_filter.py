"""The shared error summary names each field once, in plain words."""

from __future__ import annotations

from django import forms

from apps.core.templatetags.coollight import error_summary


class _QuestionForm(forms.Form):
    message = forms.CharField(label="What do you need?")
    reference = forms.CharField(label="Booking reference:")


def test_a_label_ending_in_punctuation_gets_no_second_mark():
    form = _QuestionForm(data={})
    assert not form.is_valid()
    labels = [item["label"] for item in error_summary(form)]
    assert labels == ["What do you need", "Booking reference"]
    assert [item["href"] for item in error_summary(form)] == ["#id_message", "#id_reference"]
