/**
 * The policies on a plan, offline: a thin adapter from a plan's recorded resources (resources.json
 * rows: type, name, urn, parent, inputs, protect, retainOnDelete, provider, property dependencies)
 * to the `ResourceValidationArgs` and `StackValidationArgs` a real `pulumi preview` hands the pack,
 * then each policy run as the policy server runs it. Inputs a plan could not know ("[unknown]")
 * become the policy SDK's own unknown values, read through the same checking proxy as in a preview.
 */
import { isExemptable, type PolicyInfo, policyInfo } from "@hubnet/config";
import type {
  PolicyProviderResource,
  PolicyResource,
  PolicyResourceOptions,
  ResourceValidationArgs,
  StackValidationArgs,
} from "@pulumi/policy";
import { exceptionFor } from "./all";
import { CLUSTER_PROJECT, type PolicyContext } from "./context";
import { type HubnetPolicy, isStackPolicy } from "./define";
import { parsePlace } from "./messages";
import { policyModule, proxy } from "./sdk-internals";

const { unknownCheckingProxy, unknownStringValue } = proxy;

/** What `hubnet plan` records of one resource (resources.json). */
export interface PlanRow {
  urn: string;
  type: string;
  name: string;
  parent: string | null;
  inputs: Record<string, unknown>;
  protect: boolean;
  retainOnDelete: boolean;
  provider?: string;
  aliases?: string[];
  dependencies?: string[];
  propertyDependencies?: Record<string, string[]>;
}

/** One violation, or one excepted violation, of a policy on a stack. */
export interface PolicyFinding {
  policy: string;
  level: PolicyInfo["level"];
  /** The resource in violation (none for a stack as a whole). */
  urn?: string;
  resource?: string;
  /** The message as `pulumi preview` prints it. */
  message: string;
  /** The config field it points at, when it does (file relative to the checkout). */
  file?: string;
  path?: string;
  /** Set when the community's file exempts it from this (advisory) policy. */
  excepted?: { reason: string };
}

export interface StackPolicyReport {
  kind: "cluster" | "community";
  project: string;
  stack: string;
  findings: PolicyFinding[];
  /** The community's policyExceptions, and whether each excused a finding here. */
  exceptions: { policy: string; reason: string; used: boolean }[];
}

class NotApplicable extends Error {}

const PLACEHOLDER_UNKNOWN = "[unknown]";

/** Inputs with the plan's "[unknown]" turned into the policy SDK's unknown value. */
function withUnknowns(v: unknown): unknown {
  if (v === PLACEHOLDER_UNKNOWN) return unknownStringValue;
  if (Array.isArray(v)) return v.map(withUnknowns);
  if (v && typeof v === "object")
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, withUnknowns(x)]));
  return v;
}

function isTypeOf(type: string, resourceClass: unknown): boolean {
  const t = policyModule.getPulumiType(resourceClass);
  return t !== undefined && t === type;
}

/** A policy's config: the pack's config for it over its schema's defaults (as the Pulumi CLI fills them). */
export function policyConfig(p: HubnetPolicy, config: Record<string, Record<string, unknown>> = {}) {
  const defaults: Record<string, unknown> = {};
  for (const [k, s] of Object.entries(p.configSchema?.properties ?? {}))
    if ((s as { default?: unknown }).default !== undefined)
      defaults[k] = (s as { default?: unknown }).default;
  return { ...defaults, ...(config[p.name] ?? {}) };
}

