export * from "./eks-cluster";
export * from "./eks-policies";
export * from "./hub-cloud";
