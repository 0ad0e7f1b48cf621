/**
 * Machine types of each cloud, generated per family (`aws.ts`, `gcp.ts`, `azure.ts`), and what a node
 * of one gives to user pods (`allocatable.ts`).
 */
export * from "./allocatable";
export { AWS_FAMILIES, AWS_GPUS, AWS_MACHINE_TYPES, eksMaxPods } from "./aws";
export { AZURE_FAMILIES, AZURE_GPUS, AZURE_MACHINE_TYPES } from "./azure";
export { GCP_FAMILIES, GCP_GPUS, GCP_MACHINE_TYPES } from "./gcp";
export type { Family, GpuOffer, MachineType } from "./types";
