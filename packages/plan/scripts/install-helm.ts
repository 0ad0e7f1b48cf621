/**
 * `pnpm helm:install`: the pinned Helm (packages/plan/src/helm/pin.ts) for the offline plan's chart
 * rendering. Does nothing when the locator already finds it ($HUBNET_HELM, .cache/helm/<version>/helm,
 * PATH); else builds it from the Go module proxy with `go install <module>/cmd/helm@<version>`, GOBIN
 * being .cache/helm/<version>/, and checks the result. Needs Go (`go` on PATH).
 *
 * Then the Kubernetes schema validator the plan checks rendered objects with
 * (packages/plan/k8s-validate, `go build` into .cache/k8s-validate/<digest of its sources>/), unless
 * it is built already.
 *
 * Exit 0 when both are there, 1 when one could not be built.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { cachedHelmPath, findHelm, goInstallArgs, HELM } from "../src/helm";
import { findValidator, VALIDATOR_SOURCE, validatorPath } from "../src/k8s-validate";
import { ORACLE_HOME } from "../src/oracles";

function buildValidator(): number {
  const found = findValidator();
  if ("found" in found) {
    console.log(`k8s-validate: ${found.found}`);
    return 0;
  }
  const out = validatorPath();
  console.log(
    `building the Kubernetes schema validator: go build -o ${path.relative(process.cwd(), out)} (packages/plan/k8s-validate)`,
  );
  try {
    execFileSync("go", ["build", "-o", out, "."], { cwd: VALIDATOR_SOURCE, stdio: "inherit" });
  } catch (err) {
    console.error(
      `helm:install: building k8s-validate failed (${(err as Error).message.split("\n")[0]}); is Go installed?`,
    );
    return 1;
  }
  return 0;
}

async function main(): Promise<number> {
  const before = await findHelm();
  if ("found" in before) {
    console.log(`helm ${before.found.version}: ${before.found.path}`);
    return buildValidator();
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
  return buildValidator();
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`helm:install: internal error: ${(err as Error).stack ?? err}`);
    process.exit(3);
  },
);
