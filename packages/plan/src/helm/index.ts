export * from "./charts";
export * from "./locate";
export * from "./pin";
export * from "./render";
export * from "./stand-ins";
