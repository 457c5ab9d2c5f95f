"""Review dates: is the handout past its next review, in the clinic's time zone, and what then?

Clinics choose a policy in their clinic file (`review_policy`): `warn` (a warning on the terminal),
`mark` (a visible "review overdue" band on every page) or `refuse` (no PDF; exit 1 with the date).
`--today YYYY-MM-DD` fixes the date so builds are reproducible and testable.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from handout.errors import HandoutError

POLICIES = ("warn", "mark", "refuse")


@dataclass(frozen=True)
class ReviewState:
    next_review: dt.date
    today: dt.date
    policy: str

    @property
    def days_left(self) -> int:
        """Days until the next review (negative when overdue)."""
        return (self.next_review - self.today).days

    @property
    def overdue(self) -> bool:
        return self.today > self.next_review

    @property
    def marked(self) -> bool:
        return self.overdue and self.policy == "mark"


def clinic_today(timezone: str, today: dt.date | None = None) -> dt.date:
    """Today's date where the clinic is (or `today` when given)."""
    if today is not None:
        return today
    try:
        return dt.datetime.now(ZoneInfo(timezone)).date()
    except (ZoneInfoNotFoundError, ValueError):  # clinic.py validates; this guards direct callers
        raise HandoutError(f"unknown time zone '{timezone}'; use a name such as Europe/London") from None


def review_state(next_review: dt.date, policy: str, timezone: str, today: dt.date | None = None) -> ReviewState:
    """Where the handout stands against its review date; raises HandoutError under the refuse policy."""
    state = ReviewState(next_review=next_review, today=clinic_today(timezone, today), policy=policy)
    if state.overdue and policy == "refuse":
        raise HandoutError(f"this handout was due for review on {next_review.isoformat()} "
                           f"({-state.days_left} days ago) and the clinic's review_policy is 'refuse'; "
                           "ask the content owner for a reviewed version (or change review_policy)")
    return state


def overdue_warning(state: ReviewState) -> str | None:
    if not state.overdue:
        return None
    return (f"this handout was due for review on {state.next_review.isoformat()} ({-state.days_left} days ago)"
            + ("; every page is marked 'review overdue'" if state.marked else ""))
