/**
 * The Helm hubnet renders charts with, pinned in one place: the installer (install.ts, `pnpm
 * helm:install`, run by `.ci/run`) builds this version from the Go module proxy, and the locator
 * (locate.ts) refuses any other. Why this version: docs/decisions/0019-charts-rendered-with-real-helm.md
 * (the Kubernetes provider links Helm's Go library; its go.mod at the newest tag read, v4.32.0,
 * requires helm.sh/helm/v3 v3.20.2, and 3.21 renders these charts alike).
 */
export const HELM = {
  /** The Go module whose `cmd/helm` is built. */
  module: "helm.sh/helm/v3",
  version: "v3.21.4",
} as const;

/** The command that builds the pinned Helm into `.cache/helm/<version>/`. */
export const HELM_INSTALL_COMMAND = "pnpm helm:install";

/** `go install` of the pinned Helm (GOBIN chooses where the binary lands). */
export function goInstallArgs(pin: { module: string; version: string } = HELM): string[] {
  return ["install", `${pin.module}/cmd/helm@${pin.version}`];
}
