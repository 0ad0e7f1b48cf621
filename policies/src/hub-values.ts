/**
 * The hub's chart values as policies read them: the z2jh release of a hub, its effective settings
 * (the chart's defaults where the values say nothing, z2jh 4.4.0), its profiles with what each
 * overrides, and where each setting comes from in the community file.
 */
import type { Community, Loaded, PathSegment } from "@hubnet/config";
import { communityOfUrn, type PolicyContext } from "./context";
import { type ConfigPlace, placeIn } from "./messages";
import { asArray, asRecord, at, UNKNOWN } from "./values";

export const RELEASE_TYPE = "kubernetes:helm.sh/v3:Release";
export const JUPYTERHUB_CHART = "jupyterhub";

/** z2jh 4.4.0's defaults for the settings policies read (values.yaml of the chart). */
export const Z2JH_DEFAULTS = {
  uid: 1000,
  cullEnabled: true,
  cullTimeout: 3600,
  blockWithIptables: true,
  networkPolicyEnabled: true,
  interNamespaceAccessLabels: "ignore",
} as const;

/** One choice offered to users: a profile, or an option choice inside one, and what it overrides. */
export interface Choice {
  /** The profile's slug (its name in the community file). */
  slug: string;
  /** `profiles[i]`'s display name, and the option choice's when this is one. */
  label: string;
  override: Record<string, unknown>;
  /** The profile's own override, for an option choice (what the choice adds to). */
  profileOverride?: Record<string, unknown>;
}

/** The profiles of a hub's values, each profile and each of its option choices as a choice. */
export function choicesOf(values: unknown): Choice[] {
  const out: Choice[] = [];
  for (const p of asArray(at(values, "singleuser", "profileList"))) {
    const slug = String(at(p, "slug") ?? at(p, "display_name") ?? "?");
    const label = String(at(p, "display_name") ?? slug);
    const own = asRecord(at(p, "kubespawner_override"));
    out.push({ slug, label, override: own });
    for (const [optName, opt] of Object.entries(asRecord(at(p, "profile_options")))) {
      for (const [choiceName, choice] of Object.entries(asRecord(at(opt, "choices")))) {
        const o = asRecord(at(choice, "kubespawner_override"));
        if (Object.keys(o).length > 0)
          out.push({
            slug,
            label: `${label} (${optName}: ${choiceName})`,
            override: o,
            profileOverride: own,
          });
      }
      const unlisted = asRecord(at(opt, "unlisted_choice", "kubespawner_override"));
      if (Object.keys(unlisted).length > 0)
        out.push({ slug, label: `${label} (${optName}: other)`, override: unlisted, profileOverride: own });
    }
  }
  return out;
}

/** A setting of a choice: its own override, then its profile's, then `singleuser`'s. */
export function setting(values: unknown, choice: Choice | undefined, key: string, singleuser: PathSegment[]) {
  if (choice && key in choice.override) return choice.override[key];
  if (choice?.profileOverride && key in choice.profileOverride) return choice.profileOverride[key];
  return at(values, "singleuser", ...singleuser);
}

/** Whether a value is set (not null, not missing; an UNKNOWN counts as set, decided later). */
export function isSet(v: unknown): boolean {
  return v !== undefined && v !== null && v !== "" && !(Array.isArray(v) && v.length === 0);
}

export { UNKNOWN };

/** Where the community file says what a hub's values say, for messages. */
export class HubPlaces {
  readonly community: Loaded<Community> | undefined;

  constructor(
    private readonly ctx: PolicyContext,
    urn: string,
  ) {
    this.community = communityOfUrn(ctx, urn);
  }

  /** A top-level field of the community file. */
  field(...p: PathSegment[]): ConfigPlace | undefined {
    return placeIn(this.ctx, this.community, p);
  }

  /** `profiles[i]` (by slug) and a field inside it; the profiles list when the slug is not found. */
  profile(slug: string, ...p: PathSegment[]): ConfigPlace | undefined {
    const i = this.community?.config.profiles.findIndex((x) => x.name === slug) ?? -1;
    return i >= 0 ? this.field("profiles", i, ...p) : this.field("profiles");
  }
}

/**
 * The values `key` takes over every way a user can start a server from a profile, as KubeSpawner
 * merges them (singleuser, then the profile's override, then one choice of each option), or
 * undefined when some way leaves it unset. An option whose every choice sets the key (and whose
 * free-form "other" choice, if enabled, too) decides it whatever the profile says.
 */
export function valuesOverChoices(
  values: unknown,
  profile: unknown,
  key: string,
  singleuser: PathSegment[],
): unknown[] | undefined {
  const own = asRecord(at(profile, "kubespawner_override"));
  for (const opt of Object.values(asRecord(at(profile, "profile_options")))) {
    const choices = Object.values(asRecord(at(opt, "choices"))).map((c) =>
      asRecord(at(c, "kubespawner_override")),
    );
    const unlisted = asRecord(at(opt, "unlisted_choice"));
    const unlistedSets = unlisted.enabled !== true || key in asRecord(unlisted.kubespawner_override);
    if (choices.length > 0 && unlistedSets && choices.every((c) => key in c && isSet(c[key]))) {
      return [
        ...choices.map((c) => c[key]),
        ...(unlisted.enabled === true ? [asRecord(unlisted.kubespawner_override)[key]] : []),
      ];
    }
  }
  const base = key in own ? own[key] : at(values, "singleuser", ...singleuser);
  return isSet(base) ? [base] : undefined;
}
