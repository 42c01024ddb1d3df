"""inspections.messages: every inspection event is stored as an event (kind and JSON
parameters) and worded in each reader's language when read or mailed."""

import json
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone, translation

from accounts.models import Role
from inspections import messages, services
from inspections.models import Category
from notifications.messages import Rendered, known_kinds, render
from notifications.models import Notification
from notifications.reminders import Deadline, Reminder, Rung, Stage
from notifications.selectors import inbox_for
from notifications.services import deliver_pending_notifications
from tests.factories import FindingFactory, UserFactory

from .conftest import checked, completed_node, finding_data, pdf

KINDS = {
    "inspection.finding_issued",
    "inspection.finding_responded",
    "inspection.finding_reviewed",
    "inspection.finding_due",
    "inspection.finding_overdue",
    "inspection.finding_escalated",
    "inspection.verification_proposed",
}


def _sample_messages(world):
    """One message of every inspection kind, built by the app's factories from records."""
    from inspections.models import FindingResponse, FindingReview, VerificationTask

    finding = FindingFactory(enterprise=world.ent_a, description="料棚未封闭", requirement="封闭")
    response = FindingResponse(finding=finding, text="已封闭")
    review = FindingReview(finding=finding, response=response, accepted=False, reason="照片不清")
    item = Deadline(finding.pk, finding.deadline, finding.enterprise_id, None, obj=finding)
    task = VerificationTask(pk=1, node=completed_node(world.ent_a), enterprise=world.ent_a)
    return [
        messages.finding_issued(finding),
        messages.finding_responded(finding, response),
        messages.finding_reviewed(finding, review),
        messages.finding_reminder(Reminder(Stage.DUE, item, 3)),
        messages.finding_reminder(Reminder(Stage.OVERDUE, item, 8)),
        messages.finding_reminder(Reminder(Stage.ESCALATED, item, 31, Rung(30, ()))),
        messages.verification_proposed(task, week=1),
    ]


def test_every_kind_has_a_renderer_and_json_parameters(world):
    assert known_kinds() >= KINDS
    built = _sample_messages(world)
    assert {m.kind for m in built} == KINDS
    for message in built:
        assert json.loads(json.dumps(message.params)) == message.params
        for language in ("zh-hans", "en"):
            rendered = render(message.kind, message.params, language)
            assert isinstance(rendered, Rendered)
            assert rendered.subject and rendered.subject != "Notification"
            assert rendered.subject != "通知"


def test_the_same_event_reads_in_chinese_and_in_english(world):
    finding = FindingFactory(
        enterprise=world.ent_a,
        deadline=timezone.localdate() - timedelta(days=8),
        requirement="完成料棚封闭",
    )
    item = Deadline(finding.pk, finding.deadline, finding.enterprise_id, None, obj=finding)
    message = messages.finding_reminder(Reminder(Stage.OVERDUE, item, 8))
    assert message.urgent and message.kind == "inspection.finding_overdue"
    zh = render(message.kind, message.params, "zh-hans")
    en = render(message.kind, message.params, "en")
    ref, deadline = finding.reference, finding.deadline.isoformat()
    assert zh.subject == f"整改已逾期8天：{world.ent_a.name_zh} {ref}"
    assert en.subject == f"Rectification overdue by 8 days: {world.ent_a.name_en} {ref}"
    assert zh.body == f"整改期限{deadline}。完成料棚封闭"
    assert en.body == f"Deadline {deadline}. 完成料棚封闭"  # typed text stays as typed


@pytest.mark.parametrize(("days", "urgent"), [(7, False), (3, False), (1, True), (0, True)])
def test_a_due_reminder_is_urgent_from_one_day_before(world, days, urgent):
    finding = FindingFactory(enterprise=world.ent_a)
    item = Deadline(finding.pk, finding.deadline, finding.enterprise_id, None, obj=finding)
    assert messages.finding_reminder(Reminder(Stage.DUE, item, days)).urgent is urgent


