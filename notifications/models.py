from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .messages import Rendered, render


class EmailStatus(models.TextChoices):
    PENDING = "pending", _("to send now")
    DIGEST = "digest", _("waiting for the daily digest")
    SENT = "sent", _("sent")
    SKIPPED = "skipped", _("not e-mailed (inbox only)")
    FAILED = "failed", _("failed, will retry")
    UNDELIVERABLE = "undeliverable", _("undeliverable (the office was told)")


class Notification(models.Model):
    """One notification for one person: the outbox row and the inbox item at once.

    Written in the same transaction as the change it reports, with a unique idempotency key
    (e.g. ``node:42:moved_forward:2025-09-01:user:7``), so that re-running whatever wrote it
    writes nothing twice. It stores the event (``kind`` and ``params``), not its wording: the
    text is rendered in the reader's language when the inbox shows it or the mail is sent
    (``notifications.messages``). It is in the inbox as soon as the change commits; a Celery
    task e-mails it, at once (urgent) or in the daily digest, unless the person chose inbox only.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    idempotency_key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=40)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    urgent = models.BooleanField(_("urgent"), default=False)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    email_status = models.CharField(
        _("e-mail"), max_length=16, choices=EmailStatus.choices, default=EmailStatus.PENDING
    )
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["email_status"]),
            # the delivery sweep's pick: small, whatever the number of sent rows
            models.Index(
                fields=["id"],
                condition=models.Q(email_status__in=["pending", "failed"]),
                name="notification_to_send",
            ),
        ]

    def __str__(self) -> str:
        return self.subject

    def rendered(self, language: str | None = None) -> Rendered:
        """Subject and body in ``language`` (default: the active one), rendered once each."""
        language = language or translation.get_language() or settings.LANGUAGE_CODE
        cache = self.__dict__.setdefault("_rendered", {})
        if language not in cache:
            cache[language] = render(self.kind, self.params, language)
        return cache[language]

    @property
    def subject(self) -> str:
        return self.rendered().subject

    @property
    def body(self) -> str:
        return self.rendered().body
