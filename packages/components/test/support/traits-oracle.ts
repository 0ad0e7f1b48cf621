/**
 * The JupyterHub-side settings of the z2jh 4.4.0 hub image as an oracle
 * (the oracle `jupyterhub-traits-z2jh-4.4.0`, found by test/oracles, read from the sources of JupyterHub
 * 5.5.0, KubeSpawner 7.0.0, OAuthenticator 17.4.0 and the bundled authenticators): every
 * `hub.config.<Class>.<trait>` and every profile, option, choice and `unlisted_choice` key must exist
 * there, no deprecated trait may be set, and values must have the trait's type. The z2jh values schema
 * treats these blocks as free-form; this does not.
 */
import * as fs from "node:fs";
import Ajv from "ajv";
import { oracleFile } from "../../../../test/oracles";

/** traits.json, wherever the oracle lookup finds it ($HUBNET_ORACLES, beside the checkout, `pnpm oracles:fetch`'s cache). */
export function traitsFile(): string {
  return oracleFile("jupyterhub-traits-z2jh-4.4.0", "traits.json");
}

interface Trait {
  type: string;
  of?: Trait[];
  values?: unknown[];
  allow_none?: boolean;
  deprecated?: { use?: string; since?: string; forwarded?: boolean };
  value_schema?: { schema: object; applies_to: string };
}

interface Traits {
  classes: Record<string, { traits: Record<string, Trait>; nonconfig_traits?: string[] }>;
  kubespawner_profile_keys: {
    accepted: Record<"profile" | "profile_option" | "choice" | "unlisted_choice", string[]>;
  };
  packages: Record<string, { entry_points: Record<string, Record<string, string>> }>;
}

let cached: Traits | undefined;
export function traits(): Traits {
  cached ??= JSON.parse(fs.readFileSync(traitsFile(), "utf8")) as Traits;
  return cached;
}

/** The authenticator class an `authenticator_class` entry point names, as the image resolves it. */
export function authenticatorClass(entryPoint: string): string | undefined {
  for (const p of Object.values(traits().packages)) {
    const target = p.entry_points["jupyterhub.authenticators"]?.[entryPoint];
    if (target) return target.split(":").pop();
  }
  return undefined;
}

const ajv = new Ajv({ strict: false, allErrors: true });

/** Why `value` is not of the trait's type, or undefined when it is. Values Pulumi hides are `[secret]` strings. */
export function typeError(trait: Trait, value: unknown): string | undefined {
  if (value === null) return trait.allow_none ? undefined : "is null, and the trait allows no None";
  const is = (ok: boolean, what: string) =>
    ok ? undefined : `should be ${what}, got ${JSON.stringify(value)}`;
  switch (trait.type) {
    case "Unicode":
    case "CUnicode":
    case "ObjectName":
    case "DottedObjectName":
      return is(typeof value === "string", "a string");
    case "Bool":
    case "CBool":
      return is(typeof value === "boolean", "true or false");
    case "Int":
    case "CInt":
    case "Integer":
      return is(Number.isInteger(value), "an integer");
    case "Float":
    case "CFloat":
      return is(typeof value === "number", "a number");
    case "ByteSpecification":
      // An int of bytes, or a number with K, M, G or T (powers of 1024): jupyterhub.traitlets.ByteSpecification.
      return is(
        Number.isInteger(value) || (typeof value === "string" && /^[0-9]+(\.[0-9]+)?[KMGT]$/.test(value)),
        "an integer or a number with K, M, G or T",
      );
    case "List":
    case "Set":
    case "Tuple":
    case "Command":
      return is(Array.isArray(value), "a list");
    case "Dict":
      if (typeof value !== "object" || Array.isArray(value))
        return `should be a mapping, got ${JSON.stringify(value)}`;
      if (trait.value_schema?.applies_to === "each value of the dict") {
        const validate = ajv.compile(trait.value_schema.schema);
        for (const [k, v] of Object.entries(value as object))
          if (!validate(v)) return `${k}: ${ajv.errorsText(validate.errors)}`;
      }
      return undefined;
    case "Enum":
    case "CaselessStrEnum":
    case "UseEnum":
      return trait.values
        ? is(trait.values.includes(value), `one of ${JSON.stringify(trait.values)}`)
        : undefined;
    case "Union": {
      const errors = (trait.of ?? []).map((t) => typeError(t, value));
      return errors.some((e) => e === undefined) ? undefined : errors.join("; or ");
    }
    default:
      // Any, Instance, Type, Callable, EntryPointType: nothing a YAML value can be checked against here.
      return undefined;
  }
}

