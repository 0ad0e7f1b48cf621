export * from "./aks-cluster";
export * from "./hub-cloud";
