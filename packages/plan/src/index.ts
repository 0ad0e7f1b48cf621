export * from "./load-program";
export * from "./mocks";
export * from "./plan-network";
export * from "./record";
export * from "./render-stack";
export * from "./stack-config";
export * from "./summary";
export * from "./write-plan";
