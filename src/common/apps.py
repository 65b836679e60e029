from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    name = "common"
    verbose_name = _("Algemeen")

    def ready(self):
        from django.core import checks
        from django.db.models.signals import post_migrate

        from .site import check_site_record, sync_site_record_after_migrate

        # The Wagtail Site record follows SITE_URL: after every migrate (no database writes at
        # start-up), and a check names the difference where it remains.
        post_migrate.connect(
            sync_site_record_after_migrate, sender=self, dispatch_uid="common.site_record_sync"
        )
        checks.register(check_site_record, checks.Tags.database)

        # Wagtail's admin exports (reports, form submissions) as every export of the project:
        # Dutch Excel's CSV and formulas neutralised (common.exports).
        from wagtail.admin.views.mixins import SpreadsheetExportMixin

        from .exports import wagtail_csv_response, wagtail_xlsx_response

        SpreadsheetExportMixin.write_csv_response = wagtail_csv_response
        SpreadsheetExportMixin.write_xlsx_response = wagtail_xlsx_response

        # The public pages' cache: what invalidates which pages (issue 18).
        from .pagecache_hooks import connect

        connect()
