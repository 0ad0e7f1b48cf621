export * from "./eks-cluster";
export * from "./eks-home";
export * from "./eks-network";
export * from "./eks-node-groups";
export * from "./eks-policies";
export * from "./hub-cloud";
