"""The tracker's writes: each goes into the outbox (SQLite) first and the state shows it at
once; the outbox is then sent in order. Offline, writes wait there and are retried with growing
delays; a write Clockify refuses is kept to fix, send again or discard. Nothing is dropped."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from tray_app.clockify import AuthError, ClockifyError, Project, TimeEntry
from tray_app.core.entries import (
    Write,
    delete_write,
    edit_write,
    entry_write,
    merge_replayed,
    not_saved,
    project_write,
    shown_with,
    start_writes,
    stop_writes,
    with_project,
)
from tray_app.core.outbox import Replayer, resend_refused
from tray_app.core.rules import (
    LOCKED_PERIOD,
    Lacking,
    lacking,
    locked_for,
    locked_period,
    project_name_problem,
)
from tray_app.core.session import KEY_REFUSED
from tray_app.core.state import AppState, EntryEdit, EntryRequest, StartRequest
from tray_app.core.tracking.parts import OnParts, Parts
from tray_app.i18n import N_, _, short_day

logger = logging.getLogger(__name__)
ONLY_ADMINS_CREATE_PROJECTS = N_("Only admins can create projects in this workspace.")


class Writes(OnParts):
    """Start, stop, manual entries, edits, deletes, new projects and refused writes.

    Args:
        parts: the state (shown at once after each write), the outbox, the client writes are
            sent with, the open week (which shows each write at once), the failure policy.
        reread: reads the entries again (after a refused write, what runs is Clockify's to say).
    """

    def __init__(self, parts: Parts, reread: Callable[[], None]) -> None:
        super().__init__(parts)
        self._reread = reread

    def on_start(self, request: StartRequest, *, from_last_end: bool = False) -> None:
        """Start ``request`` now; ``from_last_end``: where the last entry ended, if that was
        earlier today and no timer runs (``AppState.last_end_today``), so no gap is left."""
        ids = self._board.local_ids()
        if ids is None:
            return
        lacks = self.lacking(request)
        if lacks:  # Clockify would refuse it: quick start asks for what is missing
            self._events.quick_start_wanted(request, lacks.message)
            return
        now = self._now()
        start = (self._board.state.last_end_today(now) if from_last_end else None) or now
        writes, shown = start_writes(self._board.state, request, *ids, start)
        self._preferences.remember_start(request)
        self.queue(writes, shown)

    def on_stop(self, end: datetime | None = None) -> None:
        """Stop the running timer (at ``end``, else now), unless it lacks what the workspace
        requires: Clockify checks that at the stop too, so the person is asked for it first."""
        ids = self._board.local_ids()
        running = self._board.state.running
        if ids is None or running is None:
            return
        end = end or self._now()
        lacks = self.lacking(running)
        if lacks:
            self._events.stop_needs(running, lacks, end)
            return
        self.queue(*stop_writes(self._board.state, ids[0], end))

    def on_complete_and_stop(self, edit: EntryEdit, end: datetime) -> None:
        """What the stop prompt filled in, then the stop (both through the outbox, in order)."""
        running = self._board.state.running
        if running is None or running.id != edit.entry_id:
            self._events.failed(_("That timer is no longer running; nothing was changed."))
            return
        self.on_update_entry(edit)
        self.on_stop(end)

    def lacking(self, what: TimeEntry | StartRequest) -> Lacking:
        """What ``what`` lacks of what the chosen workspace requires (nothing when unknown)."""
        state = self._board.state
        if state.workspace is None:
            return Lacking()
        settings = state.workspace.settings
        project = what.project_id
        has_tasks = False
        if settings.force_tasks and project and not what.task_id:
            try:
                tasks = self._sync.read_tasks(self._session.client, state.workspace.id, project)
                has_tasks = bool(tasks)
            except ClockifyError:
                pass  # unknown: Clockify says so if it matters
        return lacking(
            settings,
            state.custom_fields,
            description=what.description,
            project_id=project,
            task_id=what.task_id,
            tag_ids=what.tag_ids,
            project_has_tasks=has_tasks,
            values=what.custom_fields,
        )

    def on_create_entry(self, request: EntryRequest) -> None:
        """Record a finished entry; with ``request.fixes``, in place of that refused write."""
        ids = self._board.local_ids()
        if ids is None:
            self._events.entry_failed(request.request_id, _("Not signed in."))
            return
        why = self._locked_at(request.start)
        if why:  # Clockify would refuse it: nothing is queued
            self._events.entry_failed(request.request_id, why)
            return
        write, entry = entry_write(request, *ids)
        state = self._board.state
        op_id = self.queue([write], shown_with(state, [write]), fixes=request.fixes)
        op = self._store.op(op_id) if op_id is not None else None
        if op is None or op.status == "failed":
            why = op.last_error if op else _("That entry was sent or discarded meanwhile.")
            self._events.entry_failed(request.request_id, why)
            return
        if op.status == "pending":
            self._events.notice(
                _(
                    "The entry is saved on this computer and will be sent to Clockify when the "
                    "connection is back."
                )
            )
        # Sent: the outbox replaced the local entry by Clockify's version, under its id.
        server_id = self._store.server_id(entry.id)
        saved = next((e for e in self._board.state.recent if e.id == server_id), entry)
        self._events.entry_saved(request.request_id, saved)

    def on_update_entry(self, edit: EntryEdit) -> None:
        """Change an entry (the running one too): shown at once, sent in order."""
        ids = self._board.local_ids()
        entry = self._entry(edit.entry_id)
        why = locked_for(entry, self._board.state.is_admin) if entry is not None else ""
        why = why or self._locked_at(edit.start)  # moved into a locked period
        if why:
            self._events.failed(why)  # Clockify would refuse it: nothing is queued
            self._book.changed = True  # the window, which showed the edit at once, takes it back
            self._board.publish()
        elif ids is not None:
            write, shown = edit_write(self._board.state, edit, ids[0])
            if self.queue([write], shown, fixes=edit.fixes) is None:
                self._events.failed(_("That change was sent or discarded meanwhile."))

    def on_delete_entry(self, entry: TimeEntry) -> None:
        ids = self._board.local_ids()
        why = locked_for(entry, self._board.state.is_admin)
        if why:
            self._events.failed(why)  # Clockify would refuse it: nothing is queued
        elif ids is not None:
            write, shown = delete_write(self._board.state, entry, ids[0])
            self.queue([write], shown)

    def _locked_at(self, start: datetime) -> str:
        """Why a member may not write an entry starting at ``start`` ('' when they may)."""
        state = self._board.state
        plan = self._book.plan(state)
        approval = plan.approval if plan is not None else None
        approved = [(approval.start, approval.end)] if approval and approval.approved else []
        if state.workspace is None or not locked_period(
            start, state.workspace.settings, approved, state.is_admin
        ):
            return ""
        local = start.astimezone(state.zone)
        return _(LOCKED_PERIOD).format(when=f"{short_day(local.date())} {local:%H:%M}")

    def _entry(self, entry_id: str) -> TimeEntry | None:
        """The entry as this computer knows it: the running one, a recent one, the week's."""
        state = self._board.state
        known = (state.running, *state.recent, *self._book.entries)
        return next((e for e in known if e is not None and e.id == entry_id), None)

    def on_create_project(self, name: str) -> None:
        ids = self._board.local_ids()
        if ids is None or not name.strip():
            return
        problem = project_name_problem(name) or (
            "" if self._board.state.may_create_projects else _(ONLY_ADMINS_CREATE_PROJECTS)
        )
        if problem:
            self._events.failed(problem)
            return
        write, local_id = project_write(ids[0], name)
        (op_id,) = self._store.add(write)
        self.flush()
        op = self._store.op(op_id)
        if op is None or op.status == "failed":
            return  # flush told the person why
        project = Project(id=str(self._store.server_id(local_id)), name=name.strip())
        self._board.replace(with_project(self._board.state, project))
        self._sync.cache_workspace(self._board.state)
        self._board.show()
        self._events.project_created(project)

    # --- writes Clockify refused -----------------------------------------------------------

    def on_send_again(self, op_id: int) -> None:
        """Send a refused write again as it is (the reason may be gone: a project restored)."""
        resend_refused(self._store, op_id)
        self.flush()
        self._failures.guard(self._reread)  # what runs now is the server's to say

    def on_discard(self, op_id: int) -> None:
        """Give up a refused write, on purpose."""
        if self._store.discard(op_id):
            logger.info("refused write %d discarded by the person", op_id)
        self._board.publish()

    # --- the outbox ------------------------------------------------------------------------

    def queue(
        self,
        writes: list[Write],
        shown: AppState,
        fixes: int | None = None,
        *,
        done_command: int | None = None,
    ) -> int | None:
        """Keep ``writes`` in the outbox (the last in place of refused write ``fixes``, or as
        the command ``done_command``), show them at once, then send them (may take a while).
        Returns the last write's id; None when ``fixes`` is no longer a refused write."""
        if fixes is None:
            op_id = self._store.add(*writes, done_command=done_command)[-1]
        else:
            fixed = self._store.replace_refused(fixes, *writes[-1])
            if fixed is None:
                return None
            op_id = fixed
        self._board.replace(shown)
        self._book.apply(writes, shown)
        self._board.publish()
        self.flush()
        return op_id

    def flush(self) -> None:
        """Send what waits in the outbox; show the result; schedule a retry if needed."""
        client = self._session.client
        state = self._board.state
        if client is None or state.user is None:
            self._board.publish()
            return
        had_pending = state.pending > 0 or state.offline
        result = Replayer(
            client, self._store, state.user.id, settle=self._sync.timing.settle
        ).replay(self._clock.now())
        self._board.replace(merge_replayed(self._board.state, result))
        self._book.merge(result)
        for op, message in result.failed:
            self._events.failed(not_saved(op, message))
        if result.failed or result.resync:
            try:
                self._reread()
            except ClockifyError as err:
                logger.info("re-reading entries after a refused write failed: %s", err.message)
        if result.stopped_by is None:
            if had_pending and result.sent and self._board.state.offline:
                self._events.notice(_("Back online: everything waiting has been sent to Clockify."))
            self._failures.retry.succeeded()
            self._board.change(offline=False)
        elif isinstance(result.stopped_by, AuthError):
            # The key was revoked or replaced: the writes wait, unharmed, for a new sign-in.
            self._board.change(problem=_(KEY_REFUSED))
            self._events.needs_sign_in(_(KEY_REFUSED))
        else:
            self._failures.note_connection(result.stopped_by)
            self._failures.retry.after(result.stopped_by)
        self._board.publish()

    def _now(self) -> datetime:
        """Now, to the second: Clockify keeps entry times in whole seconds."""
        return self._clock.now().replace(microsecond=0)
