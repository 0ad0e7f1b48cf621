/**
 * `@hubnet/policies`: hubnet's guardrails as plain `@pulumi/policy` policies, the context they read
 * config files through, and the offline runner `hubnet policy` and `hubnet diff` use. Importing this
 * module constructs no PolicyPack (../index.ts does, for `pulumi preview --policy-pack policies`).
 */
export * from "./all";
export * from "./context";
export * from "./define";
export * from "./diff-reporter";
export * from "./messages";
export * from "./offline";
export * from "./report";
export * from "./values";
