"""core.forms: the multi-file field, the review form and save_form."""

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.datastructures import MultiValueDict

from core.forms import CrispyForm, MultipleFileField, ReviewForm, save_form

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class FilesForm(CrispyForm):
    files = MultipleFileField(label="files")


def files_data(*pairs):
    return MultiValueDict({"files": [SimpleUploadedFile(n, d) for n, d in pairs]})


def test_multiple_files_are_checked_and_each_refusal_is_named():
    with translation.override("en"):
        form = FilesForm(
            data={}, files=files_data(("a.pdf", PDF), ("b.jpg", b"no"), ("c.png", b"no"))
        )
        assert not form.is_valid()
    assert len(form.errors["files"]) == 2
    assert "b.jpg" in form.errors["files"][0] and "c.png" in form.errors["files"][1]


def test_multiple_files_give_checked_uploads():
    form = FilesForm(data={}, files=files_data(("a.pdf", PDF), ("b.pdf", PDF)))
    assert form.is_valid()
    assert [c.content_type for c in form.cleaned_data["files"]] == ["application/pdf"] * 2


def test_the_crispy_helper_has_no_form_tag_and_lists_the_fields():
    helper = FilesForm().helper
    assert helper.form_tag is False
    assert "files" in str(helper.layout.fields)


def test_returning_needs_a_comment_accepting_does_not():
    with translation.override("en"):
        returned = ReviewForm(data={"decision": "return", "comment": "  "})
        assert not returned.is_valid()
        assert "Say what must be corrected" in returned.errors["comment"][0]
    accepted = ReviewForm(data={"decision": "accept"})
    assert accepted.is_valid() and accepted.accepted


def test_a_reviewer_is_offered_only_what_they_may_decide():
    form = ReviewForm(can_accept=False, return_label="Send back")
    assert [v for v, _label in form.fields["decision"].choices] == ["return"]
    assert form.fields["decision"].choices[0][1] == "Send back"
    assert not ReviewForm(data={"decision": "accept"}, can_accept=False).is_valid()


class NameForm(forms.Form):
    name = forms.CharField()


def test_save_form_hands_clean_data_to_the_service_and_shows_its_refusals():
    assert save_form(NameForm(data={"name": "x"}), lambda d: d["name"].upper()) == "X"

    def refuse_field(data):
        raise ValidationError({"name": "taken", "other": "not a field here"})

    form = NameForm(data={"name": "x"})
    assert save_form(form, refuse_field) is None
    assert form.errors["name"] == ["taken"] and form.non_field_errors() == ["not a field here"]

    def refuse(data):
        raise ValidationError("no")

    form = NameForm(data={"name": "x"})
    assert save_form(form, refuse) is None and form.non_field_errors() == ["no"]

    called = []
    assert save_form(NameForm(data={}), called.append) is None and called == []


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_file_help_is_in_the_language_of_the_request(language):
    with translation.override(language):
        text = str(FilesForm().fields["files"].help_text)
    assert text.startswith("Photos" if language == "en" else "照片")
