/** Hubs: the Hub component, its value builders and the per-cloud CommunityCloud factory. */
export * from "./auth";
export * from "./branding";
export * from "./cloud-context";
export * from "./community-cloud";
export * from "./dask";
export * from "./https";
export * from "./hub";
export * from "./jupyterhub-settings";
export * from "./naming";
export * from "./network-policy";
export * from "./profiles";
export * from "./storage";
export * from "./values";
