/** Cost estimates of planned stacks, from the committed price tables (docs/platform/costs.md). */
export * from "./estimate";
export * from "./format";
export * from "./price-table";
export { byteSpecificationBytes, profileShare } from "./profiles";
export * from "./report";
