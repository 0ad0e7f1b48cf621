/** The Helm binary tests run: `HUBNET_HELM`, else `helm` on PATH; missing, a failure that says how to install it. */
import { execFileSync } from "node:child_process";

export function helmBinary(): string {
  const helm = process.env.HUBNET_HELM || "helm";
  try {
    execFileSync(helm, ["version", "--short"], { stdio: "pipe" });
  } catch {
    throw new Error(
      `Helm is not installed (${helm}): \`go install helm.sh/helm/v3/cmd/helm@v3.21.4\` and put it on PATH, or set HUBNET_HELM`,
    );
  }
  return helm;
}
