"""apps.core.names: the one place every door cleans a person's name."""

import pytest
from django.core.exceptions import ValidationError

from apps.core.exceptions import DomainError
from apps.core.names import clean_person_name

INVISIBLE = [
    "\u200b",  # zero-width space
    "\u200b\u200c\u200d\u2060",  # zero-width (non-)joiners, word joiner
    "\ufeff",  # byte-order mark
    " \u00a0\u3000 ",  # no-break and ideographic spaces
    "\u3164",  # Hangul filler (a "letter" that renders blank)
    "\u202e\u202d",  # bidi overrides
    "\u0301",  # a lone combining accent
    "...",
]


@pytest.mark.parametrize("value", INVISIBLE)
def test_a_name_without_a_visible_letter_is_refused_naming_the_field(value):
    with pytest.raises(ValidationError) as caught:
        clean_person_name(value, field="full_name")
    assert list(caught.value.message_dict) == ["full_name"]


def test_a_missing_required_name_is_refused():
    with pytest.raises(ValidationError) as caught:
        clean_person_name("   ", field="name")
    assert caught.value.message_dict == {"name": ["Tell us your name."]}


def test_an_optional_name_may_be_blank_but_not_invisible():
    assert clean_person_name("", required=False) == ""
    assert clean_person_name("  ", required=False) == ""
    with pytest.raises(ValidationError):
        clean_person_name("x\u200b".replace("x", "\u3164"), required=False)


def test_a_service_can_ask_for_its_own_error():
    with pytest.raises(DomainError) as caught:
        clean_person_name("\u200b", field="signer_name", error=DomainError)
    assert caught.value.field == "signer_name"


def test_names_are_trimmed_of_spaces_and_invisible_characters_and_in_nfc():
    assert clean_person_name("  Wanjiku Kariuki \n") == "Wanjiku Kariuki"
    assert clean_person_name("\u200b\ufeffAma\u200d ") == "Ama"
    decomposed = "Rene\u0301e Ngo\u0303"
    assert clean_person_name(decomposed) == "Ren\u00e9e Ng\u00f5"
    # Letters of every script are names.
    assert clean_person_name("\u0645\u062d\u0645\u062f") == "\u0645\u062d\u0645\u062f"
    assert clean_person_name("\u674e\u96f7") == "\u674e\u96f7"
    # A joiner inside a name (e.g. in Indic scripts) is kept.
    assert clean_person_name("\u0915\u094d\u200d\u0937") == "\u0915\u094d\u200d\u0937"
