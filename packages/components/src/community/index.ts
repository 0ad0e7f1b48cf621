/** Communities: the Community component a community stack deploys, and its decisions. */
export * from "./client-credentials";
export * from "./cluster-reference";
export * from "./community";
export * from "./stack-setup";
