export * from "./mocks";
export * from "./record";
export * from "./render-stack";
