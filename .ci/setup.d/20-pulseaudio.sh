# PulseAudio with a 48 kHz null sink for @echo/audio-node's device tests: what the speaker plays
# comes back on the default source (the sink's monitor), like echo in a room. Sourced by .ci/run
# (as root, on a fresh Debian machine); idempotent: a second run leaves the same state.
apt_need pulseaudio pulseaudio-utils libasound2-plugins espeak-ng sox

# The daemon's log, for the tests' error messages and .ci/run's failure report.
export ECHO_PULSE_LOG="${TMPDIR:-/tmp}/echo-pulseaudio.log"
rm -f "$ECHO_PULSE_LOG.watchdog"
bash .ci/pulse/start.sh
# Kept up for the whole run (restarts are reported at the end of it).
nohup bash .ci/pulse/watchdog.sh $$ </dev/null >/dev/null 2>&1 &
# ALSA clients (PortAudio) go through PulseAudio.
printf 'pcm.!default pulse\nctl.!default pulse\n' > "$HOME/.asoundrc"
pactl info | grep -E '^Default (Sink|Source)'
