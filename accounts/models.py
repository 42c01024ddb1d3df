from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OFFICE = "office", _("Special class office")
    BUREAU = "bureau", _("Municipal bureau staff")
    COUNTY = "county", _("County sub-bureau staff")
    VEHICLE = "vehicle", _("Vehicle exhaust monitoring staff")
    CONTACT = "contact", _("Enterprise contact")
    OFFICIAL = "official", _("Official (read-only)")


class NotificationChannel(models.TextChoices):
    EMAIL_AND_INBOX = "email", _("E-mail and portal inbox")
    INBOX_ONLY = "inbox", _("Portal inbox only")


class User(AbstractUser):
    """A portal user. What they may see and do follows from ``role`` and, for county staff and
    enterprise contacts, the county or enterprise they are bound to (see the access package)."""

    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.OFFICIAL)
    county = models.ForeignKey(
        "enterprises.County",
        verbose_name=_("county"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
        help_text=_("Required for county sub-bureau staff."),
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contact_users",
        help_text=_("Required for enterprise contacts."),
    )
    display_name = models.CharField(_("display name"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    is_county_lead = models.BooleanField(
        _("county sub-bureau lead"),
        default=False,
        help_text=_("Receives escalations for the county."),
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("Language of your e-mails and inbox; empty: the portal's default."),
    )
    notification_channel = models.CharField(
        _("how to receive notifications"),
        max_length=8,
        choices=NotificationChannel.choices,
        default=NotificationChannel.EMAIL_AND_INBOX,
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                name="county_staff_have_a_county",
                condition=~Q(role="county") | Q(county__isnull=False),
            ),
            models.CheckConstraint(
                name="contacts_have_an_enterprise",
                condition=~Q(role="contact") | Q(enterprise__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username

    @property
    def preferred_language(self) -> str:
        """The language the portal writes to this person in (mail, inbox)."""
        return self.language or settings.LANGUAGE_CODE


class AuditEntry(models.Model):
    """Who changed what and when, for registry records. Written by services in the same
    transaction as the change; ``enterprise`` scopes the entry so that an enterprise page can
    show the history of the enterprise and everything that belongs to it in one query."""

    class Action(models.TextChoices):
        CREATE = "create", _("created")
        UPDATE = "update", _("changed")
        DELETE = "delete", _("deleted")

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        User, verbose_name=_("who"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(_("action"), max_length=8, choices=Action.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(_("record"), max_length=200)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        null=True,
        blank=True,
        on_delete=models.PROTECT,  # the trail outlives nothing it describes
        related_name="audit_entries",
    )
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.object_repr}"
