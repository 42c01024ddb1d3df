"""core.concurrency and the kernel's form pieces for it: versioned saves, one action per
form token, a database constraint shown on the form."""

import pytest
from django import forms
from django.db import IntegrityError, transaction

from core.concurrency import StaleEdit, save_versioned
from core.forms import CrispyForm, OnceFormMixin, save_form
from core.models import FormSubmission
from enterprises.models import County

from ..factories import CountyFactory


class NameForm(OnceFormMixin, CrispyForm):
    name = forms.CharField()


def test_the_token_is_random_per_rendered_form_and_hidden():
    first, second = NameForm(), NameForm()
    assert first["submission_token"].value() != second["submission_token"].value()
    assert 'type="hidden"' in str(first["submission_token"])


def test_one_token_acts_once_and_returns_the_first_result(db):
    calls = []

    def save(data):
        calls.append(data)
        return CountyFactory(name_zh=data["name"])

    data = {"name": "甲县", "submission_token": "t" * 32}
    first = save_form(NameForm(data), save)
    again = save_form(NameForm(data), save)
    assert len(calls) == 1 and calls[0] == {"name": "甲县"}  # the token is not handed on
    assert again == first and County.objects.filter(name_zh="甲县").count() == 1
    assert FormSubmission.objects.get().url == ""  # County has no page; the record is kept


def test_a_refused_submission_frees_its_token(db):
    from django.core.exceptions import ValidationError

    def refuse(data):
        raise ValidationError("不行")

    data = {"name": "乙县", "submission_token": "u" * 32}
    form = NameForm(data)
    assert save_form(form, refuse) is None and "不行" in form.non_field_errors()
    assert not FormSubmission.objects.exists()
    assert save_form(NameForm(data), lambda d: CountyFactory(name_zh=d["name"])) is not None


def test_a_constraint_error_is_a_message_on_the_form_not_a_server_error(db):
    def clash(data):
        with transaction.atomic():
            raise IntegrityError("duplicate key")

    form = NameForm({"name": "丙县"})
    assert save_form(form, clash) is None
    assert "已经保存" in " ".join(form.non_field_errors())


def test_save_versioned_refuses_an_old_version_and_keeps_the_row(db):
    from tests.factories import EnterpriseFactory

    ent = EnterpriseFactory(address="旧")
    saved = save_versioned(ent, actor=None, data={"address": "新", "version": 1})
    assert saved.version == 2
    with pytest.raises(StaleEdit) as exc:
        save_versioned(ent, actor=None, data={"address": "更旧的页面", "version": 1})
    assert exc.value.current.address == "新" and exc.value.current.version == 2
    ent.refresh_from_db()
    assert ent.address == "新" and ent.version == 2
