"""Reads of the inspections app, scoped to the user (see the access package), each fetching what
its page renders in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

import access
from accounts.models import User
from core.subqueries import count_of
from enterprises.models import County, Enterprise

from .disclosure import Disclosure, disclosure, disclosure_targets  # noqa: F401
from .models import (
    Answer,
    AnswerResult,
    Attachment,
    ChecklistItem,
    ChecklistTemplate,
    ChecklistVersion,
    ConflictDeclaration,
    Draw,
    DrawTarget,
    Finding,
    FindingResponse,
    FindingStatus,
    Inspection,
    InspectionStatus,
    LawArticle,
    RectificationPlan,
    VerificationTask,
)


def inspection_list(*, user: User, ordering: list | None = None) -> QuerySet[Inspection]:
    return (
        access.visible_inspections(user)
        .select_related("enterprise__county")
        .prefetch_related("inspectors")
        .annotate(
            # per row of the page only (core.subqueries), not grouped over the whole table
            non_compliant=count_of(
                Answer.objects.filter(inspection=OuterRef("pk"), result=AnswerResult.NON_COMPLIANT)
            ),
            finding_count=count_of(Finding.objects.filter(inspection=OuterRef("pk"))),
        )
        .order_by(*(ordering or ("-started_at", "-id")))  # ordering: the list's sort
    )


def enterprises_for_filter(*, user: User) -> QuerySet[Enterprise]:
    return access.visible_enterprises(user).order_by("county__code", "name_zh")


def counties_for(*, user: User) -> QuerySet[County]:
    from enterprises.selectors import counties_for as registry_counties

    return registry_counties(user=user)


def inspectors_for(*, enterprise: Enterprise | None = None) -> QuerySet[User]:
    """Active inspectors; for an enterprise, those who may inspect it."""
    return (
        access.eligible_inspectors(enterprise).select_related("county").order_by("role", "username")
    )


@dataclass
class ItemRow:
    item: ChecklistItem
    answer: Answer | None
    photos: list[Attachment] = field(default_factory=list)
    finding: Finding | None = None


@dataclass
class ChecklistSection:
    version: ChecklistVersion
    rows: list[ItemRow]

    @property
    def non_compliant(self) -> int:
        return sum(1 for r in self.rows if r.answer and r.answer.result == "non_compliant")

    @property
    def answered(self) -> int:
        return sum(1 for r in self.rows if r.answer and r.answer.result)


@dataclass
class InspectionRecord:
    inspection: Inspection
    sections: list[ChecklistSection]
    general_photos: list[Attachment]
    findings: list[Finding]
    amendments: list
    answered: int
    total: int

    @property
    def items(self) -> list[ChecklistItem]:
        return [r.item for s in self.sections for r in s.rows]

    @property
    def open_non_compliant(self) -> list[ItemRow]:
        """Non-compliant items without a finding yet."""
        return [
            r
            for s in self.sections
            for r in s.rows
            if r.answer and r.answer.result == "non_compliant" and r.finding is None
        ]


def inspection_record(*, inspection: Inspection) -> InspectionRecord:
    """The whole record of an inspection for its detail page, logging form and printout."""
    versions = list(
        inspection.checklists.select_related("template")
        .prefetch_related(Prefetch("items", queryset=ChecklistItem.objects.order_by("order")))
        .order_by("template__order", "template__code")
    )
    answers = {a.item_id: a for a in inspection.answers.all()}
    photos_by_item: dict[int | None, list[Attachment]] = defaultdict(list)
    for att in inspection.attachments.order_by("uploaded_at", "id"):
        photos_by_item[att.item_id].append(att)
    findings = list(
        Finding.objects.filter(inspection=inspection)
        .select_related("legal_basis", "emission_point", "item")
        .order_by("id")
    )
    finding_by_item = {f.item_id: f for f in findings if f.item_id}
    sections = []
    answered = total = 0
    for v in versions:
        rows = []
        for item in v.items.all():
            a = answers.get(item.pk)
            total += 1
            answered += bool(a and a.result)
            rows.append(
                ItemRow(item, a, photos_by_item.get(item.pk, []), finding_by_item.get(item.pk))
            )
        sections.append(ChecklistSection(v, rows))
    amendments = list(inspection.amendments.select_related("author", "item").order_by("at", "id"))
    return InspectionRecord(
        inspection=inspection,
        sections=sections,
        general_photos=photos_by_item.get(None, []),
        findings=findings,
        amendments=amendments,
        answered=answered,
        total=total,
    )


def _with_item_photos(findings: list[Finding]) -> list[Finding]:
    """Give each finding the photos taken for its check item during the inspection (its
    on-site evidence) as ``item_photos``: one query for any number of findings."""
    keys = {(f.inspection_id, f.item_id) for f in findings if f.item_id}
    by_key: dict[tuple[int, int], list[Attachment]] = defaultdict(list)
    if keys:
        q = Q()
        for inspection_id, item_id in keys:
            q |= Q(inspection_id=inspection_id, item_id=item_id)
        for att in Attachment.objects.filter(q).order_by("uploaded_at", "id"):
            by_key[(att.inspection_id, att.item_id)].append(att)
    for f in findings:
        f.item_photos = by_key.get((f.inspection_id, f.item_id), []) if f.item_id else []
    return findings


def finding_detail(*, finding: Finding) -> Finding:
    return _with_item_photos([_finding_detail(finding)])[0]


def _finding_detail(finding: Finding) -> Finding:
    return (
        Finding.objects.select_related(
            "enterprise__county",
            "inspection",
            "item",
            "legal_basis",
            "emission_point",
            "plan",
            "created_by",
            "closed_by",
        )
        .prefetch_related(
            "attachments",
            Prefetch(
                "responses",
                queryset=FindingResponse.objects.select_related("author", "review__reviewer")
                .prefetch_related("attachments")
                .order_by("at", "id"),
            ),
        )
        .get(pk=finding.pk)
    )


def plan_list(*, user: User, ordering: list | None = None) -> QuerySet[RectificationPlan]:
    return (
        access.visible_plans(user)
        .select_related("enterprise__county")
        .annotate(
            # per row of the page only (core.subqueries)
            total=count_of(Finding.objects.filter(plan=OuterRef("pk"))),
            open=count_of(
                Finding.objects.filter(plan=OuterRef("pk")).exclude(status=FindingStatus.CLOSED)
            ),
            overdue=count_of(
                Finding.objects.filter(
                    plan=OuterRef("pk"), deadline__lt=timezone.localdate()
                ).exclude(status=FindingStatus.CLOSED)
            ),
        )
        .order_by(*(ordering or ("status", "-created_at")))  # ordering: the list's sort
    )


def plan_findings(*, plan: RectificationPlan) -> list[Finding]:
    return _with_item_photos(
        list(
            plan.findings.select_related("legal_basis", "emission_point", "inspection")
            .prefetch_related("attachments", "responses__attachments")
            .order_by("deadline", "id")
        )
    )


@dataclass
class History:
    enterprise: Enterprise
    inspections: list[Inspection]
    findings: list[Finding]
    plans: list[RectificationPlan]


def enterprise_history(*, user: User, enterprise: Enterprise) -> History:
    inspections = list(inspection_list(user=user).filter(enterprise=enterprise))
    findings = list(
        access.visible_findings(user)
        .filter(enterprise=enterprise)
        .select_related("legal_basis", "inspection")
        .order_by("-created_at", "-id")
    )
    plans = list(access.visible_plans(user).filter(enterprise=enterprise).order_by("-created_at"))
    return History(enterprise, inspections, findings, plans)


@dataclass
class PanelStats:
    inspections: int
    last_inspection: object
    open_findings: int
    overdue_findings: int
    closed_findings: int


def enterprise_panel_stats(*, user: User, enterprise: Enterprise) -> PanelStats:
    """One aggregate query for the panel on the enterprise page."""
    from django.db.models import Max, OuterRef, Subquery

    today = timezone.localdate()
    insp = access.visible_inspections(user).filter(enterprise=OuterRef("pk"))
    findings = Finding.objects.filter(enterprise=OuterRef("pk"))

    def count(qs):
        return Subquery(qs.order_by().values("enterprise").annotate(c=Count("id")).values("c")[:1])

    row = (
        Enterprise.objects.filter(pk=enterprise.pk)
        .annotate(
            n_insp=count(insp),
            last=Subquery(
                insp.order_by().values("enterprise").annotate(m=Max("started_at")).values("m")[:1]
            ),
            n_open=count(findings.exclude(status=FindingStatus.CLOSED)),
            n_overdue=count(
                findings.exclude(status=FindingStatus.CLOSED).filter(deadline__lt=today)
            ),
            n_closed=count(findings.filter(status=FindingStatus.CLOSED)),
        )
        .values("n_insp", "last", "n_open", "n_overdue", "n_closed")
        .first()
    ) or {}
    return PanelStats(
        inspections=row.get("n_insp") or 0,
        last_inspection=row.get("last"),
        open_findings=row.get("n_open") or 0,
        overdue_findings=row.get("n_overdue") or 0,
        closed_findings=row.get("n_closed") or 0,
    )


# My tasks ---------------------------------------------------------------------------------


@dataclass
class Tasks:
    drafts: list[Inspection]
    to_verify: list[Finding]
    assignments: list[DrawTarget]
    verifications: list[VerificationTask]
    open_findings: list[Finding]  # for contacts: what to answer
    overdue: list[Finding] = field(default_factory=list)  # for inspectors: to chase
    # the sections cut at the limit (more rows wait than are shown)
    cut: set[str] = field(default_factory=set)

    @property
    def count(self) -> int:
        """Things the person must act on (the overdue watch list is not counted)."""
        return (
            len(self.drafts)
            + len(self.to_verify)
            + len(self.assignments)
            + len(self.verifications)
            + len(self.open_findings)
        )


TASKS_LIMIT = 50


def _first(queryset: QuerySet, limit: int, name: str, cut: set[str]) -> list:
    """The first ``limit`` rows; ``name`` goes into ``cut`` when more are waiting."""
    rows = list(queryset[: limit + 1])
    if len(rows) > limit:
        cut.add(name)
    return rows[:limit]


def my_tasks(*, user: User, today: date | None = None, limit: int = TASKS_LIMIT) -> Tasks:
    """What the person must act on, the most urgent first, each section bounded to ``limit``
    rows whatever the size of the city (``Tasks.cut`` names the sections with more)."""
    today = today or timezone.localdate()
    empty: list = []
    cut: set[str] = set()
    if access.is_contact(user):
        open_findings = _first(
            access.visible_findings(user)
            .filter(status=FindingStatus.OPEN)
            .select_related("enterprise")
            .order_by("deadline", "id"),
            limit,
            "open_findings",
            cut,
        )
        return Tasks(empty, empty, empty, empty, open_findings, cut=cut)
    if not access.is_inspector(user):
        return Tasks(empty, empty, empty, empty, empty)
    drafts = _first(
        access.visible_inspections(user)
        .filter(status=InspectionStatus.DRAFT)
        .filter(Q(inspectors=user) | Q(created_by=user))
        .distinct()
        .select_related("enterprise")
        .order_by("-started_at"),
        limit,
        "drafts",
        cut,
    )
    to_verify = _first(
        access.findings_to_verify(user).select_related("enterprise").order_by("deadline", "id"),
        limit,
        "to_verify",
        cut,
    )
    assignments = _first(
        DrawTarget.objects.filter(
            inspectors=user, inspection_date__lte=today, draw__supersession__isnull=True
        )
        .exclude(inspections__status=InspectionStatus.SUBMITTED)
        .select_related("enterprise", "draw")
        .defer("draw__inputs", "draw__result")
        .order_by("inspection_date"),
        limit,
        "assignments",
        cut,
    )
    verifications = _first(
        access.visible_verification_tasks(user)
        .filter(done_at__isnull=True)
        .select_related("enterprise", "node__project", "inspection", "flag__rule", "flag__point")
        .order_by("created_at"),
        limit,
        "verifications",
        cut,
    )
    overdue = _first(
        access.visible_findings(user)
        .filter(status=FindingStatus.OPEN, deadline__lt=today)
        .select_related("enterprise")
        .order_by("deadline", "id"),
        limit,
        "overdue",
        cut,
    )
    return Tasks(drafts, to_verify, assignments, verifications, empty, overdue, cut=cut)


# Draws and disclosure ---------------------------------------------------------------------


def draw_list(*, ordering: list | None = None) -> QuerySet[Draw]:
    return (
        Draw.objects.select_related("created_by", "supersession")
        .annotate(n=Count("targets"))
        .order_by(*(ordering or ("-created_at", "-id")))  # ordering: the list's sort
    )


def draw_targets(*, draw: Draw) -> list[DrawTarget]:
    return list(
        draw.targets.select_related("enterprise__county")
        .prefetch_related("inspectors")
        .order_by("position")
    )


def conflicts_for(*, user: User) -> QuerySet[ConflictDeclaration]:
    return (
        access.visible_conflicts(user)
        .select_related("inspector", "enterprise")
        .order_by("inspector__username", "enterprise__name_zh")
    )


def checklist_templates() -> QuerySet[ChecklistTemplate]:
    return ChecklistTemplate.objects.annotate(n_versions=Count("versions")).order_by(
        "order", "code"
    )


def checklist_versions(*, template: ChecklistTemplate) -> list[ChecklistVersion]:
    return list(
        template.versions.select_related("created_by")
        .prefetch_related(Prefetch("items", queryset=ChecklistItem.objects.order_by("order")))
        .annotate(n_inspections=Count("inspections"))
        .order_by("-number")
    )


def law_articles(*, active_only: bool = False) -> QuerySet[LawArticle]:
    """Law articles in natural order: by the article's number, then its item (art. 99 and
    99(3) before art. 100 and 123), the same on PostgreSQL and SQLite."""
    from django.db.models import Case, CharField, Value, When
    from django.db.models.functions import Left, LPad, StrIndex

    # the part before "(" padded with zeros sorts as a number, and never fails on text an
    # office typed in the admin ("第99条" sorts apart instead of breaking the page)
    number = LPad(
        Case(
            When(article__contains="(", then=Left("article", StrIndex("article", Value("(")) - 1)),
            default="article",
            output_field=CharField(),
        ),
        8,
        Value("0"),
    )
    qs = LawArticle.objects.all()
    if active_only:
        qs = qs.filter(is_active=True)
    return qs.order_by("law_zh", number, "article")
