"""What the manual entry form says in words: the times it understood, and why Clockify
refused what it shows."""

from __future__ import annotations

from datetime import datetime, tzinfo

from tray_app.i18n import N_, _, short_day

# How clockify/errors.py words a refused write; the form says it its own way.
REFUSED = N_("Clockify refused this: {reason}")


def span_summary(start: datetime, end: datetime, zone: tzinfo, duration: str) -> str:
    """ "1:30, until 11:30", "…until 01:30 the next day" or "…until 09:00 on Wed 25 Nov"."""
    local_end = end.astimezone(zone)
    until = f"{local_end:%H:%M}"
    days = (local_end.date() - start.astimezone(zone).date()).days
    if days == 1:
        # Translators: a manual entry's length and end, e.g. "1:30, until 01:30 the next day".
        return _("{duration}, until {time} the next day").format(duration=duration, time=until)
    if days > 1:
        # Translators: a manual entry's length and end, e.g. "50:00, until 09:00 on Wed 25 Nov".
        return _("{duration}, until {time} on {day}").format(
            duration=duration, time=until, day=short_day(local_end.date())
        )
    # Translators: a manual entry's length and end, e.g. "1:30, until 11:30".
    return _("{duration}, until {time}").format(duration=duration, time=until)


def running_summary(start: datetime | None, zone: tzinfo) -> str:
    """ "Running since 10:00; stop it from the tray." (the running entry has no end to set)."""
    if start is None:
        return _("Running; stop it from the tray.")
    since = f"{start.astimezone(zone):%H:%M}"
    return _("Running since {time}; stop it from the tray.").format(time=since)


def refused_message(reason: str) -> str:
    """Clockify's ``reason`` for refusing what the form shows, and what to do ('' for none)."""
    why = reason
    # Said once: the reason may already say it, in English (kept from before) or in the
    # language in use.
    for template in (REFUSED, _(REFUSED)):
        before, _found, after = template.partition("{reason}")
        if before.strip() and why.startswith(before) and why.endswith(after):
            why = why[len(before) : len(why) - len(after)]
            break
    if not why:
        return ""
    return _("Clockify refused this: {reason} Change what it refused, then Save.").format(
        reason=why
    )
