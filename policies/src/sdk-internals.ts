/**
 * Parts of `@pulumi/policy` 1.21 that its type declarations leave out (`@internal`) but its policy
 * server uses: the proxy that makes reading an unknown input throw, its unknown values, and how a
 * resource class names its type. The offline adapter uses the very same functions, so a policy
 * meets unknowns offline exactly as during a preview. Pinned with @pulumi/policy (package.json).
 */
interface ProxyModule {
  unknownCheckingProxy<T>(value: T): T;
  UnknownValueError: new (...args: unknown[]) => Error;
  unknownStringValue: string;
}

interface PolicyModule {
  getPulumiType(resourceClass: unknown): string | undefined;
}

export const proxy = require("@pulumi/policy/proxy") as ProxyModule;
export const policyModule = require("@pulumi/policy/policy") as PolicyModule;
