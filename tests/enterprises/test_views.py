"""The permission matrix of the registry pages, and their behaviour on good and bad input.

Every view × every role of ``world`` × own/other enterprise or county. "own" is enterprise A
in county A: contact_a's enterprise, county_a_staff's county.
"""

import pytest
from django.urls import reverse

from accounts.models import AuditEntry
from enterprises.models import Enterprise

from ..factories import PointFactory, UnitFactory

ROLES = [
    "office",
    "bureau",
    "county_a_staff",
    "county_b_staff",
    "vehicle",
    "contact_a",
    "contact_b",
    "official",
]


def _expect(allowed: set[str], hidden: set[str] = frozenset()) -> dict[str, int]:
    """200 for ``allowed``, 404 for ``hidden`` (out of scope), 403 for the rest."""
    return {r: 200 if r in allowed else 404 if r in hidden else 403 for r in ROLES}


SEE_A = {"office", "bureau", "county_a_staff", "vehicle", "contact_a", "official"}
NOT_SEE_A = {"county_b_staff", "contact_b"}
EDIT_A = {"office", "bureau", "county_a_staff"}


def _urls(world, unit, point, contact_a, contact_b_record):
    a, b = world.ent_a.pk, world.ent_b.pk
    return [
        # (url, expected status per role)
        (reverse("home"), _expect(set(ROLES))),
        (reverse("profile"), _expect(set(ROLES))),
        (reverse("notifications:inbox"), _expect(set(ROLES))),
        (reverse("enterprises:list"), _expect(set(ROLES))),
        (reverse("enterprises:limits"), _expect(set(ROLES))),
        (reverse("enterprises:create"), _expect({"office", "bureau"})),
        (reverse("enterprises:detail", args=[a]), _expect(SEE_A, NOT_SEE_A)),
        (
            reverse("enterprises:detail", args=[b]),
            _expect(
                {"office", "bureau", "county_b_staff", "vehicle", "contact_b", "official"},
                {"county_a_staff", "contact_a"},
            ),
        ),
        (reverse("enterprises:edit", args=[a]), _expect(EDIT_A, NOT_SEE_A)),
        (reverse("enterprises:unit_create", args=[a]), _expect(EDIT_A, NOT_SEE_A)),
        (reverse("enterprises:unit_edit", args=[a, unit.pk]), _expect(EDIT_A, NOT_SEE_A)),
        (reverse("enterprises:point_create", args=[a]), _expect(EDIT_A, NOT_SEE_A)),
        (reverse("enterprises:point_edit", args=[a, point.pk]), _expect(EDIT_A, NOT_SEE_A)),
        (reverse("enterprises:contact_create", args=[a]), _expect(EDIT_A, NOT_SEE_A)),
        # contact_a may edit their own contact record, nobody else's
        (
            reverse("enterprises:contact_edit", args=[a, contact_a.pk]),
            _expect(EDIT_A | {"contact_a"}, NOT_SEE_A),
        ),
        (
            reverse("enterprises:contact_edit", args=[b, contact_b_record.pk]),
            _expect({"office", "bureau", "county_b_staff"}, {"county_a_staff", "contact_a"}),
        ),
        # a child record addressed through the wrong enterprise is not found
        (
            reverse("enterprises:unit_edit", args=[b, unit.pk]),
            _expect(set(), {"office", "bureau", "county_b_staff", "county_a_staff", "contact_a"}),
        ),
    ]


@pytest.fixture
def records(world):
    unit = UnitFactory(enterprise=world.ent_a)
    point = PointFactory(enterprise=world.ent_a, unit=unit)
    contact_a = world.ent_a.contacts.get(user=world.contact_a)
    contact_b_record = world.ent_b.contacts.first()
    return unit, point, contact_a, contact_b_record


def test_permission_matrix(client, world, records):
    failures = []
    for url, expected in _urls(world, *records):
        for role, status in expected.items():
            client.force_login(world.users()[role])
            got = client.get(url).status_code
            if got != status:
                failures.append(f"{role:15} GET {url}: expected {status}, got {got}")
    assert not failures, "\n".join(failures)


def test_anonymous_users_are_sent_to_sign_in(client, world, records):
    for url, _ in _urls(world, *records):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


def test_writes_are_refused_where_reads_are(client, world):
    """A POST gets the same answer as a GET for roles that may not edit."""
    url = reverse("enterprises:edit", args=[world.ent_a.pk])
    for role, status in {
        "vehicle": 403,
        "official": 403,
        "contact_a": 403,
        "county_b_staff": 404,
        "contact_b": 404,
    }.items():
        client.force_login(world.users()[role])
        assert client.post(url, {"name_zh": "x"}).status_code == status, role
    world.ent_a.refresh_from_db()
    assert world.ent_a.name_zh != "x"


def test_list_shows_each_user_only_their_scope(client, world):
    def names(user):
        client.force_login(user)
        return {e.pk for e in client.get(reverse("enterprises:list")).context["page"]}

    both = {world.ent_a.pk, world.ent_b.pk}
    assert names(world.office) == both
    assert names(world.official) == both
    assert names(world.county_a_staff) == {world.ent_a.pk}
    assert names(world.contact_a) == {world.ent_a.pk}
    assert names(world.contact_b) == {world.ent_b.pk}


