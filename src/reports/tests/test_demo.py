import pytest
from django.utils import timezone

from reports.demo import load
from reports.models import AnnualReport

pytestmark = pytest.mark.django_db


def test_the_demo_publishes_last_years_national_report_once(client):
    load()
    load()
    [report] = AnnualReport.objects.all()
    year = timezone.localdate().year - 1
    assert (report.year, report.council) == (year, None)
    response = client.get(f"/jaarverslag/{year}/")
    assert response.status_code == 200
    assert "Dit is het jaarverslag van alle cliëntenraden samen." in response.content.decode()
