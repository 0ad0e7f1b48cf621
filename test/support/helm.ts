/** The pinned Helm the tests run, found as the plan finds it (packages/plan/src/helm/locate.ts); missing, a failure that says how to install it. */
import { findHelm, HELM_INSTALL_COMMAND } from "@hubnet/plan/helm";

export async function helmBinary(): Promise<string> {
  const found = await findHelm();
  if ("missing" in found) throw new Error(`${found.missing} (\`${HELM_INSTALL_COMMAND}\`)`);
  return found.found.path;
}
