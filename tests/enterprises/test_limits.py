"""The corrected limit rows of issue 9, section 1, pinned."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from enterprises import reference
from enterprises.models import EmissionLimit, LimitRule
from enterprises.selectors import applicable_limits_by_kind, side_by_side_limits

pytestmark = pytest.mark.django_db


def _get(**kw) -> EmissionLimit:
    return EmissionLimit.objects.get(**kw)


def test_ammonia_slip_sits_on_the_kiln_tail_not_the_kiln_head_or_coal_mill():
    assert not EmissionLimit.objects.filter(
        source_kind__in=["kiln_head", "coal_mill"], pollutant="nh3"
    ).exists()
    nh3 = _get(source_kind="kiln_tail", pollutant="nh3", clause__startswith="表2")
    assert nh3.value == 8 and nh3.legal_force == "national_standard"
    assert nh3.standard_code == "GB 4915-2013" and "氨" in nh3.note


def test_kiln_tail_ule_values_are_converted_to_10_percent_o2_and_stay_unconfirmed():
    tail = {
        lim.pollutant: lim
        for lim in EmissionLimit.objects.filter(
            industry="cement_clinker", source_kind="kiln_tail", legal_force="ule_policy"
        )
    }
    assert {p: int(lim.value) for p, lim in tail.items()} == {"pm": 10, "so2": 35, "nox": 50}
    for lim in tail.values():
        assert lim.o2_basis == "converted" and lim.o2_reference_percent == Decimal("10")
        assert lim.standard_code == "环大气〔2024〕5号" and not lim.confirmed


def test_kiln_head_and_coal_mill_are_as_measured():
    for kind in ("kiln_head", "coal_mill"):
        ule = _get(source_kind=kind, pollutant="pm", legal_force="ule_policy")
        assert ule.o2_basis == "as_measured" and ule.o2_reference_percent is None
        assert ule.o2_reference == ""


def test_every_row_is_cited_and_nothing_is_confirmed_without_a_retrieved_text():
    assert EmissionLimit.objects.count() == len(reference.LIMITS)
    assert not EmissionLimit.objects.filter(source_document="").exists()
    assert not EmissionLimit.objects.filter(standard_code="").exists()
    assert not EmissionLimit.objects.filter(confirmed=True).exists()


def test_a_row_whose_o2_basis_is_unconfirmed_cannot_be_confirmed():
    lim = _get(industry="coking", source_kind="coke_oven_chimney", pollutant="nox",
               jurisdiction="shandong")  # fmt: skip
    assert "氧" in lim.note and not lim.o2_basis_confirmed
    with pytest.raises(IntegrityError), transaction.atomic():
        EmissionLimit.objects.filter(pk=lim.pk).update(confirmed=True)
    EmissionLimit.objects.filter(pk=lim.pk).update(confirmed=True, o2_basis_confirmed=True)


def test_missing_source_kinds_have_rows_with_their_pollutants():
    kinds = set(EmissionLimit.objects.values_list("source_kind", flat=True))
    assert {
        "independent_dryer", "mill_packing", "bypass", "tube_furnace", "semi_coke_furnace",
        "ammonium_sulfate_dryer", "desulf_regeneration", "tar_tanks",
    } <= kinds  # fmt: skip
    dryer = {lim.pollutant for lim in EmissionLimit.objects.filter(source_kind="independent_dryer")}
    assert dryer == {"pm", "so2", "nox"}


def test_standards_carry_their_versions():
    gb16171 = EmissionLimit.objects.filter(standard_code="GB 16171-2012")
    assert gb16171.exists()
    assert set(gb16171.values_list("superseded_date", flat=True)) == {date(2027, 1, 1)}
    assert all("GB 16171-2024" in lim.note for lim in gb16171)
    table = applicable_limits_by_kind(on=date(2027, 1, 1))
    chimney = {r.pollutant: r for r in table[("coking", "coke_oven_chimney")]}
    assert chimney["nox"].baseline is None  # 2012 values no longer in force, 2024 values not seeded


def test_shandong_cement_standard_is_a_local_standard_beside_the_ule_value():
    db37 = _get(standard_code="DB37/2373-2018", pollutant="nox")
    assert db37.legal_force == "local_standard" and db37.jurisdiction == "shandong"
    assert db37.is_binding and not db37.confirmed
    table = applicable_limits_by_kind()
    nox = next(r for r in table[("cement_clinker", "kiln_tail")] if r.pollutant == "nox")
    assert nox.ule.value == 50 and nox.baseline.value == 100  # DB37 stricter than GB 4915's 320


def test_the_95_percent_rule_is_a_row_not_note_text():
    rule = LimitRule.objects.get(code="cement_clinker-ule-95-percent-of-hours")
    assert (rule.threshold_percent, rule.period, rule.statistic, rule.hours_counted) == (
        Decimal("95"), "month", "share_of_hours", "production_hours",
    )  # fmt: skip
    assert not rule.confirmed and rule.legal_force == "ule_policy"
    assert not EmissionLimit.objects.filter(note__contains="95%").exists()


def test_reference_load_is_idempotent():
    before = EmissionLimit.objects.count(), LimitRule.objects.count()
    reference.load()
    reference.load(update=True)
    assert (EmissionLimit.objects.count(), LimitRule.objects.count()) == before


def test_limits_page_shows_industry_legal_force_baseline_and_ule_side_by_side(client, world):
    client.force_login(world.office)
    client.cookies["django_language"] = "en"
    response = client.get(reverse("enterprises:limits"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "National emission standard" in html and "ULE policy requirement" in html
    assert "Cement clinker" in html and "GB 4915-2013" in html
    rows = {(r.industry, r.kind, r.limit.pollutant): r.limit for r in response.context["summary"]}
    tail_nox = rows[("cement_clinker", "kiln_tail", "nox")]
    assert tail_nox.ule.value == 50 and tail_nox.baseline.value == 100
    assert len(side_by_side_limits()) == len(response.context["summary"])
    assert 'data-testid="limit-rules"' in html


def test_the_2026_amendment_replaces_the_dryer_values_on_its_date():
    """GB 4915-2013's amendment (from 1 April 2026) for independent heat-source dryers: the
    table-2 values apply before, the amendment's after; both stay listed as versions."""
    before = applicable_limits_by_kind(on=date(2026, 3, 31))
    after = applicable_limits_by_kind(on=date(2026, 4, 1))
    old = {r.pollutant: r.baseline for r in before[("cement_clinker", "independent_dryer")]}
    new = {r.pollutant: r.baseline for r in after[("cement_clinker", "independent_dryer")]}
    assert {p: int(old[p].value) for p in ("pm", "so2", "nox")} == {
        "pm": 20,
        "so2": 400,
        "nox": 300,
    }
    assert {p: int(new[p].value) for p in ("pm", "so2", "nox")} == {"pm": 10, "so2": 50, "nox": 80}
    assert new["nox"].standard_code == "GB 4915-2013 修改单" and not new["nox"].confirmed
    assert "2026" in new["nox"].note
