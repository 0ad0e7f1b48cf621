export * from "./install";
export * from "./jupyterhub-config";
export * from "./local-hub";
export * from "./local-settings";
export * from "./python";
