#!/usr/bin/env bash
# Makes sure this user's PulseAudio daemon is one started here (never exits when idle, logs to
# $ECHO_PULSE_LOG) with the 48 kHz null sink `echo_null` as default sink and its monitor as
# default source. Idempotent. Run by setup.d/20-pulseaudio.sh and by pulse/watchdog.sh.
set -euo pipefail
: "${ECHO_PULSE_LOG:?set by setup.d/20-pulseaudio.sh}"

# A daemon that would exit when idle (an autospawned or hand-started one keeps the default 20 s)
# disappears between two test files that both need it. So every daemon of this user never exits
# when idle, however it was started, and one that was not started here is replaced.
# The daemon also caps its own real-time threads at 200 ms of CPU without sleeping (beyond that
# the kernel kills it) and itself at 256 open files: on a slow CI machine neither cap is worth
# losing the daemon for, and neither can be lifted from outside without CAP_SYS_RESOURCE.
# And no shared memory between clients and daemon: PulseAudio 16 aborts on an assertion
# ("n_imported > 0" in memblock.c's stat_remove, after "Cannot send block reference with
# non-registered memfd ID", its issue 824) when an ALSA client that imported blocks goes away;
# seen in CI right after the audio host processes closed. Audio is then copied over the socket
# (a few hundred KB/s here). A daemon started under other settings is replaced.
mkdir -p "$HOME/.config/pulse"
conf='exit-idle-time = -1\nrlimit-rttime = -1\nrlimit-nofile = 4096\nenable-shm = no\nenable-memfd = no\n'
printf 'enable-shm = no\nenable-memfd = no\n' > "$HOME/.config/pulse/client.conf"
changed=0
if [ "$(printf "$conf")" != "$(cat "$HOME/.config/pulse/daemon.conf" 2>/dev/null)" ]; then
  printf "$conf" > "$HOME/.config/pulse/daemon.conf"
  changed=1
fi
# This user's daemon (from its pid file: other users' daemons are not ours to judge).
pa_pid() {
  local f
  for f in "${XDG_RUNTIME_DIR:-/nonexistent}/pulse/pid" "$HOME"/.config/pulse/*-runtime/pid; do
    [ -r "$f" ] && [ -d "/proc/$(cat "$f")" ] && { cat "$f"; return 0; }
  done
  return 1
}
pa_ours() {
  local pid
  pid="$(pa_pid)" || return 1
  tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q -- '--exit-idle-time=-1' && pactl info >/dev/null 2>&1
}
if [ "$changed" = 1 ] || ! pa_ours; then
  pulseaudio --kill 2>/dev/null || true
  for _ in $(seq 50); do pa_pid >/dev/null || break; sleep 0.1; done
  # The previous daemon's log says why it went: kept beside the new one.
  [ -s "$ECHO_PULSE_LOG" ] && mv -f "$ECHO_PULSE_LOG" "$ECHO_PULSE_LOG.previous"
  # Root runs a per-user daemon (not --system): --start refuses root only when asked for a system
  # instance. -n: no default.pa (no hardware probing on a machine with none), modules loaded here.
  log=(--log-target="file:$ECHO_PULSE_LOG" --log-level=info --log-time)
  pulseaudio --start --exit-idle-time=-1 -n "${log[@]}" \
    --load="module-native-protocol-unix" --load="module-always-sink" 2>/dev/null \
    || pulseaudio -D --exit-idle-time=-1 -n "${log[@]}" --load="module-native-protocol-unix"
  for _ in $(seq 50); do pactl info >/dev/null 2>&1 && break; sleep 0.1; done
fi
if ! pactl list short sinks | grep -q '^[0-9]*[[:space:]]echo_null[[:space:]]'; then
  pactl load-module module-null-sink sink_name=echo_null rate=48000 channels=1 \
    sink_properties=device.description=echo_null >/dev/null
fi
# Real-time audio on a busy 2-core machine: a stalled daemon shifts the echo delay the canceller
# has learnt. Round-robin real-time scheduling for the daemon (as root), else a high nice level.
pid="$(pa_pid)"
chrt -r -p 20 "$pid" >/dev/null 2>&1 || renice -n -15 -p "$pid" >/dev/null 2>&1 || true
pactl set-default-sink echo_null
pactl set-default-source echo_null.monitor
