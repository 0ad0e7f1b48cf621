/**
 * Validations of a hub's z2jh release (`kubernetes:helm.sh/v3:Release` of the `jupyterhub` chart),
 * the resource that says how every user pod is built: what KubeSpawner is told by `singleuser` and
 * each profile.
 */
import * as helm from "@pulumi/kubernetes/helm/v3";
import { type ResourceValidation, validateResourceOfType } from "@pulumi/policy";
import type { PolicyContext } from "../context";
import { HubPlaces, JUPYTERHUB_CHART } from "../hub-values";
import { inConfig } from "../messages";
import { at, resolved, UNKNOWN } from "../values";

export interface HubRelease {
  urn: string;
  /** The hub's namespace (`<community>-<hub>`). */
  namespace: string;
  /** The chart values as plain data; parts unknown during preview are UNKNOWN. */
  values: unknown;
  places: HubPlaces;
}

export type HubCheck = (hub: HubRelease, report: (message: string) => void) => void;

/** A validation of every jupyterhub release; other releases are not its business. */
export function onHubRelease(ctx: PolicyContext, check: HubCheck): ResourceValidation {
  return validateResourceOfType(helm.Release, (_release, args, report) => {
    const props = resolved(args.props);
    const chart = at(props, "chart");
    if (chart !== JUPYTERHUB_CHART && chart !== UNKNOWN) return;
    const ns = at(props, "namespace");
    const namespace = typeof ns === "string" ? ns : args.name;
    const places = new HubPlaces(ctx, args.urn);
    const values = at(props, "values");
    if (chart === UNKNOWN || values === UNKNOWN) {
      report(
        inConfig(
          places.field(),
          `hub ${namespace}: its chart values are not known before deploy, so this cannot be checked; the values must not depend on other resources' outputs`,
        ),
      );
      return;
    }
    check({ urn: args.urn, namespace, values, places }, report);
  });
}

/** "… cannot be checked before deploy" for a setting computed from another resource's output. */
export function unknownSetting(what: string): string {
  return `${what} is not known before deploy (computed from another resource), so it cannot be checked: write it as a value`;
}
