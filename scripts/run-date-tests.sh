#!/usr/bin/env bash
# The tests marked `dates` (tests/conftest.py), run again with the computer's calendar moved by
# libfaketime to moments where date code goes wrong: a weekend, Sunday night in UTC that is
# already Monday in the demo's Berlin, a Thursday, the night Berlin's clocks go back, and New
# Year. The tests pin their own time, so each run must pass as on any other day; one that reads
# the computer's calendar somewhere shows up here.
set -euo pipefail
cd "$(dirname "$0")/.."
lib=$(ls /usr/lib/*/faketime/libfaketime.so.1 2>/dev/null | head -n 1 || true)
if [ -z "$lib" ]; then
  echo "libfaketime is missing (Debian package faketime): the date runs are skipped" >&2
  exit 0
fi
moments=(
  "2026-12-05 12:00:00"  # a Saturday
  "2026-12-06 12:00:00"  # a Sunday
  "2026-12-06 23:30:00"  # Sunday in UTC, Monday 00:30 in Berlin
  "2026-12-03 15:00:00"  # a Thursday
  "2026-10-25 00:30:00"  # 02:30 summer time in Berlin, half an hour before the clocks go back
  "2026-12-31 23:30:00"  # New Year's Eve in UTC, New Year in Berlin
)
failed=0
for moment in "${moments[@]}"; do
  echo "== the dates tests at $moment UTC"
  TZ=UTC LD_PRELOAD="$lib" FAKETIME="@$moment" \
    scripts/run-tests.sh --fast -m dates -q -p no:cacheprovider "$@" || failed=1
done
exit $failed
