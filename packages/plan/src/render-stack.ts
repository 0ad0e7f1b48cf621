/**
 * Runs one Pulumi program under Pulumi's own mock runtime
 * (`pulumi.runtime.setMocks`) with the real SDK classes, and records every
 * resource it registers: no cloud, no CLI, no credentials.
 */
import * as pulumi from "@pulumi/pulumi";
import * as settings from "@pulumi/pulumi/runtime/settings";
import { runInPulumiStack } from "@pulumi/pulumi/runtime/stack";
import { type AliasSpec, formerUrns, makeUrn, parseUrn } from "./aliases";
import { createMocks, type MockOptions } from "./mocks";
import { plainInputs, type RecordedResource, type ResourceOptionsRecord, SECRET_PLACEHOLDER } from "./record";

export interface RenderStackOptions extends MockOptions {
  project: string;
  stack: string;
  /** Pulumi config, as `pulumi config` would pass it (`hubnet:cluster` → JSON text). */
  config: Record<string, string>;
  secretKeys?: string[];
  /** The Pulumi organization the stack belongs to (StackReferences name `<org>/<project>/<stack>`). */
  organization?: string;
  /** The program: what the stack's module exports (a function, as Pulumi runs it). */
  program: () => unknown;
}

export interface RenderedStack {
  project: string;
  stack: string;
  resources: RecordedResource[];
  /** Stack outputs with secrets as "[secret]", for display. */
  outputs: Record<string, unknown>;
  /** Stack outputs with real values, for the stack references of later stacks. Never printed. */
  rawOutputs: Record<string, unknown>;
  secretOutputs: string[];
}

interface MockRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getProtect(): boolean;
  getRetainondelete(): boolean;
  getProvider(): string;
  getDependenciesList(): string[];
  getPropertydependenciesMap?(): {
    forEach(cb: (deps: { getUrnsList(): string[] }, key: string) => void): void;
  };
  getObject(): { toJavaScript(): unknown } | undefined;
  getAliasesList?(): MockAlias[];
  getDeletebeforereplace?(): boolean;
  getDeletebeforereplacedefined?(): boolean;
  getIgnorechangesList?(): string[];
  getReplaceonchangesList?(): string[];
  getDeletedwith?(): string;
}
interface MockAlias {
  getUrn(): string;
  getSpec():
    | {
        getName(): string;
        getType(): string;
        getStack(): string;
        getProject(): string;
        getParenturn(): string;
        getNoparent(): boolean;
      }
    | undefined;
}

/** The aliases of a registration, as the SDK sent them (alias specs: the mock runtime supports them). */
function aliasSpecs(req: MockRequest, urns: EngineUrns): AliasSpec[] {
  return (req.getAliasesList?.() ?? []).map((a) => {
    const spec = a.getSpec();
    if (!spec) return { urn: a.getUrn() };
    return {
      name: spec.getName() || undefined,
      type: spec.getType() || undefined,
      stack: spec.getStack() || undefined,
      project: spec.getProject() || undefined,
      parentUrn: spec.getParenturn() ? urns.of(spec.getParenturn()) : undefined,
      noParent: spec.getNoparent(),
    };
  });
}
/**
 * What a registration's inputs were computed from: the resources it depends on, and per input the
 * resources that input's value came from (what a policy links a bucket's settings to its bucket by).
 */
function dependenciesOf(
  req: MockRequest,
  urns: EngineUrns,
): { dependencies?: string[]; propertyDependencies?: Record<string, string[]> } {
  const dependencies = [...new Set(req.getDependenciesList().map((u) => urns.of(u)))].sort();
  const byProperty: Record<string, string[]> = {};
  req.getPropertydependenciesMap?.().forEach((deps, key) => {
    const list = [...new Set(deps.getUrnsList().map((u) => urns.of(u)))].sort();
    if (list.length > 0) byProperty[key] = list;
  });
  return {
    ...(dependencies.length > 0 ? { dependencies } : {}),
    ...(Object.keys(byProperty).length > 0
      ? {
          propertyDependencies: Object.fromEntries(
            Object.entries(byProperty).sort(([a], [b]) => a.localeCompare(b)),
          ),
        }
      : {}),
  };
}

