/**
 * `@hubnet/plan/diff`: comparing two plans of a stack (no Pulumi SDK is loaded here): what Pulumi
 * would do to each resource, what the community would see change, what would lose user data, and
 * the reports other checks attach. `hubnet diff` renders the plans; docs/platform/pull-requests.md.
 */

export type { ReleaseRender } from "../render-releases";
export * from "./data-loss";
export * from "./engine-rules";
export * from "./fields";
export * from "./hidden-data";
export * from "./render";
export * from "./rendered-diff";
export * from "./replacements";
export * from "./reports";
export * from "./rows";
export * from "./stack-diff";
