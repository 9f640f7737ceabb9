# PulseAudio with a 48 kHz null sink for @echo/audio-node's device tests: what the speaker plays
# comes back on the default source (the sink's monitor), like echo in a room. Sourced by .ci/run
# (as root, on a fresh Debian machine); idempotent: a second run changes nothing.
apt_need pulseaudio pulseaudio-utils libasound2-plugins espeak-ng sox

# Root runs a per-user daemon (not --system): --start refuses root only when asked for a system
# instance. -n: no default.pa (no hardware probing on a machine with none), modules loaded below.
if ! pactl info >/dev/null 2>&1; then
  pulseaudio --start --exit-idle-time=-1 -n \
    --load="module-native-protocol-unix" --load="module-always-sink" 2>/dev/null \
    || pulseaudio -D --exit-idle-time=-1 -n --load="module-native-protocol-unix"
  for _ in $(seq 50); do pactl info >/dev/null 2>&1 && break; sleep 0.1; done
fi
if ! pactl list short sinks | grep -q '^[0-9]*[[:space:]]echo_null[[:space:]]'; then
  pactl load-module module-null-sink sink_name=echo_null rate=48000 channels=1 \
    sink_properties=device.description=echo_null >/dev/null
fi
# Real-time audio on a busy 2-core machine: a stalled daemon shifts the echo delay the canceller
# has learnt. Round-robin real-time scheduling for the daemon (as root), else a high nice level.
pa_pid="$(pgrep -x pulseaudio | head -n 1)"
chrt -r -p 20 "$pa_pid" >/dev/null 2>&1 || renice -n -15 -p "$pa_pid" >/dev/null 2>&1 || true
pactl set-default-sink echo_null
pactl set-default-source echo_null.monitor
# ALSA clients (PortAudio) go through PulseAudio.
printf 'pcm.!default pulse\nctl.!default pulse\n' > "$HOME/.asoundrc"
pactl info | grep -E '^Default (Sink|Source)'
