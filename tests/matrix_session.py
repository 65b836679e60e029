"""Permission matrix rows for the idle warning (issue 15): asking how long the session has left
answers everyone (a visitor: 0), staying logged in is for who is logged in."""

from __future__ import annotations

from tests.matrix import Case, everyone

CASES = [
    Case("accounts:session_status", lambda c: "/sessie/", everyone(200)),
    Case(
        "accounts:session_extend",
        lambda c: "/sessie/verlengen/",
        {**everyone(302), "visitor": 401},
        method="post",
    ),
    Case("accounts:session_extend (get)", lambda c: "/sessie/verlengen/", everyone(302)),
]
