"""Share misses judged again when what they were judged on changes: clean tonnage recorded,
a threshold, a clean-tonnage figure or a ledger import edited or deleted (in the admin too),
an enterprise's industry or key-region flag changed. Each runs in the change's own
transaction (``refresh_misses`` is atomic and serialised), so the misses never disagree with
what was committed. A ledger import's passes are judged when it finishes (``ledger_run``)."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save, pre_save

from enterprises.models import Enterprise

from .models import CleanTonnage, LedgerImport, Threshold


def _threshold_changed(sender, instance, **kwargs) -> None:
    from .misses import last_months, refresh_misses
    from .models import GatePass

    if GatePass.objects.exists() or CleanTonnage.objects.exists():  # else nothing to judge
        refresh_misses(months=last_months())


def _tonnage_changed(sender, instance, **kwargs) -> None:
    from .misses import refresh_misses

    refresh_misses(months=[instance.month], enterprise_ids=[instance.enterprise_id])


def _ledger_deleted(sender, instance, **kwargs) -> None:
    from .misses import refresh_enterprise

    refresh_enterprise(instance.enterprise_id)


def _enterprise_saving(sender, instance, **kwargs) -> None:
    if instance.pk is None:
        return
    before = Enterprise.objects.filter(pk=instance.pk).values("industry", "key_region").first()
    instance._judge_shares_again = bool(before) and (
        before["industry"],
        before["key_region"],
    ) != (instance.industry, instance.key_region)


def _enterprise_saved(sender, instance, **kwargs) -> None:
    if getattr(instance, "_judge_shares_again", False):
        from .misses import refresh_enterprise

        instance._judge_shares_again = False
        refresh_enterprise(instance.pk)


def connect() -> None:
    post_save.connect(_threshold_changed, sender=Threshold, dispatch_uid="misses-threshold")
    post_delete.connect(_threshold_changed, sender=Threshold, dispatch_uid="misses-threshold-d")
    post_save.connect(_tonnage_changed, sender=CleanTonnage, dispatch_uid="misses-tonnage")
    post_delete.connect(_tonnage_changed, sender=CleanTonnage, dispatch_uid="misses-tonnage-d")
    post_delete.connect(_ledger_deleted, sender=LedgerImport, dispatch_uid="misses-ledger-d")
    pre_save.connect(_enterprise_saving, sender=Enterprise, dispatch_uid="misses-enterprise")
    post_save.connect(_enterprise_saved, sender=Enterprise, dispatch_uid="misses-enterprise-s")
