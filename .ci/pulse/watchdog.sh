#!/usr/bin/env bash
# Usage: watchdog.sh PID. While PID (the .ci/run shell) lives, checks every 2 s that PulseAudio
# answers; when it has not answered twice in a row, restarts it with pulse/start.sh (as a
# service manager would) and notes it in $ECHO_PULSE_LOG.watchdog, which .ci/run prints: a
# restart is reported, never hidden. The tests that were running then still fail on their own.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
note="$ECHO_PULSE_LOG.watchdog"
while kill -0 "$1" 2>/dev/null; do
  sleep 2
  pactl info >/dev/null 2>&1 && continue
  sleep 1
  pactl info >/dev/null 2>&1 && continue
  {
    echo "$(date -u +%T) PulseAudio did not answer: $(pgrep -a -x pulseaudio || echo 'no daemon running'); restarting it"
    grep -E '\) [WE]: ' "$ECHO_PULSE_LOG" 2>/dev/null | tail -n 5
    tail -n 5 "$ECHO_PULSE_LOG" 2>/dev/null
  } >> "$note"
  bash "$here/start.sh" >> "$note" 2>&1 || echo "$(date -u +%T) restart failed" >> "$note"
done
