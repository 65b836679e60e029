"""Permission matrix rows for the trend counts' downloads (issue 17): the XLSX beside the CSV
(whose GET row is in tests/test_permission_matrix.py), for the same people as the trend page;
a download is never posted (405 once logged in)."""

from __future__ import annotations

from tests.matrix import DENY, Case, logged_in

TRENDS = logged_in(200, editor=DENY, ex_member=DENY)

CASES = [
    Case("signals:trends_xlsx", lambda c: "/mijn/signalen/trends.xlsx", TRENDS),
    Case(
        "signals:trends_csv (post)",
        lambda c: "/mijn/signalen/trends.csv",
        logged_in(405),
        method="post",
    ),
    Case(
        "signals:trends_xlsx (post)",
        lambda c: "/mijn/signalen/trends.xlsx",
        logged_in(405),
        method="post",
    ),
]
