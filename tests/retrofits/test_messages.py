"""What retrofit events say: stored as events, rendered in each reader's language (inbox and
e-mail), whatever the language of the person who caused them."""

import datetime

from django.core import mail
from django.utils import timezone, translation

from notifications.messages import known_kinds, render
from notifications.models import Notification
from notifications.services import deliver_pending_notifications
from retrofits import services

from .conftest import make_project, node

D = datetime.timedelta
TODAY = timezone.localdate()
KINDS = {
    f"retrofit.{event}"
    for event in (
        "plan_approved",
        "node_completed",
        "moved_forward",
        "postponement_requested",
        "postponement_decided",
        "report_submitted",
        "report_reviewed",
        "due",
        "missed",
        "escalated",
    )
}


def set_language(user, language):
    user.language = language
    user.save(update_fields=["language"])


def test_every_retrofit_event_has_a_renderer():
    assert known_kinds() >= KINDS


def test_params_hold_json_values_and_names_in_both_languages(world, project_a):
    n = node(project_a, 3)
    services.node_change_date(actor=world.contact_a, node=n, new_date=n.planned_date - D(2))
    row = Notification.objects.filter(kind="retrofit.moved_forward").first()
    assert row.params["enterprise"] == {"zh-hans": world.ent_a.name_zh, "en": world.ent_a.name_en}
    assert row.params["node"] == {"zh-hans": "设备订货", "en": "Equipment ordered"}
    assert row.params["new"] == (n.planned_date - D(2)).isoformat() and row.params["days"] == 2


def test_a_chinese_speakers_event_reaches_an_english_reader_in_english(world, project_a):
    set_language(world.contact_a, "zh-hans")
    set_language(world.county_a_staff, "en")
    n = node(project_a, 3)
    mail.outbox.clear()
    with translation.override("zh-hans"):  # the request of the Chinese-speaking contact
        services.node_change_date(actor=world.contact_a, node=n, new_date=n.planned_date - D(5))
    row = Notification.objects.get(kind="retrofit.moved_forward", recipient=world.county_a_staff)
    with translation.override("en"):  # the English reader's inbox
        assert row.subject == (
            f"Moved forward: {world.ent_a.name_en} · {project_a.name} · Equipment ordered"
        )
        assert "5 days earlier" in row.body
    assert "节点提前" in row.subject  # the same row in a Chinese page
    deliver_pending_notifications()
    sent = {m.to[0]: m for m in mail.outbox}
    english = sent[world.county_a_staff.email]
    assert (
        english.subject.startswith("[ULE] Moved forward: ")
        and "Equipment ordered" in english.subject
    )
    assert "5 days earlier" in english.body and n.get_absolute_url() in english.body
    chinese = sent[world.contact_a.email]
    assert "节点提前" in chinese.subject and "设备订货" in chinese.subject


def test_an_english_speakers_event_reaches_a_chinese_reader_in_chinese(world, project_a):
    set_language(world.contact_a, "en")
    set_language(world.office, "zh-hans")
    set_language(world.bureau, "en")
    n = node(project_a, 3)
    mail.outbox.clear()
    with translation.override("en"):  # the request of the English-speaking contact
        services.node_change_date(
            actor=world.contact_a, node=n, new_date=n.planned_date + D(10), reason="Late delivery"
        )
    row = Notification.objects.get(kind="retrofit.postponement_requested", recipient=world.office)
    with translation.override("zh-hans"):
        assert row.subject == f"延期申请：{world.ent_a.name_zh} · {project_a.name} · 设备订货"
        assert "Late delivery" in row.body
    deliver_pending_notifications()
    sent = {m.to[0]: m for m in mail.outbox}
    assert sent[world.office.email].subject.startswith("[ULE] 延期申请：")
    assert "设备订货" in sent[world.office.email].body
    assert sent[world.bureau.email].subject.startswith("[ULE] Postponement requested: ")


def test_reminders_keep_the_delay_against_the_committed_date(world):
    p = make_project(world, actor=world.contact_a, approver=world.bureau, start=TODAY - D(12))
    n = node(p, 1)
    services.daily_sweep(today=TODAY)
    missed = Notification.objects.filter(kind="retrofit.missed", recipient=world.contact_a).get()
    escalated = Notification.objects.get(kind="retrofit.escalated")
    with translation.override("en"):
        assert missed.subject.startswith("Missed by 12 days: ")
        assert f"committed date ({n.committed_date.isoformat()}): 12 days" in missed.body
        assert escalated.subject.startswith("Escalation (missed 12 days)")
        assert "county sub-bureau's lead" in escalated.body and "12 days." in escalated.body


def test_a_kind_without_renderer_still_shows_something():
    assert render("retrofit.unknown", {}).subject
