# Client fuzz with a fresh seed each run (the test suite itself runs a fixed seed): random puts and
# close calls against the mock server, and a hostile raw server. Bounded: 40 runs each. On a
# failure, rerun with the printed seed:
#   ECHO_FUZZ_SEED=<seed> pnpm --filter @echo/transport-ws exec vitest run test/client-fuzz.test.ts test/client-fuzz-server.test.ts
set -euo pipefail
seed="${ECHO_FUZZ_SEED:-$(( $(date +%s) % 2147483647 ))}"
echo "client fuzz: ECHO_FUZZ_SEED=$seed ECHO_FUZZ_RUNS=40"
ECHO_FUZZ_SEED="$seed" ECHO_FUZZ_RUNS=40 pnpm --filter @echo/transport-ws exec vitest run test/client-fuzz.test.ts test/client-fuzz-server.test.ts
