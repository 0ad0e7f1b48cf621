export * from "./connections";
export * from "./html";
export * from "./model";
export * from "./site";
export * from "./style";