/** Problems of `hub.config`: unknown classes and traits, deprecated traits, mistyped values. */
export function hubConfigProblems(config: Record<string, Record<string, unknown>>): string[] {
  const problems: string[] = [];
  const classes = traits().classes;
  for (const [cls, section] of Object.entries(config)) {
    const c = classes[cls];
    if (!c) {
      problems.push(`hub.config.${cls}: no such class in the hub image`);
      continue;
    }
    for (const [name, value] of Object.entries(section)) {
      const t = c.traits[name];
      if (!t) problems.push(`hub.config.${cls}.${name}: no such configurable trait`);
      else if (t.deprecated) problems.push(`hub.config.${cls}.${name}: deprecated (use ${t.deprecated.use})`);
      else {
        const e = typeError(t, value);
        if (e) problems.push(`hub.config.${cls}.${name}: ${e}`);
      }
    }
  }
  return problems;
}

function overrideProblems(where: string, override: Record<string, unknown>): string[] {
  const ks = traits().classes.KubeSpawner;
  const problems: string[] = [];
  for (const [k, v] of Object.entries(override)) {
    const t = ks.traits[k];
    if (!t && !ks.nonconfig_traits?.includes(k))
      problems.push(`${where}.kubespawner_override.${k}: not a KubeSpawner trait`);
    else if (t?.deprecated) problems.push(`${where}.kubespawner_override.${k}: deprecated`);
    else if (t && !(typeof v === "string" && v.includes("{value}"))) {
      const e = typeError(t, v);
      if (e) problems.push(`${where}.kubespawner_override.${k}: ${e}`);
    }
  }
  return problems;
}

/** Problems of `singleuser.profileList`: keys KubeSpawner 7 does not read, overrides of no trait, mistyped values. */
export function profileListProblems(list: Record<string, unknown>[]): string[] {
  const keys = traits().kubespawner_profile_keys.accepted;
  const problems: string[] = [];
  const only = (where: string, o: object, allowed: string[]) => {
    for (const k of Object.keys(o))
      if (!allowed.includes(k)) problems.push(`${where}.${k}: not a key KubeSpawner reads`);
  };
  list.forEach((p, i) => {
    const where = `profileList[${i}]`;
    only(where, p, keys.profile);
    problems.push(...overrideProblems(where, (p.kubespawner_override ?? {}) as Record<string, unknown>));
    for (const [name, opt] of Object.entries(
      (p.profile_options ?? {}) as Record<string, Record<string, unknown>>,
    )) {
      const ow = `${where}.profile_options.${name}`;
      only(ow, opt, keys.profile_option);
      for (const [c, choice] of Object.entries(
        (opt.choices ?? {}) as Record<string, Record<string, unknown>>,
      )) {
        only(`${ow}.choices.${c}`, choice, keys.choice);
        problems.push(
          ...overrideProblems(
            `${ow}.choices.${c}`,
            (choice.kubespawner_override ?? {}) as Record<string, unknown>,
          ),
        );
      }
      if (opt.unlisted_choice) {
        const u = opt.unlisted_choice as Record<string, unknown>;
        only(`${ow}.unlisted_choice`, u, keys.unlisted_choice);
        problems.push(
          ...overrideProblems(
            `${ow}.unlisted_choice`,
            (u.kubespawner_override ?? {}) as Record<string, unknown>,
          ),
        );
      }
    }
  });
  return problems;
}