def test_list_filters_and_search(client, world):
    client.force_login(world.office)
    world.ent_b.industry = "coking"
    world.ent_b.save()
    page = client.get(reverse("enterprises:list"), {"industry": "coking"}).context["page"]
    assert [e.pk for e in page] == [world.ent_b.pk]
    page = client.get(reverse("enterprises:list"), {"q": world.ent_a.credit_code[-6:]}).context[
        "page"
    ]
    assert [e.pk for e in page] == [world.ent_a.pk]
    page = client.get(reverse("enterprises:list"), {"county": world.county_b.pk}).context["page"]
    assert [e.pk for e in page] == [world.ent_b.pk]


def test_htmx_filter_returns_only_the_rows(client, world):
    client.force_login(world.office)
    response = client.get(reverse("enterprises:list"), {"q": "x"}, HTTP_HX_REQUEST="true")
    assert b"<html" not in response.content and b'data-testid="result-count"' in response.content


def _enterprise_post(world, **overrides):
    data = {
        "name_zh": "新测试水泥",
        "name_en": "New Test Cement",
        "credit_code": "91330100799655058B",
        "industry": "cement_clinker",
        "county": world.county_a.pk,
        "address": "",
        "latitude": "",
        "longitude": "",
        "annual_capacity_t": "1200000",
        "ule_stage": "not_started",
        "key_region": "on",
    }
    data.update(overrides)
    return data


def test_create_enterprise_records_who_did_it(client, world):
    client.force_login(world.bureau)
    response = client.post(
        reverse("enterprises:create"), _enterprise_post(world, credit_code="91330100799655058b")
    )
    created = Enterprise.objects.get(credit_code="91330100799655058B")
    assert response.status_code == 302 and response["Location"] == created.get_absolute_url()
    entry = AuditEntry.objects.get(enterprise=created)
    assert entry.actor == world.bureau and entry.action == "create"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("credit_code", "91330100799655058C", "校验码不符"),
        ("credit_code", "123", "18 位"),
        ("annual_capacity_t", "-5", "大于或等于"),
        ("name_zh", "", "这个字段是必填项"),
    ],
)
def test_bad_input_shows_field_errors_in_chinese_and_saves_nothing(
    client, world, field, value, message
):
    client.force_login(world.bureau)
    before = Enterprise.objects.count()
    response = client.post(reverse("enterprises:create"), _enterprise_post(world, **{field: value}))
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert "请更正" in response.content.decode()
    assert Enterprise.objects.count() == before


def test_bad_edit_keeps_what_was_saved_and_what_was_typed(client, world):
    client.force_login(world.bureau)
    original = world.ent_a.credit_code
    data = _enterprise_post(world, credit_code="91330100799655058C", name_zh="改过的名字")
    response = client.post(reverse("enterprises:edit", args=[world.ent_a.pk]), data)
    assert response.status_code == 400
    assert 'value="改过的名字"' in response.content.decode()  # what the user typed is kept
    world.ent_a.refresh_from_db()
    assert world.ent_a.credit_code == original and world.ent_a.name_zh != "改过的名字"


def test_errors_follow_the_chosen_language(client, world):
    client.force_login(world.bureau)
    client.cookies["django_language"] = "en"
    response = client.post(
        reverse("enterprises:create"), _enterprise_post(world, credit_code="91330100799655058C")
    )
    assert "check character" in " ".join(response.context["form"].errors["credit_code"])
    assert "Please correct the errors below" in response.content.decode()


def test_duplicate_credit_code_is_refused(client, world):
    client.force_login(world.bureau)
    response = client.post(
        reverse("enterprises:create"), _enterprise_post(world, credit_code=world.ent_b.credit_code)
    )
    assert response.status_code == 400 and response.context["form"].errors["credit_code"]


def test_county_staff_edit_is_audited_with_the_changes(client, world):
    client.force_login(world.county_a_staff)
    data = _enterprise_post(
        world,
        credit_code=world.ent_a.credit_code,
        annual_capacity_t="1500000",
        address="微山县",
        ule_stage="retrofitting",  # ignored: county staff cannot set the stage
    )
    assert client.post(reverse("enterprises:edit", args=[world.ent_a.pk]), data).status_code == 302
    entry = AuditEntry.objects.filter(enterprise=world.ent_a, action="update").get()
    assert entry.actor == world.county_a_staff
    assert entry.changes["annual_capacity_t"] == [1000000, 1500000]
    assert entry.changes["address"] == ["", "微山县"]
    assert "ule_stage" not in entry.changes  # county staff cannot set the stage
    page = client.get(reverse("enterprises:detail", args=[world.ent_a.pk])).content.decode()
    assert "1000000 → 1500000" in page and "地址: — → 微山县" in page


def test_audit_trail_is_hidden_from_contacts(client, world):
    client.force_login(world.contact_a)
    response = client.get(reverse("enterprises:detail", args=[world.ent_a.pk]))
    assert response.context["show_audit"] is False and b"audit-trail" not in response.content