/**
 * The options of a registration that change what a deploy does (`RecordedResource.options`): what
 * the SDK put on the engine's RegisterResourceRequest (@pulumi/pulumi runtime/resource.js,
 * `prepareResource`/`registerResource`). `dependsOn` is not sent apart from input dependencies, so it
 * is the dependencies that no input's value came from.
 */
function optionsOf(
  req: MockRequest,
  urns: EngineUrns,
  deps: { dependencies?: string[]; propertyDependencies?: Record<string, string[]> },
): ResourceOptionsRecord | undefined {
  const fromInputs = new Set(Object.values(deps.propertyDependencies ?? {}).flat());
  const dependsOn = (deps.dependencies ?? []).filter((u) => !fromInputs.has(u));
  const ignoreChanges = req.getIgnorechangesList?.() ?? [];
  const replaceOnChanges = req.getReplaceonchangesList?.() ?? [];
  const deletedWith = req.getDeletedwith?.() ?? "";
  const options: ResourceOptionsRecord = {
    ...(req.getDeletebeforereplacedefined?.()
      ? { deleteBeforeReplace: req.getDeletebeforereplace?.() === true }
      : {}),
    ...(replaceOnChanges.length > 0 ? { replaceOnChanges: [...replaceOnChanges].sort() } : {}),
    ...(ignoreChanges.length > 0 ? { ignoreChanges: [...ignoreChanges].sort() } : {}),
    ...(dependsOn.length > 0 ? { dependsOn } : {}),
    ...(deletedWith ? { deletedWith: urns.of(deletedWith) } : {}),
  };
  return Object.keys(options).length > 0 ? options : undefined;
}

interface MockMonitorLike {
  registerResource(req: MockRequest, cb: (err: unknown, resp?: { getUrn(): string }) => void): void;
}

let running = false;

/**
 * The mock monitor qualifies a top-level resource's type with the root stack's
 * (`pulumi:pulumi:Stack$kubernetes:...`); the engine does not. Recorded URNs
 * follow the engine, so a plan's URNs are the ones `pulumi up` creates.
 */
export function engineUrn(urn: string): string {
  return urn.replace("::pulumi:pulumi:Stack$", "::");
}

/**
 * The mock monitor also qualifies a type with its parent's own type only, where the engine uses the
 * parent's whole qualified type (`Community$Hub$Namespace`, not `Hub$Namespace`): the engine's URNs
 * of the mock's, by mock URN, worked out as each resource registers (a parent before its children).
 */
class EngineUrns {
  private readonly byMockUrn = new Map<string, string>();

  of(mockUrn: string): string {
    return this.byMockUrn.get(mockUrn) ?? engineUrn(mockUrn);
  }

  /** The engine's URN of a resource the mock registered as `mockUrn` under the mock's `mockParent`. */
  add(mockUrn: string, mockParent: string, type: string, name: string): string {
    const mock = parseUrn(engineUrn(mockUrn));
    const urn = mockParent
      ? makeUrn(mock.stack, mock.project, this.of(mockParent), type, name)
      : engineUrn(mockUrn);
    this.byMockUrn.set(mockUrn, urn);
    return urn;
  }
}

/** A program stopped with a message for its user (pulumi.RunError, or a ResourceError). */
export class ProgramError extends Error {
  constructor(
    readonly project: string,
    readonly stackName: string,
    message: string,
  ) {
    super(message);
    this.name = "ProgramError";
  }
}

/** After a program failed, the SDK still registers its stack's outputs; the mock monitor has no record of them. */
function isStaleRegistration(err: unknown): boolean {
  return err instanceof Error && /^unknown resource urn:pulumi:/.test(err.message);
}

function isProgramFailure(err: unknown): boolean {
  return pulumi.RunError.isInstance(err as Error) || pulumi.ResourceError.isInstance(err as Error);
}

