import type { RecordedResource, RenderedStack } from "@hubnet/plan";

export const RELEASE = "kubernetes:helm.sh/v3:Release";

export function ofType(r: RenderedStack, type: string): RecordedResource[] {
  return r.resources.filter((x) => x.type === type);
}

export function named(r: RenderedStack, type: string, name: string): RecordedResource {
  const found = r.resources.find((x) => x.type === type && x.name === name);
  if (!found)
    throw new Error(`no ${type} ${name}; have ${r.resources.map((x) => `${x.type}/${x.name}`).join(", ")}`);
  return found;
}

// biome-ignore lint/suspicious/noExplicitAny: recorded inputs are free-form JSON
export type Json = any;

export function jupyterhubValues(r: RenderedStack, community: string, hub: string): Json {
  return named(r, RELEASE, `${community}-${hub}-jupyterhub`).inputs.values;
}
