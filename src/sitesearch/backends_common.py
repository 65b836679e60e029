"""Shared by our SQLite and PostgreSQL backends: the title weighting ("title norms") is
recalculated nightly and after a rebuild, not after every single update.

Wagtail's database backends recalculate it after every ``add``/``add_bulk`` with two scans of
the whole index table: ~100 ms per saved signal at 100,000 entries, inside the writing
transaction (bench/search_bench.py). New entries keep the neutral weight 1.0 until the nightly
task."""

from __future__ import annotations


class DeferredTitleNormsMixin:
    def _refresh_title_norms(self, full=False):
        if full:
            super()._refresh_title_norms(full=True)

    def refresh_title_norms_now(self):
        super()._refresh_title_norms()
