/**
 * The pinned Helm and the pinned charts for tests that render: a test that needs them fails with
 * the command that installs them, never skips.
 */
import { findChart, findHelm, type HelmBinary } from "../../src/helm";
import { findValidator } from "../../src/k8s-validate";

export async function requireHelm(): Promise<HelmBinary> {
  const h = await findHelm();
  if ("missing" in h) throw new Error(h.missing);
  return h.found;
}

export function requireChart(chart: string, version: string): string {
  const c = findChart(chart, version);
  if ("missing" in c) throw new Error(c.missing);
  return c.dir;
}

/** The built Kubernetes schema validator (k8s-validate.ts); fails with the command that builds it. */
export function requireValidator(): string {
  const v = findValidator();
  if ("missing" in v) throw new Error(v.missing);
  return v.found;
}
