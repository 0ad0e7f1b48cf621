export * from "./hub-cloud";
export * from "./local-cluster";
