"""National scale (issue 14): the disclosure pages show a page of rows with the counts computed
in SQL and never read a draw's inputs and result per row; "my tasks" is bounded."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from inspections import draws, selectors
from inspections.draws import PoolEntry
from inspections.models import Finding, RectificationPlan, TargetClass
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def _published_draw(world, n):
    today = timezone.localdate()
    ents = [EnterpriseFactory(county=world.county_a) for _ in range(n)]
    return draws.draw_run(
        actor=world.office,
        title=f"draw of {n}",
        period_start=today - timedelta(days=60),
        period_end=today - timedelta(days=31),
        pool=[PoolEntry(e, TargetClass.KEY) for e in ents],
        ratios={"key": 100, "special": 0, "general": 0},
        inspectors=[world.bureau, world.vehicle, world.county_a_staff],
    )


def test_disclosure_shows_a_page_and_counts_every_published_target(client, world):
    _published_draw(world, 30)
    client.force_login(world.official)
    with translation.override("en"):
        response = client.get(reverse("inspections:disclosure"))
    assert response.content.count(b'data-testid="disclosure-row"') == 25
    assert response.context["disclosure"].due == 30
    assert response.context["disclosure"].disclosed == 0
    second = client.get(reverse("inspections:disclosure"), {"page": 2})
    assert second.content.count(b'data-testid="disclosure-row"') == 5


def test_public_results_show_a_page_and_count_everything(client, world):
    _published_draw(world, 30)
    response = client.get(reverse("public_inspections:list"))
    assert response.status_code == 200
    assert response.content.count(b'data-testid="public-row"') == 25
    assert response.context["d"].due == 30


def test_disclosure_never_loads_draw_inputs_or_results(client, world):
    _published_draw(world, 5)
    client.force_login(world.contact_a)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("inspections:disclosure")).status_code == 200
    draw_reads = [q["sql"] for q in ctx.captured_queries if '"inspections_draw"' in q["sql"]]
    assert draw_reads
    assert not any('"inputs"' in sql or '"result"' in sql for sql in draw_reads)


def test_disclosure_records_open_to_others_once_every_target_is_published(world):
    import access

    draw = _published_draw(world, 3)
    assert access.draw_records_open(world.contact_a, {draw.pk}) == {draw.pk}
    assert access.draw_records_open(world.official, {draw.pk}) == {draw.pk}
    future = draws.draw_run(
        actor=world.office,
        title="next month",
        period_start=timezone.localdate() + timedelta(days=30),
        period_end=timezone.localdate() + timedelta(days=60),
        pool=[PoolEntry(EnterpriseFactory(county=world.county_a), TargetClass.KEY)],
        ratios={"key": 100, "special": 0, "general": 0},
        inspectors=[world.bureau, world.vehicle],
    )
    assert access.draw_records_open(world.contact_a, {future.pk}) == set()
    assert access.draw_records_open(world.office, {future.pk}) == {future.pk}
    for d in (draw, future):  # the same answer as the predicate on the whole record
        assert (d.pk in access.draw_records_open(world.contact_a, {d.pk})) == (
            access.can_see_draw_record(world.contact_a, d)
        )


def _overdue_findings(world, n):
    plan, _ = RectificationPlan.objects.get_or_create(enterprise=world.ent_a, status="open")
    deadline = timezone.localdate() - timedelta(days=10)
    Finding.objects.bulk_create(
        Finding(
            enterprise=world.ent_a,
            plan=plan,
            category="organized",
            severity="general",
            description=f"finding {i}",
            requirement="fix",
            deadline=deadline,
            status="open",
        )
        for i in range(n)
    )


def test_my_tasks_are_bounded_and_say_so(client, world):
    _overdue_findings(world, selectors.TASKS_LIMIT + 7)
    tasks = selectors.my_tasks(user=world.contact_a)
    assert len(tasks.open_findings) == selectors.TASKS_LIMIT
    assert tasks.cut == {"open_findings"}
    staff = selectors.my_tasks(user=world.county_a_staff)
    assert len(staff.overdue) == selectors.TASKS_LIMIT
    assert "overdue" in staff.cut
    client.force_login(world.contact_a)
    response = client.get(reverse("inspections:tasks"))
    assert response.content.count(b'data-testid="task-open-finding"') == selectors.TASKS_LIMIT
    assert b'data-testid="tasks-cut"' in response.content


def test_my_tasks_within_the_limit_are_not_cut(world):
    _overdue_findings(world, 3)
    tasks = selectors.my_tasks(user=world.contact_a)
    assert len(tasks.open_findings) == 3
    assert tasks.cut == set()


def test_my_tasks_page_queries_do_not_grow(client, world):
    client.force_login(world.county_a_staff)
    url = reverse("inspections:tasks")
    _overdue_findings(world, 3)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    Finding.objects.all().delete()
    _overdue_findings(world, 80)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many.captured_queries) == len(few.captured_queries)


def _draw_form_data(world) -> dict:
    return {
        "period_start": "2026-12-01",
        "period_end": "2026-12-31",
        "ratio_key": 100,
        "ratio_special": 0,
        "ratio_general": 0,
        "inspectors_per_target": 2,
        "inspectors": [world.bureau.pk, world.vehicle.pk],
    }


def test_the_draw_form_lists_no_enterprise_and_its_queries_do_not_grow(client, world):
    client.force_login(world.office)
    url = reverse("inspections:draw_create")
    with CaptureQueriesContext(connection) as few:
        small = client.get(url).content.decode()
    for _ in range(30):
        EnterpriseFactory(county=world.county_a, supervision_class="key")
    with CaptureQueriesContext(connection) as many:
        large = client.get(url).content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)
    assert 'data-testid="pool-row"' not in large and world.ent_a.name not in large
    assert len(large) - len(small) < 200  # a count changed, nothing per enterprise
    assert 'data-testid="pool-count-key"' in large


def test_the_draw_takes_each_enterprise_in_its_stored_class(client, world):
    from enterprises.models import Enterprise

    Enterprise.objects.update(supervision_class="out")
    Enterprise.objects.filter(pk=world.ent_a.pk).update(supervision_class="key")
    Enterprise.objects.filter(pk=world.ent_b.pk).update(supervision_class="special")
    client.force_login(world.office)
    response = client.post(reverse("inspections:draw_create"), _draw_form_data(world))
    assert response.status_code == 302
    from inspections.models import Draw

    draw = Draw.objects.get()
    pool = {t["enterprise_id"]: t["class"] for t in draw.inputs["targets"]}
    assert pool == {world.ent_a.pk: "key", world.ent_b.pk: "special"}
    assert [t.enterprise for t in draw.targets.all()] == [world.ent_a]  # 100% of key, 0% else


def test_an_empty_pool_is_refused_with_a_message_and_nothing_drawn(client, world):
    from enterprises.models import Enterprise
    from inspections.models import Draw

    Enterprise.objects.update(supervision_class="out")
    client.force_login(world.office)
    client.cookies["django_language"] = "en"
    response = client.post(reverse("inspections:draw_create"), _draw_form_data(world))
    assert response.status_code == 400
    assert "The target pool is empty" in response.content.decode()
    assert not Draw.objects.exists()


def test_the_pool_page_changes_classes_audited_and_refuses_an_unknown_one(client, world):
    from accounts.models import AuditEntry
    from enterprises.models import Enterprise

    client.force_login(world.office)
    client.cookies["django_language"] = "en"
    url = reverse("inspections:draw_pool")
    page = client.get(url, {"county": world.county_a.pk}).content.decode()
    assert world.ent_a.name in page and world.ent_b.name not in page
    before = Enterprise.objects.get(pk=world.ent_b.pk).supervision_class
    refused = client.post(
        url, {f"class_{world.ent_a.pk}": "key", f"class_{world.ent_b.pk}": "bogus"}, follow=True
    )
    assert "Choose a class from the list" in refused.content.decode()
    assert Enterprise.objects.get(pk=world.ent_a.pk).supervision_class == "general"  # nothing
    assert Enterprise.objects.get(pk=world.ent_b.pk).supervision_class == before
    done = client.post(url + "?page=1", {f"class_{world.ent_a.pk}": "key"})
    assert done.status_code == 302 and done.url == url + "?page=1"
    assert Enterprise.objects.get(pk=world.ent_a.pk).supervision_class == "key"
    entry = AuditEntry.objects.filter(object_id=str(world.ent_a.pk)).latest("pk")
    assert entry.actor == world.office
    assert entry.changes == {"supervision_class": ["general", "key"]}
    again = client.post(url, {f"class_{world.ent_a.pk}": "key"}, follow=True)
    assert AuditEntry.objects.filter(object_id=str(world.ent_a.pk)).latest("pk") == entry
    assert "No class changed." in again.content.decode()


def test_the_pool_page_shows_a_page_of_rows_in_a_fixed_number_of_queries(client, world):
    client.force_login(world.office)
    url = reverse("inspections:draw_pool")
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(60):
        EnterpriseFactory(county=world.county_a)
    with CaptureQueriesContext(connection) as many:
        body = client.get(url).content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)
    assert body.count('data-testid="pool-row"') == 50


def test_only_the_office_sets_classes(world):
    from django.core.exceptions import PermissionDenied

    from inspections.pool import set_supervision_classes

    for user in (world.bureau, world.county_a_staff, world.contact_a, world.official):
        with pytest.raises(PermissionDenied):
            set_supervision_classes(actor=user, classes={world.ent_a.pk: "key"})


def test_two_people_on_the_pool_page_cannot_undo_each_other(client, world):
    from accounts.models import AuditEntry
    from enterprises.models import Enterprise

    client.force_login(world.office)
    client.cookies["django_language"] = "en"
    url = reverse("inspections:draw_pool")
    shown = {f"was_{world.ent_a.pk}": "general", f"was_{world.ent_b.pk}": "general"}
    # someone else moves ent_a to "key" after this page was shown
    Enterprise.objects.filter(pk=world.ent_a.pk).update(supervision_class="key")
    # a page posting ent_a unchanged saves only ent_b, and leaves the other person's change
    done = client.post(
        url, {**shown, f"class_{world.ent_a.pk}": "general", f"class_{world.ent_b.pk}": "out"}
    )
    assert done.status_code == 302
    assert Enterprise.objects.get(pk=world.ent_a.pk).supervision_class == "key"
    assert Enterprise.objects.get(pk=world.ent_b.pk).supervision_class == "out"
    # a page changing ent_a from what it showed is refused, naming it; nothing saved
    before = AuditEntry.objects.count()
    refused = client.post(
        url, {**shown, f"class_{world.ent_a.pk}": "special", f"class_{world.ent_b.pk}": "key"},
        follow=True,
    )  # fmt: skip
    body = refused.content.decode()
    assert "changed the class of" in body and world.ent_a.name_en in body
    assert Enterprise.objects.get(pk=world.ent_a.pk).supervision_class == "key"
    assert Enterprise.objects.get(pk=world.ent_b.pk).supervision_class == "out"
    assert AuditEntry.objects.count() == before


def test_a_draw_for_one_county_takes_its_enterprises_and_does_not_stand_in_anothers_way(
    client, world
):
    from enterprises.models import Enterprise
    from inspections.models import Draw

    Enterprise.objects.update(supervision_class="key")
    client.force_login(world.office)
    url = reverse("inspections:draw_create")
    for county, ent in ((world.county_a, world.ent_a), (world.county_b, world.ent_b)):
        response = client.post(url, {**_draw_form_data(world), "county": county.pk})
        assert response.status_code == 302  # the other county's draw is not superseded
        draw = Draw.objects.latest("pk")
        assert {t["enterprise_id"] for t in draw.inputs["targets"]} == {
            e.pk for e in Enterprise.objects.filter(county=county)
        }
        assert ent.pk in {t["enterprise_id"] for t in draw.inputs["targets"]}
    assert Draw.objects.filter(supersession__isnull=True).count() == 2
