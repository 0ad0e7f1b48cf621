/** Hubs: the Hub component and its value builders. */
export * from "./auth";
export * from "./branding";
export * from "./dask";
export * from "./https";
export * from "./hub";
export * from "./hub-database";
export * from "./jupyterhub-settings";
export * from "./network-policy";
export * from "./profiles";
export * from "./release-names";
export * from "./storage";
export * from "./values";
