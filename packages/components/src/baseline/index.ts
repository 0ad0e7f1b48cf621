export * from "./cluster-baseline";
export * from "./values";
