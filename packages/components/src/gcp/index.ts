export * from "./gke-cluster";
export * from "./hub-cloud";