function options(row: PlanRow): PolicyResourceOptions & { retainOnDelete: boolean } {
  return {
    protect: row.protect,
    retainOnDelete: row.retainOnDelete,
    ignoreChanges: [],
    aliases: row.aliases ?? [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    additionalSecretOutputs: [],
    ...(row.parent ? { parent: row.parent } : {}),
  };
}

/** What a resource validation's args and a stack's resource share: the row with its unknowns, options and provider. */
function resourceOf(row: PlanRow, byUrn: Map<string, PlanRow>) {
  const props = unknownCheckingProxy(withUnknowns(row.inputs)) as Record<string, unknown>;
  const provider = providerOf(row, byUrn);
  return {
    type: row.type,
    props,
    urn: row.urn,
    name: row.name,
    opts: options(row),
    ...(provider ? { provider } : {}),
    isType: (cls: unknown) => isTypeOf(row.type, cls),
    asType: ((cls: unknown) => (isTypeOf(row.type, cls) ? props : undefined)) as PolicyResource["asType"] &
      ResourceValidationArgs["asType"],
  };
}

function notApplicable(reason?: string): never {
  throw new NotApplicable(reason);
}

/** The adapter: one row as the args of a resource validation. */
export function resourceArgs(
  row: PlanRow,
  byUrn: Map<string, PlanRow>,
  getConfig: () => object,
): ResourceValidationArgs {
  return {
    ...resourceOf(row, byUrn),
    stackTags: new Map(),
    getConfig: getConfig as ResourceValidationArgs["getConfig"],
    notApplicable,
  };
}

function providerOf(row: PlanRow, byUrn: Map<string, PlanRow>): PolicyProviderResource | undefined {
  const p = row.provider ? byUrn.get(row.provider) : undefined;
  return p
    ? {
        type: p.type,
        name: p.name,
        urn: p.urn,
        props: unknownCheckingProxy(withUnknowns(p.inputs)) as Record<string, unknown>,
      }
    : undefined;
}

/** The adapter: a stack's rows as the args of a stack validation (parents and dependencies linked). */
export function stackArgs(rows: PlanRow[], getConfig: () => object): StackValidationArgs {
  const byUrn = new Map(rows.map((r) => [r.urn, r]));
  const resources = new Map<string, PolicyResource>();
  for (const row of rows)
    resources.set(row.urn, { ...resourceOf(row, byUrn), dependencies: [], propertyDependencies: {} });
  for (const row of rows) {
    const r = resources.get(row.urn) as PolicyResource;
    if (row.parent && resources.has(row.parent)) r.parent = resources.get(row.parent);
    const deps = [
      ...new Set([...(row.dependencies ?? []), ...Object.values(row.propertyDependencies ?? {}).flat()]),
    ];
    r.dependencies = deps.flatMap((u) => (resources.has(u) ? [resources.get(u) as PolicyResource] : []));
    for (const [k, urns] of Object.entries(row.propertyDependencies ?? {}))
      r.propertyDependencies[k] = urns.flatMap((u) =>
        resources.has(u) ? [resources.get(u) as PolicyResource] : [],
      );
  }
  return {
    resources: [...resources.values()],
    stackTags: new Map(),
    getConfig: getConfig as StackValidationArgs["getConfig"],
    notApplicable,
  };
}

export interface EvaluateOptions {
  project: string;
  stack: string;
  rows: PlanRow[];
  policies: HubnetPolicy[];
  ctx: PolicyContext;
  /** The pack's config, as `--policy-pack-config` gives it: { "<policy>": { "<key>": value } }. */
  config?: Record<string, Record<string, unknown>>;
}

/** Runs every policy on one stack's rows, as the policy server does during a preview. */
export async function evaluateStack(opts: EvaluateOptions): Promise<StackPolicyReport> {
  const byUrn = new Map(opts.rows.map((r) => [r.urn, r]));
  const findings: PolicyFinding[] = [];
  for (const p of opts.policies) {
    const info = policyInfo(p.name);
    const level = info?.level ?? (p.enforcementLevel === "mandatory" ? "mandatory" : "advisory");
    if (p.enforcementLevel === "disabled") continue;
    const getConfig = () => policyConfig(p, opts.config);
    const add = (message: string, urn?: string) => {
      const place = parsePlace(message);
      const row = urn ? byUrn.get(urn) : undefined;
      // A stack-wide finding belongs to the stack's community, as the pack's withExceptions takes it.
      const at = urn ?? opts.rows[0]?.urn;
      const reason = at ? exceptionFor(opts.ctx, at, p.name) : undefined;
      findings.push({
        policy: p.name,
        level,
        ...(urn ? { urn } : {}),
        ...(row ? { resource: `${row.type.split(":").pop()} ${row.name}` } : {}),
        message,
        ...(place ? { file: place.file, ...(place.path ? { path: place.path } : {}) } : {}),
        ...(reason !== undefined && info && isExemptable(info) ? { excepted: { reason } } : {}),
      });
    };
    const run = async (f: () => unknown, urn?: string) => {
      try {
        await f();
      } catch (err) {
        if (err instanceof NotApplicable) return;
        add(`policy ${p.name} could not run: ${(err as Error).message}`, urn);
      }
    };
    if (isStackPolicy(p)) {
      await run(() => p.validateStack(stackArgs(opts.rows, getConfig), (m, urn) => add(m, urn)));
      continue;
    }
    const validations =
      p.validateResource === undefined
        ? []
        : Array.isArray(p.validateResource)
          ? p.validateResource
          : [p.validateResource];
    for (const row of opts.rows) {
      for (const v of validations) {
        const t = (v as { __pulumiType?: string }).__pulumiType;
        if (t && t !== row.type) continue;
        await run(() => v(resourceArgs(row, byUrn, getConfig), (m) => add(m, row.urn)), row.urn);
      }
    }
  }
  const community = opts.project === CLUSTER_PROJECT ? undefined : opts.ctx.community(opts.stack);
  const exceptions = (community?.config.policyExceptions ?? []).map((e) => ({
    policy: e.policy,
    reason: e.reason,
    used: findings.some((f) => f.policy === e.policy && f.excepted),
  }));
  return {
    kind: opts.project === CLUSTER_PROJECT ? "cluster" : "community",
    project: opts.project,
    stack: opts.stack,
    findings: sortFindings(findings),
    exceptions,
  };
}

/** Mandatory failures first, then advisory ones, then excepted ones; stable within each. */
export function sortFindings(findings: PolicyFinding[]): PolicyFinding[] {
  const rank = (f: PolicyFinding) => (f.excepted ? 2 : f.level === "mandatory" ? 0 : 1);
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => rank(a.f) - rank(b.f) || a.f.policy.localeCompare(b.f.policy) || a.i - b.i)
    .map(({ f }) => f);
}

/** Whether a report has a mandatory failure (what makes `hubnet policy` exit 1). */
export function failsMandatory(report: StackPolicyReport): boolean {
  return report.findings.some((f) => f.level === "mandatory" && !f.excepted);
}

/** A rendered stack, as `hubnet plan` records it (a StackPlan of @hubnet/plan is one). */
export interface PlannedStack {
  kind: "cluster" | "community";
  project: string;
  stack: string;
  resources: PlanRow[];
}

/** Runs every policy on every stack of a plan; reports in the plan's order (clusters, then communities). */
export async function evaluatePlan(
  stacks: readonly PlannedStack[],
  policies: HubnetPolicy[],
  ctx: PolicyContext,
  config?: Record<string, Record<string, unknown>>,
): Promise<StackPolicyReport[]> {
  const out: StackPolicyReport[] = [];
  for (const s of stacks)
    out.push(
      await evaluateStack({ project: s.project, stack: s.stack, rows: s.resources, policies, ctx, config }),
    );
  return out;
}
