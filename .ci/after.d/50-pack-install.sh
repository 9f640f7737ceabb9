#!/usr/bin/env bash
# Installs the packages as a user would, outside the monorepo: `pnpm pack` every non-private
# package under packages/, `npm install` the tarballs into an empty folder in $TMPDIR (no
# workspace, no vitest), type-check a file importing every `exports` entry with
# `skipLibCheck: false`, import every entry at runtime, run the root README example and one
# EchoCanceller call, and run each package's bin. Needs `pnpm build` first (CI runs it before).
#
# Environment (all optional):
#   ECHO_PACK_ALLOW_SCRIPTS  comma-separated dependencies whose install scripts npm may run
#                            (npm 11 runs none unless allowed), e.g. "naudiodon2" for a package
#                            that needs a native build. Default: none, like a fresh npm project.
#   ECHO_PACK_KEEP=1         keep the temporary folder and print its path.
set -euo pipefail
cd "$(dirname "$0")/../.."
node .ci/pack-install/main.mjs
