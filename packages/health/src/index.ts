export * from "./check";
export * from "./contract";
export * from "./deadline";
export * from "./hub-client";
export * from "./kernel";
export * from "./progress";
