export * from "./aks-cluster";
export * from "./aks-storage";
export * from "./hub-cloud";
