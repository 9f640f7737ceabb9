# Real-Chromium tests (*.browser.test.ts, apps/demo/test/web): Debian's chromium, driven headless by
# playwright-core (which cannot download a browser here). Sourced by .ci/run; idempotent.
# chromium pulls in the libraries headless needs (nss, gbm, ...); fonts-liberation is only a
# Recommends of it (skipped by --no-install-recommends) and gives pages real text fonts.
apt_need chromium fonts-liberation
export ECHO_CHROMIUM=/usr/bin/chromium
# Fails the run here, not test by test, when the browser cannot start at all.
"$ECHO_CHROMIUM" --headless --no-sandbox --disable-gpu --disable-background-networking \
  --user-data-dir="$(mktemp -d)" --dump-dom about:blank >/dev/null 2>&1 ||
  { echo "headless $ECHO_CHROMIUM does not start" >&2; return 1; }
"$ECHO_CHROMIUM" --version 2>/dev/null
