/**
 * @hubnet/components: the cloud-neutral parts (the cluster contract, naming,
 * retention, chart versions) and the cloud registry, which loads a cloud's
 * implementation (`@hubnet/components/gcp`, `/aws`, `/azure`, `/local`) only
 * when a stack of that cloud needs it.
 */
export * from "./clouds";
export * from "./cluster/budget";
export * from "./cluster/cloud-context";
export * from "./cluster/cloud-entry";
export * from "./cluster/contract";
export * from "./cluster/naming";
export * from "./cluster/retention";
export * from "./versions";