def test_contact_edits_only_own_phone_email_and_position(client, world):
    contact = world.ent_a.contacts.get(user=world.contact_a)
    client.force_login(world.contact_a)
    url = reverse("enterprises:contact_edit", args=[world.ent_a.pk, contact.pk])
    response = client.post(
        url,
        {
            "phone": "13800000000",
            "email": "new@test.local",
            "position": "经理",
            "name": "Hacker",
            "is_primary": "",
        },
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.phone == "13800000000" and contact.name != "Hacker" and contact.is_primary


def test_cems_networked_needs_installed(client, world):
    client.force_login(world.bureau)
    url = reverse("enterprises:point_create", args=[world.ent_a.pk])
    response = client.post(url, {"kind": "kiln_tail", "name": "窑尾", "cems_networked": "on"})
    assert response.status_code == 400 and response.context["form"].errors["cems_networked"]
    assert not world.ent_a.emission_points.exists()


def test_unit_names_are_unique_per_enterprise(client, world):
    UnitFactory(enterprise=world.ent_a, name="1# 熟料线")
    client.force_login(world.bureau)
    url = reverse("enterprises:unit_create", args=[world.ent_a.pk])
    response = client.post(
        url, {"kind": "kiln_line", "name": "1# 熟料线", "capacity": "2500", "status": "running"}
    )
    assert response.status_code == 400 and "已有同名" in " ".join(
        response.context["form"].errors["name"]
    )


def test_detail_shows_the_stricter_applicable_limit(client, world):
    """Coke-oven chimney NOx at a coking plant: Shandong plan 100 vs national opinion 150 (ULE),
    → 100 applies; the baseline is the national standard's special limit beside it."""
    world.ent_a.industry = "coking"
    world.ent_a.save()
    PointFactory(enterprise=world.ent_a, kind="coke_oven_chimney", name="焦炉烟囱")
    client.force_login(world.bureau)
    response = client.get(reverse("enterprises:detail", args=[world.ent_a.pk]))
    ((point, limits),) = response.context["points"]
    nox = next(lim for lim in limits if lim.pollutant == "nox")
    assert nox.strictest.value == 100 and nox.strictest.jurisdiction == "shandong"
    assert nox.baseline.value == 150 and nox.baseline.is_binding
    assert sorted(int(lim.value) for lim in nox.all) == [100, 150, 150] and nox.differs


def test_cement_crusher_shows_cement_limits_not_coking_ones(client, world):
    PointFactory(enterprise=world.ent_a, kind="crushing", name="破碎机")
    client.force_login(world.bureau)
    response = client.get(reverse("enterprises:detail", args=[world.ent_a.pk]))
    ((point, limits),) = response.context["points"]
    (pm,) = limits
    assert pm.ule.industry == "cement_clinker" and pm.ule.value == 10
    assert pm.baseline.standard_code == "GB 4915-2013"


def test_new_contact_is_saved(client, world):
    client.force_login(world.county_a_staff)
    url = reverse("enterprises:contact_create", args=[world.ent_a.pk])
    response = client.post(
        url, {"name": "钱七", "position": "", "phone": "1", "email": "bad-email"}
    )
    assert response.status_code == 400 and response.context["form"].errors["email"]
    response = client.post(
        url, {"name": "钱七", "position": "", "phone": "1", "email": "q@test.local"}
    )
    assert response.status_code == 302 and world.ent_a.contacts.filter(name="钱七").exists()


def test_nobody_types_the_ule_stage(client, world):
    """Neither county staff nor the bureau can mark an enterprise publicized on the registry
    form (it would count toward the city's targets): the stage is derived from confirmed
    facts (acceptance). Changed with issue 13: the bureau used to set it here."""
    url = reverse("enterprises:edit", args=[world.ent_a.pk])
    data = _enterprise_post(world, credit_code=world.ent_a.credit_code, ule_stage="publicized")
    for user in (world.county_a_staff, world.bureau, world.office):
        client.force_login(user)
        assert "ule_stage" not in client.get(url).context["form"].fields
        assert client.post(url, data).status_code == 302
        world.ent_a.refresh_from_db()
        assert world.ent_a.ule_stage == "not_started"


def test_services_decide_access_too(world):
    from django.core.exceptions import PermissionDenied, ValidationError

    from enterprises import services

    for actor in (world.county_a_staff, world.bureau):
        with pytest.raises(ValidationError) as exc:
            services.enterprise_update(
                actor=actor, enterprise=world.ent_a, data={"ule_stage": "removed"}
            )
        assert "市局" in exc.value.message_dict["ule_stage"][0]
    with pytest.raises(PermissionDenied):
        services.enterprise_update(
            actor=world.county_b_staff, enterprise=world.ent_a, data={"address": "x"}
        )
    with pytest.raises(PermissionDenied):
        services.unit_save(
            actor=world.official,
            enterprise=world.ent_a,
            data={"name": "x", "kind": "kiln_line", "capacity": 1},
        )
    with pytest.raises(PermissionDenied):
        services.enterprise_create(actor=world.county_a_staff, data={"credit_code": "x"})
