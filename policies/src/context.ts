/**
 * What a policy may know besides the resources: the config files the stack was rendered from, to
 * word its messages in config terms ("profiles[2] of communities/x/community.yaml") and to find a
 * community's `policyExceptions`. Decisions are taken on the rendered resources (what would be
 * deployed), never on the config alone; the one exception is `allowAll`, whose rendering
 * (`allow_all: true`) cannot tell an explicit choice from a defect without the file.
 *
 * The pack (at preview time), `hubnet policy` and `hubnet diff` all read the files of the checkout
 * the stacks were rendered from, through `treeContext`.
 */
import * as path from "node:path";
import {
  type Cluster,
  type Community,
  clusterStackFile,
  communityFile,
  inspect,
  type Loaded,
  loadClusterFile,
  loadCommunityFile,
  nameProblem,
} from "@hubnet/config";

export const CLUSTER_PROJECT = "hubnet-cluster";
export const COMMUNITY_PROJECT = "hubnet-community";

export interface PolicyContext {
  /** The checkout the files are in (file names in messages are relative to it). */
  root?: string;
  community(name: string): Loaded<Community> | undefined;
  cluster(name: string): Loaded<Cluster> | undefined;
}

/** A context that knows no file: messages in resource terms only, no exceptions. */
export const NO_CONTEXT: PolicyContext = { community: () => undefined, cluster: () => undefined };

/** The project and stack of a URN (`urn:pulumi:<stack>::<project>::<type>::<name>`). */
export function stackOfUrn(urn: string): { stack: string; project: string } | undefined {
  const m = /^urn:pulumi:([^:]+)::([^:]+)::/.exec(urn);
  return m ? { stack: m[1], project: m[2] } : undefined;
}

/** The community whose stack `urn` belongs to, if it is a community stack. */
export function communityOfUrn(ctx: PolicyContext, urn: string): Loaded<Community> | undefined {
  const s = stackOfUrn(urn);
  return s?.project === COMMUNITY_PROJECT ? ctx.community(s.stack) : undefined;
}

/** The cluster whose stack `urn` belongs to, if it is a cluster stack. */
export function clusterOfUrn(ctx: PolicyContext, urn: string): Loaded<Cluster> | undefined {
  const s = stackOfUrn(urn);
  return s?.project === CLUSTER_PROJECT ? ctx.cluster(s.stack) : undefined;
}

/**
 * A context that reads the files of the checkout at `root` when a policy first asks (what the pack
 * does during `pulumi preview`): the stack's name is the file's name. A file that is missing or
 * invalid gives no context (the messages stay in resource terms), never an error.
 */
export function treeContext(root: string): PolicyContext {
  const communities = new Map<string, Loaded<Community> | undefined>();
  const clusters = new Map<string, Loaded<Cluster> | undefined>();
  const read = <T>(
    cache: Map<string, T | undefined>,
    name: string,
    kind: "community" | "cluster",
    load: () => T | undefined,
  ) => {
    if (!cache.has(name)) {
      let value: T | undefined;
      try {
        value = nameProblem(kind, name) ? undefined : load();
      } catch {
        value = undefined;
      }
      cache.set(name, value);
    }
    return cache.get(name);
  };
  return {
    root,
    community: (name) =>
      read(communities, name, "community", () => {
        const file = communityFile(root, name);
        return inspect(root, file).kind === "file"
          ? loadCommunityFile(file, undefined, root).community
          : undefined;
      }),
    cluster: (name) =>
      read(clusters, name, "cluster", () => {
        const file = clusterStackFile(root, name);
        return inspect(root, file).kind === "file"
          ? loadClusterFile(file, undefined, root).cluster
          : undefined;
      }),
  };
}

/** A file's name relative to the context's checkout, with `/` separators (as messages show it). */
export function relativeFile(ctx: PolicyContext, file: string): string {
  const rel = ctx.root ? path.relative(ctx.root, file) : file;
  return (rel.startsWith("..") ? file : rel).split(path.sep).join("/");
}
