"""How `handout build` shows a batch while it runs. Part of the command line, so it prints.

On a terminal: a progress bar with counts, rate and time left, then any warnings and errors. Otherwise
(logs, CI, pipes): one plain line per file as it is done, the path of each PDF built or `PATH
(unchanged)`, with warnings and errors on stderr as they happen.
"""
from __future__ import annotations

import sys
import time

import click

from handout.batch.plan import Outcome, Plan, run_batch


def _report(outcome: Outcome) -> None:
    if outcome.ok:
        for warning in outcome.warnings:
            click.echo(f"Warning: {warning}", err=True)
        for note in outcome.notes:
            click.echo(note, err=True)
        click.echo(outcome.path)
    else:
        click.echo(f"Error: {outcome.error}", err=True)
        for detail in outcome.details:
            click.echo(f"  {detail}", err=True)


def run_with_progress(plan: Plan, workers: int | None) -> tuple[list[Outcome], bool]:
    """Build what the plan says needs building; return (outcomes, whether Ctrl-C stopped it)."""
    outcomes: list[Outcome] = []
    interactive = sys.stdout.isatty() and len(plan.todo) > 1
    if not interactive:
        for job in plan.unchanged:
            click.echo(f"{plan.out / job.name} (unchanged)")
    # Whoever prints or hands out an overdue handout is told, also when it was built on an earlier run.
    for warning in sorted({job.overdue for job in plan.unchanged if job.overdue}):
        click.echo(f"Warning: {warning}", err=True)
    if not plan.todo:
        return outcomes, False
    started = time.perf_counter()

    def show(outcome: Outcome | None) -> str:
        if outcome is None:
            return ""
        rate = len(outcomes) / max(time.perf_counter() - started, 1e-6)
        return f"{rate:.1f}/s  {outcome.job.name}"

    interrupted = False
    if interactive:
        with click.progressbar(length=len(plan.todo), label=f"Building {len(plan.todo)} of {len(plan.jobs)}",
                               show_pos=True, show_eta=True, item_show_func=show, file=sys.stderr) as bar:
            def done(outcome: Outcome) -> None:
                outcomes.append(outcome)
                bar.update(1, outcome)
            try:
                run_batch(plan.todo, workers, done, in_order=False)
            except KeyboardInterrupt:
                interrupted = True
        for outcome in sorted(outcomes, key=lambda o: o.job.name):
            if outcome.warnings or outcome.notes or not outcome.ok:
                _report(outcome)
    else:
        def done(outcome: Outcome) -> None:
            outcomes.append(outcome)
            _report(outcome)
        try:
            run_batch(plan.todo, workers, done)
        except KeyboardInterrupt:
            interrupted = True
    return outcomes, interrupted
