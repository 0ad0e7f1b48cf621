/**
 * @hubnet/components: cloud-neutral parts only. Cloud implementations are
 * imported from their own entry points (`@hubnet/components/gcp`, `/aws`,
 * `/azure`, `/local`) so that a stack loads only the SDK of its cloud.
 */
export * from "./cluster/contract";
export * from "./cluster/retention";
export * from "./versions";
