# PulseAudio with a 48 kHz null sink for @echo/audio-node's device tests: what the speaker plays
# comes back on the default source (the sink's monitor), like echo in a room. Sourced by .ci/run
# (as root, on a fresh Debian machine); idempotent: a second run leaves the same state.
apt_need pulseaudio pulseaudio-utils libasound2-plugins espeak-ng sox

# The daemon's log, for the tests' error messages and .ci/run's failure report.
export ECHO_PULSE_LOG="${TMPDIR:-/tmp}/echo-pulseaudio.log"

# A daemon that would exit when idle (an autospawned or hand-started one keeps the default 20 s)
# disappears between two test files that both need it. So every daemon of this user never exits
# when idle, however it was started, and one that was not started by this file is replaced.
# The daemon also caps its own real-time threads at 200 ms of CPU without sleeping (beyond that
# the kernel kills it) and itself at 256 open files: on a slow CI machine neither cap is worth
# losing the daemon for, and neither can be lifted from outside without CAP_SYS_RESOURCE.
mkdir -p "$HOME/.config/pulse"
printf 'exit-idle-time = -1\nrlimit-rttime = -1\nrlimit-nofile = 4096\n' > "$HOME/.config/pulse/daemon.conf"
pa_ours() {
  local pid
  pid="$(pgrep -nx pulseaudio)" || return 1
  tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q -- '--exit-idle-time=-1' && pactl info >/dev/null 2>&1
}
if ! pa_ours; then
  pulseaudio --kill 2>/dev/null || true
  for _ in $(seq 50); do pgrep -x pulseaudio >/dev/null || break; sleep 0.1; done
  # Root runs a per-user daemon (not --system): --start refuses root only when asked for a system
  # instance. -n: no default.pa (no hardware probing on a machine with none), modules loaded here.
  pulseaudio --start --exit-idle-time=-1 -n --log-target="file:$ECHO_PULSE_LOG" --log-level=info --log-time \
    --load="module-native-protocol-unix" --load="module-always-sink" 2>/dev/null \
    || pulseaudio -D --exit-idle-time=-1 -n --log-target="file:$ECHO_PULSE_LOG" --log-level=info --log-time \
      --load="module-native-protocol-unix"
  for _ in $(seq 50); do pactl info >/dev/null 2>&1 && break; sleep 0.1; done
fi
if ! pactl list short sinks | grep -q '^[0-9]*[[:space:]]echo_null[[:space:]]'; then
  pactl load-module module-null-sink sink_name=echo_null rate=48000 channels=1 \
    sink_properties=device.description=echo_null >/dev/null
fi
# Real-time audio on a busy 2-core machine: a stalled daemon shifts the echo delay the canceller
# has learnt. Round-robin real-time scheduling for the daemon (as root), else a high nice level.
pa_pid="$(pgrep -nx pulseaudio)"
chrt -r -p 20 "$pa_pid" >/dev/null 2>&1 || renice -n -15 -p "$pa_pid" >/dev/null 2>&1 || true
pactl set-default-sink echo_null
pactl set-default-source echo_null.monitor
# ALSA clients (PortAudio) go through PulseAudio.
printf 'pcm.!default pulse\nctl.!default pulse\n' > "$HOME/.asoundrc"
pactl info | grep -E '^Default (Sink|Source)'
