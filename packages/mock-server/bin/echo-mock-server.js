#!/usr/bin/env node
// The `echo-mock-server` command. This shim is committed (dist/ is not) so that package managers
// can link the bin on a fresh clone before anything is built; it runs the built CLI.
import("../dist/cli.js").catch((error) => {
  if (error?.code === "ERR_MODULE_NOT_FOUND" && String(error.message).includes("dist/cli.js")) {
    process.stderr.write(
      "echo-mock-server: dist/ is missing. In the echo repository, run `pnpm build` first.\n",
    );
    process.exit(1);
  }
  throw error;
});
