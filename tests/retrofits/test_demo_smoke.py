import io

from django.core.management import call_command

from notifications.models import Notification
from retrofits.models import DateChange, MilestoneNode, RetrofitProject


def test_demo_loads_twice_without_duplicates(db):
    call_command("load_demo", stdout=io.StringIO())
    counts = (
        RetrofitProject.objects.count(),
        MilestoneNode.objects.count(),
        DateChange.objects.count(),
        Notification.objects.count(),
    )
    call_command("load_demo", stdout=io.StringIO())
    assert counts == (
        RetrofitProject.objects.count(),
        MilestoneNode.objects.count(),
        DateChange.objects.count(),
        Notification.objects.count(),
    )
    assert counts[0] == 12 and counts[3] > 0