def test_a_finding_reaches_each_contact_in_their_own_language(world):
    """Issued by an English-speaking inspector: the Chinese-speaking contact reads it in
    Chinese, the English-speaking one in English, in the inbox and in the e-mail."""
    inspector = world.bureau
    inspector.language = "en"
    inspector.save(update_fields=["language"])
    chinese = world.contact_a
    chinese.language = "zh-hans"
    chinese.save(update_fields=["language"])
    english = UserFactory(
        username="contact_a_en", role=Role.CONTACT, enterprise=world.ent_a, language="en"
    )
    mail.outbox.clear()
    with translation.override(inspector.preferred_language):
        finding = services.finding_create(
            actor=inspector,
            enterprise=world.ent_a,
            data=finding_data(category=Category.FUGITIVE, description="料棚未封闭"),
        )
    ref, deadline = finding.reference, finding.deadline.isoformat()
    name_zh, name_en = world.ent_a.name_zh, world.ent_a.name_en
    zh_subject = f"请于{deadline}前完成整改：{name_zh}"
    en_subject = f"Rectification required by {deadline}: {name_en}"

    # the inbox, rendered in the language of the page each reader is looking at
    zh_row = inbox_for(user=chinese).get(kind="inspection.finding_issued")
    en_row = inbox_for(user=english).get(kind="inspection.finding_issued")
    assert zh_row.urgent and en_row.urgent
    with translation.override("zh-hans"):
        assert zh_row.subject == zh_subject
        assert zh_row.body == f"{ref} 无组织排放：料棚未封闭\n整改要求：完成料棚封闭"
    with translation.override("en"):
        assert en_row.subject == en_subject
        assert en_row.body == f"{ref} Fugitive emissions: 料棚未封闭\nRequired: 完成料棚封闭"

    # the e-mail, rendered by the worker in each recipient's preferred language
    assert deliver_pending_notifications() == 2
    sent = {m.to[0]: m for m in mail.outbox}
    assert sent[chinese.email].subject == f"[ULE] {zh_subject}"
    assert "无组织排放" in sent[chinese.email].body
    assert sent[english.email].subject == f"[ULE] {en_subject}"
    assert "Fugitive emissions" in sent[english.email].body
    assert "料棚未封闭" in sent[english.email].body


def test_answer_and_return_are_told_to_the_right_people(world):
    finding = services.finding_create(
        actor=world.county_a_staff, enterprise=world.ent_a, data=finding_data()
    )
    services.finding_respond(
        actor=world.contact_a, finding=finding, text="已整改", uploads=[checked(pdf())]
    )
    answered = Notification.objects.filter(kind="inspection.finding_responded")
    # the county staff (here also the finding's author) once, not the contacts
    assert list(answered.values_list("recipient", flat=True)) == [world.county_a_staff.pk]
    with translation.override("en"):
        assert answered.get().subject == (
            f"Rectification answered, please verify: {world.ent_a.name_en} {finding.reference}"
        )
        assert answered.get().body == "已整改"
    services.finding_review(
        actor=world.county_a_staff, finding=finding, accept=False, reason="照片不清"
    )
    returned = Notification.objects.get(kind="inspection.finding_reviewed")
    assert returned.recipient == world.contact_a and returned.urgent
    with translation.override("zh-hans"):
        assert finding.reference in returned.subject and returned.body == "照片不清"


def test_a_finding_drafted_by_an_english_inspector_uses_the_official_checklist_text(client, world):
    """Issue 12: the record goes to a Chinese enterprise; the inspector's interface language
    does not change the checklist text it quotes."""
    from django.urls import reverse

    from .conftest import submitted_inspection

    inspection = submitted_inspection(world)
    item = inspection.answers.select_related("item").order_by("item__order").first().item
    assert item.text_en and item.text_en != item.text_zh
    client.cookies["django_language"] = "en"
    client.force_login(world.county_a_staff)
    url = reverse("inspections:finding_create_from", args=[inspection.pk]) + f"?item={item.pk}"
    form = client.get(url).context["form"]
    assert form.initial["description"].startswith(item.text_zh)
    assert item.text_en not in form.initial["description"]
    assert form.initial["requirement"].endswith(item.text_zh)
    assert "Rectify" not in form.initial["requirement"]
