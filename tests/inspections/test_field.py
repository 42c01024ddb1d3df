"""Work in the field (issue 12): the logging page's autosave endpoint (access, locking, stale
versions, constant queries), draws superseded only with a recorded reason, the warning when a
new finding duplicates an open one, and what the browser's upload check is given."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from core.uploads import max_bytes
from enterprises.models import Enterprise
from inspections import draws, selectors, services
from inspections.draws import PoolEntry, SupersedeRequired
from inspections.models import (
    AnswerResult,
    ChecklistTemplate,
    Draw,
    DrawSupersession,
    DrawTarget,
    Finding,
    Inspection,
    TargetClass,
)

from .conftest import answer_all, make_finding, open_inspection, submitted_inspection


def _autosave(client, inspection, *, version=None, results=None, **extra):
    items = list(inspection.answers.select_related("item").order_by("item__order"))
    data = {"version": inspection.version if version is None else version, **extra}
    for n, answer in enumerate(items):
        result = (results or {}).get(n, "")
        data[f"result_{answer.item_id}"] = result
        data[f"note_{answer.item_id}"] = "料棚东侧扬尘" if result == "non_compliant" else ""
    return client.post(reverse("inspections:autosave", args=[inspection.pk]), data)


# ------------------------------------------------------------------------------------------
# Autosave


def test_autosave_keeps_the_answers_on_the_open_draft_and_moves_its_version(client, world):
    inspection = open_inspection(world)
    client.force_login(world.county_a_staff)
    response = _autosave(
        client,
        inspection,
        results={0: "compliant", 1: "non_compliant", 2: "not_applicable"},
        summary="现场检查进行中",
        enterprise_present="张磊",
    )
    assert response.status_code == 200
    body = response.json()
    inspection.refresh_from_db()
    assert body["version"] == inspection.version == 2
    assert body["answered"] == 3 and body["total"] == inspection.answers.count()
    assert inspection.status == "draft"  # never submitted by an autosave
    assert inspection.summary == "现场检查进行中" and inspection.enterprise_present == "张磊"
    results = dict(inspection.answers.values_list("item__order", "result"))
    stored = [results[k] for k in sorted(results)][:4]
    assert stored == ["compliant", "non_compliant", "not_applicable", ""]
    assert inspection.answers.get(result="non_compliant").note == "料棚东侧扬尘"
    # the next save carries the new version
    assert _autosave(client, inspection, version=2, results={3: "compliant"}).status_code == 200


def test_autosave_over_someone_elses_newer_save_is_refused_as_stale(client, world):
    inspection = open_inspection(world)
    client.force_login(world.county_a_staff)
    assert _autosave(client, inspection, results={0: "compliant"}).status_code == 200
    # the page still holds version 1: another inspector saved version 2 meanwhile
    response = _autosave(client, inspection, version=1, results={0: "non_compliant"})
    assert response.status_code == 409
    assert response.json()["error"] == "stale" and response.json()["version"] == 2
    first = inspection.answers.order_by("item__order").first()
    assert first.result == "compliant"


def test_autosave_on_a_submitted_record_is_refused_and_changes_nothing(client, world):
    inspection = submitted_inspection(world)
    before = list(inspection.answers.values_list("id", "result", "note"))
    client.force_login(world.county_a_staff)
    response = _autosave(client, inspection, results={0: "not_applicable"})
    assert response.status_code == 409 and response.json()["error"] == "locked"
    assert list(inspection.answers.values_list("id", "result", "note")) == before


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("office", 200),
        ("bureau", 200),
        ("county_a_staff", 200),
        ("county_b_staff", 404),  # another county's inspection does not exist for them
        ("vehicle", 403),  # sees it, not on the team
        ("contact_a", 404),  # drafts are never shown to contacts
        ("contact_b", 404),
        ("official", 403),
    ],
)
def test_autosave_permissions(client, world, role, expected):
    inspection = open_inspection(world)
    client.force_login(getattr(world, role))
    assert _autosave(client, inspection, results={0: "compliant"}).status_code == expected
    changed = Inspection.objects.get(pk=inspection.pk).version != 1
    assert changed == (expected == 200)


def test_autosave_of_another_enterprises_inspection_is_not_found(client, world):
    other = open_inspection(
        world,
        enterprise=world.ent_b,
        actor=world.county_b_staff,
        team=[world.county_b_staff, world.bureau],
    )
    client.force_login(world.county_a_staff)
    assert _autosave(client, other, results={0: "compliant"}).status_code == 404


def test_autosave_needs_post_and_sign_in(client, world):
    inspection = open_inspection(world)
    url = reverse("inspections:autosave", args=[inspection.pk])
    assert "/accounts/login/" in client.post(url, {"version": 1})["Location"]
    client.force_login(world.county_a_staff)
    assert client.get(url).status_code == 405
    assert client.post(url, {"version": "x"}).status_code == 400
    bad = _autosave(client, inspection, results={0: "maybe"})
    assert bad.status_code == 400


def test_autosave_queries_do_not_grow_with_the_checklist(
    client, world, django_assert_max_num_queries
):
    small = open_inspection(world)
    large = open_inspection(world, templates=list(ChecklistTemplate.objects.filter(industry="")))
    assert large.answers.count() > small.answers.count() + 5
    client.force_login(world.county_a_staff)
    counts = []
    for inspection in (small, large):
        everything = dict.fromkeys(range(inspection.answers.count()), "compliant")
        with django_assert_max_num_queries(24) as ctx:
            assert _autosave(client, inspection, results=everything).status_code == 200
        counts.append(len(ctx))
    assert counts[0] == counts[1]


# ------------------------------------------------------------------------------------------
# The logging page


def test_logging_page_has_sections_with_counts_autosave_and_the_upload_limits(client, world):
    inspection = open_inspection(
        world, templates=list(ChecklistTemplate.objects.filter(industry="").order_by("order"))
    )
    answer_all(inspection, world.county_a_staff, non_compliant=0)
    client.force_login(world.county_a_staff)
    with translation.override("en"):
        html = client.get(reverse("inspections:edit", args=[inspection.pk])).content.decode()
    record = selectors.inspection_record(inspection=inspection)
    assert html.count('data-testid="section-count"') == len(record.sections) > 1
    for section in record.sections:
        assert f'href="#section-{section.version.pk}"' in html
        assert f'id="section-{section.version.pk}"' in html
        assert f'data-mark-compliant="{section.version.pk}"' in html
    assert reverse("inspections:autosave", args=[inspection.pk]) in html
    assert 'aria-live="polite"' in html and 'data-testid="autosave-status"' in html
    assert f'data-max-bytes="{max_bytes()}"' in html
    assert "inspections/spot_check.js" in html


# ------------------------------------------------------------------------------------------
# Uploads sent with a progress bar


def test_a_redirect_answer_to_an_upload_sent_by_script_is_given_as_json(client, world):
    inspection = open_inspection(world)
    client.force_login(world.county_a_staff)
    data = {
        "started_at": timezone.localtime(inspection.started_at).strftime("%Y-%m-%dT%H:%M"),
        "inspectors": [world.county_a_staff.pk, world.bureau.pk],
        "version": inspection.version,
        "action": "save",
    }
    url = reverse("inspections:edit", args=[inspection.pk])
    response = client.post(url, data, headers={"X-Portal-Upload": "1"})
    assert response.status_code == 200
    assert response.json() == {"redirect": url}
    # the message waits for the page the browser goes to
    assert "alert-success" in client.get(url).content.decode()
    # without the header, the ordinary redirect
    data["version"] = inspection.version + 1
    assert client.post(url, data).status_code == 302


def test_size_limit_reaches_rendered_file_inputs(client, world, settings):
    settings.UPLOAD_MAX_BYTES = 3 * 1024 * 1024
    client.force_login(world.bureau)
    url = reverse("inspections:finding_create") + f"?enterprise={world.ent_a.pk}"
    html = client.get(url).content.decode()
    assert f'data-max-bytes="{3 * 1024 * 1024}"' in html and "data-upload-check" in html


# ------------------------------------------------------------------------------------------
# Draws superseded only with a reason


def _draw(world, *, start, days=20, ents=None, reason="", seed=5):
    return draws.draw_run(
        actor=world.office,
        title=f"draw {start} {seed}",
        period_start=start,
        period_end=start + timedelta(days=days),
        pool=[PoolEntry(e, TargetClass.KEY) for e in (ents or [world.ent_a, world.ent_b])],
        ratios={"key": 100, "special": 0, "general": 0},
        inspectors=[world.bureau, world.vehicle, world.office],
        seed=seed,
        supersede_reason=reason,
    )


def test_a_second_draw_for_the_same_period_needs_a_reason_and_marks_the_first(world):
    start = timezone.localdate() - timedelta(days=30)
    first = _draw(world, start=start)
    with pytest.raises(SupersedeRequired) as exc:
        _draw(world, start=start + timedelta(days=5), seed=6)
    assert exc.value.standing == [first]
    assert "supersede_reason" in exc.value.error_dict
    assert Draw.objects.count() == 1
    second = _draw(world, start=start + timedelta(days=5), seed=6, reason="名单有误，重新抽取")
    first = Draw.objects.get(pk=first.pk)
    mark = first.supersession
    assert mark.superseded_by == second and mark.decided_by == world.office
    assert mark.reason == "名单有误，重新抽取" and mark.at is not None
    assert first.is_superseded and not second.is_superseded
    # draws are history: the superseded one is unchanged, only marked
    assert first.result == Draw.objects.get(pk=first.pk).result
    # the superseded draw no longer counts: the inspectors' tasks and the disclosure, where
    # only its targets already public before it was superseded (dated before today) stay
    today = timezone.localdate()
    shown = {(t.draw_id, t.pk) for t in selectors.disclosure().rows}
    already_public = {
        t.pk for t in DrawTarget.objects.filter(draw=first, inspection_date__lt=today)
    }
    assert {pk for draw_id, pk in shown if draw_id == first.pk} == already_public
    assert not DrawTarget.objects.filter(
        draw=first, inspection_date__gte=today, pk__in=[pk for _d, pk in shown]
    ).exists()
    tasks = selectors.my_tasks(user=world.bureau)
    assert {t.draw_id for t in tasks.assignments} <= {second.pk}


def test_draws_of_other_periods_or_other_enterprises_stand_side_by_side(world):
    start = timezone.localdate() + timedelta(days=10)
    _draw(world, start=start, ents=[world.ent_a])
    _draw(world, start=start + timedelta(days=30), ents=[world.ent_a])  # later period
    _draw(world, start=start, ents=[world.ent_b])  # same period, other plants
    assert not DrawSupersession.objects.exists()


def test_draw_form_warns_links_the_standing_draw_and_records_the_reason(client, world):
    start = timezone.localdate() + timedelta(days=10)
    first = _draw(world, start=start, ents=[world.ent_a])
    client.force_login(world.office)
    data = {
        "title": "重抽",
        "period_start": start.isoformat(),
        "period_end": (start + timedelta(days=10)).isoformat(),
        "ratio_key": 100,
        "ratio_special": 0,
        "ratio_general": 0,
        "inspectors_per_target": 2,
        "inspectors": [world.bureau.pk, world.vehicle.pk],
    }
    Enterprise.objects.filter(pk=world.ent_a.pk).update(supervision_class="key")
    Enterprise.objects.filter(pk=world.ent_b.pk).update(supervision_class="out")
    url = reverse("inspections:draw_create")
    refused = client.get(url) and client.post(url, data)
    assert refused.status_code == 400
    html = refused.content.decode()
    assert 'data-testid="supersede-warning"' in html and first.get_absolute_url() in html
    assert Draw.objects.count() == 1
    done = client.post(url, {**data, "supersede_reason": "企业分类调整"})
    assert done.status_code == 302
    first = Draw.objects.get(pk=first.pk)
    assert first.is_superseded
    with translation.override("en"):
        page = client.get(first.get_absolute_url()).content.decode()
        listing = client.get(reverse("inspections:draw_list")).content.decode()
    assert 'data-testid="draw-superseded"' in page and "企业分类调整" in page
    assert first.supersession.superseded_by.get_absolute_url() in page
    assert 'data-testid="superseded-badge"' in listing


# ------------------------------------------------------------------------------------------
# A new finding that duplicates an open one


def _finding_post(world, **overrides):
    data = {
        "category": "fugitive",
        "severity": "general",
        "description": "原料堆场料棚未封闭，有扬尘",
        "area": "原料堆场",
        "order_to_correct": "on",
        "requirement": "完成料棚封闭",
        "deadline": (timezone.localdate() + timedelta(days=10)).isoformat(),
        "responsible_person": "张磊",
        "enterprise": world.ent_a.pk,
    }
    data.update(overrides)
    return data


def test_a_finding_like_an_open_one_is_warned_linked_and_needs_confirming(client, world):
    open_one = make_finding(world, description="原料堆场料棚未封闭，有扬尘外逸")
    client.force_login(world.bureau)
    url = reverse("inspections:finding_create")
    response = client.post(url, _finding_post(world))
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-testid="duplicate-warning"' in html and open_one.get_absolute_url() in html
    assert Finding.objects.count() == 1
    response = client.post(url, _finding_post(world, confirm_duplicate="on"))
    assert response.status_code == 302
    assert Finding.objects.count() == 2


def test_different_problems_or_closed_findings_are_not_duplicates(world):
    make_finding(world, description="原料堆场料棚未封闭")
    ent = world.ent_a
    assert not services.similar_open_findings(
        enterprise=ent, category="fugitive", description="厂区道路未硬化，车辆带泥上路"
    )
    assert not services.similar_open_findings(
        enterprise=ent, category="organized", description="原料堆场料棚未封闭"
    )
    assert not services.similar_open_findings(
        enterprise=world.ent_b, category="fugitive", description="原料堆场料棚未封闭"
    )
    Finding.objects.update(status="closed", closed_at=timezone.now())
    assert not services.similar_open_findings(
        enterprise=ent, category="fugitive", description="原料堆场料棚未封闭"
    )


def test_the_same_check_item_found_again_is_warned_before_typing(client, world):
    first = submitted_inspection(world)
    item = first.answers.get(result=AnswerResult.NON_COMPLIANT).item
    services.finding_create(
        actor=world.county_a_staff,
        enterprise=world.ent_a,
        data={
            "category": "fugitive",
            "severity": "general",
            "description": "第一次",
            "order_to_correct": True,
            "requirement": "整改",
            "deadline": timezone.localdate() + timedelta(days=5),
            "responsible_person": "张磊",
        },
        inspection=first,
        item=item,
    )
    again = submitted_inspection(world)
    client.force_login(world.county_a_staff)
    url = reverse("inspections:finding_create_from", args=[again.pk]) + f"?item={item.pk}"
    html = client.get(url).content.decode()
    assert 'data-testid="duplicate-warning"' in html


@pytest.mark.django_db(transaction=True)
def test_two_draws_for_the_same_period_at_once_cannot_both_stand(world, monkeypatch):
    """Both threads look for a standing draw only after a pause long enough for the other to
    have looked too: without the lock both found none and both stood."""
    import threading
    import time

    from django.db import connection

    looked = draws.standing_draws

    def slow(**kwargs):
        found = looked(**kwargs)
        time.sleep(0.5)
        return found

    monkeypatch.setattr(draws, "standing_draws", slow)
    start = timezone.localdate() + timedelta(days=30)
    outcomes: list[str] = []
    go = threading.Barrier(2)

    def run(seed):
        try:
            go.wait()
            _draw(world, start=start, seed=seed)
            outcomes.append("stood")
        except SupersedeRequired:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(seed,)) for seed in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes) == ["refused", "stood"]
    assert Draw.objects.filter(supersession__isnull=True).count() == 1