export async function renderStack(opts: RenderStackOptions): Promise<RenderedStack> {
  if (running) throw new Error("renderStack is not re-entrant: render stacks one after another");
  running = true;
  try {
    // A fresh runtime state for every stack: config, stack resource and pending work do not leak between stacks.
    (globalThis as { globalStore?: unknown }).globalStore = undefined;
    await pulumi.runtime.setMocks(
      createMocks(opts),
      opts.project,
      opts.stack,
      false,
      opts.organization ?? "hubnet",
    );
    pulumi.runtime.setAllConfig(opts.config, opts.secretKeys ?? []);

    const resources: RecordedResource[] = [];
    const formerByUrn = new Map<string, string[]>();
    const urns = new EngineUrns();
    const monitor = settings.getMonitor() as unknown as MockMonitorLike;
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, cb) =>
      register(req, (err, resp) => {
        if (!err && resp) {
          const urn = urns.add(resp.getUrn(), req.getParent(), req.getType(), req.getName());
          const parent = req.getParent() ? urns.of(req.getParent()) : null;
          // A parent registers before its children (they wait for its URN), so its former URNs are known here.
          const aliases = formerUrns(
            { urn, type: req.getType(), name: req.getName(), parent, aliases: aliasSpecs(req, urns) },
            parent ? (formerByUrn.get(parent) ?? []) : [],
          );
          formerByUrn.set(urn, aliases);
          const deps = dependenciesOf(req, urns);
          const options = optionsOf(req, urns, deps);
          resources.push({
            urn,
            type: req.getType(),
            name: req.getName(),
            parent,
            ...(aliases.length > 0 ? { aliases } : {}),
            inputs: (plainInputs(req.getObject()?.toJavaScript() ?? {}) ?? {}) as Record<string, unknown>,
            protect: req.getProtect() === true,
            retainOnDelete: req.getRetainondelete() === true,
            ...(req.getProvider()
              ? { provider: urns.of(req.getProvider().split("::").slice(0, -1).join("::")) }
              : {}),
            ...deps,
            ...(options ? { options } : {}),
          });
        }
        cb(err, resp);
      });

    // A program that fails (for example with a RunError for a missing secret) rejects the stack's
    // outputs, which we report; the SDK's own copies of that rejection are not left to crash the process.
    const swallow = (reason: unknown) => {
      if (!isProgramFailure(reason) && !isStaleRegistration(reason)) throw reason;
    };
    process.on("unhandledRejection", swallow);
    // The exported values as the program returned them (Outputs that know whether they are secret).
    let exported: Record<string, unknown> | undefined;
    try {
      await runInPulumiStack(async () => {
        exported = (await opts.program()) as Record<string, unknown> | undefined;
        return exported;
      });
      await (settings as unknown as { waitForRPCs?: () => Promise<void> }).waitForRPCs?.();
    } catch (err) {
      throw isProgramFailure(err) ? new ProgramError(opts.project, opts.stack, (err as Error).message) : err;
    } finally {
      // Let the runtime finish what the failed program left in flight before the next stack resets it.
      await (settings as unknown as { waitForRPCs?: () => Promise<void> })
        .waitForRPCs?.()
        .catch(() => undefined);
      await new Promise((resolve) => setImmediate(resolve));
      process.off("unhandledRejection", swallow);
    }

    const { display, raw, secretNames } = await resolveOutputs(exported ?? {});
    resources.sort((a, b) => a.urn.localeCompare(b.urn));
    return {
      project: opts.project,
      stack: opts.stack,
      resources,
      outputs: display,
      rawOutputs: raw,
      secretOutputs: secretNames,
    };
  } finally {
    running = false;
  }
}

async function resolveOutputs(outputs: Record<string, unknown>) {
  const display: Record<string, unknown> = {};
  const raw: Record<string, unknown> = {};
  const secretNames: string[] = [];
  for (const [k, v] of Object.entries(outputs)) {
    const out = pulumi.output(v);
    const [value, secret] = await Promise.all([promiseOf(out), isSecret(out)]);
    raw[k] = value;
    display[k] = secret ? SECRET_PLACEHOLDER : value;
    if (secret) secretNames.push(k);
  }
  return { display, raw, secretNames };
}

function promiseOf<T>(o: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => o.apply((v) => resolve(v)));
}

async function isSecret(o: pulumi.Output<unknown>): Promise<boolean> {
  return (await (o as unknown as { isSecret: Promise<boolean> }).isSecret) === true;
}
