/**
 * `pnpm helm:install`: the pinned Helm (packages/plan/src/helm/pin.ts) for the offline plan's chart
 * rendering. Does nothing when the locator already finds it ($HUBNET_HELM, .cache/helm/<version>/helm,
 * PATH); else builds it from the Go module proxy with `go install <module>/cmd/helm@<version>`, GOBIN
 * being .cache/helm/<version>/, and checks the result. Needs Go (`go` on PATH).
 *
 * Exit 0 when the pinned Helm is there, 1 when it could not be built.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { cachedHelmPath, findHelm, goInstallArgs, HELM } from "../src/helm";
import { ORACLE_HOME } from "../src/oracles";

async function main(): Promise<number> {
  const before = await findHelm();
  if ("found" in before) {
    console.log(`helm ${before.found.version}: ${before.found.path}`);
    return 0;
  }
  const target = cachedHelmPath(ORACLE_HOME);
  const gobin = path.dirname(target);
  fs.mkdirSync(gobin, { recursive: true });
  const args = goInstallArgs();
  console.log(
    `building Helm ${HELM.version}: GOBIN=${path.relative(process.cwd(), gobin)} go ${args.join(" ")}`,
  );
  try {
    execFileSync("go", args, { stdio: "inherit", env: { ...process.env, GOBIN: gobin } });
  } catch (err) {
    console.error(
      `helm:install: \`go ${args.join(" ")}\` failed (${(err as Error).message.split("\n")[0]}); is Go installed?`,
    );
    return 1;
  }
  const after = await findHelm({ ...process.env }, ORACLE_HOME); // a copy: not the memoized lookup
  if ("missing" in after) {
    console.error(`helm:install: ${after.missing}`);
    return 1;
  }
  console.log(`helm ${after.found.version}: ${after.found.path}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`helm:install: internal error: ${(err as Error).stack ?? err}`);
    process.exit(3);
  },
);
