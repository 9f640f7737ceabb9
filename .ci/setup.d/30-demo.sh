# apps/demo's tests: espeak-ng speaks the phrase the voice device test plays into the sink and
# voices the demo's mock replies; `script` (bsdutils) runs the CLI on a pseudo-terminal.
# PulseAudio itself comes from 20-pulseaudio.sh; the demo's tests load their own null sink.
# Sourced by .ci/run; idempotent.
apt_need espeak-ng bsdutils
