/**
 * Every Kubernetes object a stack creates directly (not Helm releases) must be
 * valid for the API: core and built-in kinds against kubernetes-models 5,
 * Gateway API (Gateway, HTTPRoute) and cert-manager (Issuer) kinds against the
 * @kubernetes-models packages generated from their upstream CRDs, and the
 * GatewayClass / EnvoyProxy fields hubnet sets against small JSON schemas.
 */

import type { RecordedResource } from "@hubnet/plan";
import Ajv from "ajv";

const ajv = new Ajv({ allErrors: true, strict: false });
const name = { type: "string", pattern: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", maxLength: 253 };
const metadata = (namespaced: boolean) => ({
  type: "object",
  required: namespaced ? ["name", "namespace"] : ["name"],
  properties: { name, namespace: name, labels: { type: "object", additionalProperties: { type: "string" } } },
});

/** gateway.networking.k8s.io/v1 GatewayClass (Gateway API v1.4 CRD, the fields hubnet sets). */
const gatewayClass = ajv.compile({
  type: "object",
  required: ["apiVersion", "kind", "metadata", "spec"],
  properties: {
    apiVersion: { const: "gateway.networking.k8s.io/v1" },
    kind: { const: "GatewayClass" },
    metadata: metadata(false),
    spec: {
      type: "object",
      required: ["controllerName"],
      additionalProperties: false,
      properties: {
        controllerName: {
          type: "string",
          pattern:
            "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\\/[A-Za-z0-9\\/\\-._~%!$&'()*+,;=:]+$",
          maxLength: 253,
        },
        description: { type: "string", maxLength: 64 },
        parametersRef: {
          type: "object",
          required: ["group", "kind", "name"],
          additionalProperties: false,
          properties: {
            group: { type: "string" },
            kind: { type: "string" },
            name: { type: "string" },
            namespace: name,
          },
        },
      },
    },
  },
});

/** gateway.envoyproxy.io/v1alpha1 EnvoyProxy (Envoy Gateway v1.6 CRD, the fields hubnet sets). */
const envoyProxy = ajv.compile({
  type: "object",
  required: ["apiVersion", "kind", "metadata", "spec"],
  properties: {
    apiVersion: { const: "gateway.envoyproxy.io/v1alpha1" },
    kind: { const: "EnvoyProxy" },
    metadata: metadata(true),
    spec: {
      type: "object",
      properties: {
        mergeGateways: { type: "boolean" },
        provider: {
          type: "object",
          required: ["type"],
          properties: {
            type: { enum: ["Kubernetes", "Custom"] },
            kubernetes: {
              type: "object",
              additionalProperties: false,
              properties: {
                envoyDeployment: {
                  type: "object",
                  properties: {
                    replicas: { type: "integer", minimum: 0 },
                    pod: {
                      type: "object",
                      properties: {
                        nodeSelector: { type: "object", additionalProperties: { type: "string" } },
                      },
                    },
                  },
                },
                envoyService: {
                  type: "object",
                  additionalProperties: false,
                  properties: {
                    type: { enum: ["ClusterIP", "LoadBalancer", "NodePort"] },
                    externalTrafficPolicy: { enum: ["Local", "Cluster"] },
                    annotations: { type: "object", additionalProperties: { type: "string" } },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
});

const CRD_SCHEMAS: Record<string, typeof gatewayClass> = {
  "kubernetes:gateway.networking.k8s.io/v1:GatewayClass": gatewayClass,
  "kubernetes:gateway.envoyproxy.io/v1alpha1:EnvoyProxy": envoyProxy,
};

type Model = new (o: unknown) => { validate(): void };

/**
 * The kubernetes-models class for a type token such as `kubernetes:core/v1:Namespace`, if there is one.
 * kubernetes-models 5 and its CRD packages are ES modules only (no `require` export): imported.
 */
async function modelFor(type: string): Promise<Model | undefined> {
  const m = /^kubernetes:([^/]+)\/([^:]+):(.+)$/.exec(type);
  if (!m) return undefined;
  const [, group, version, kind] = m;
  // Custom resources come from the kubernetes-models packages generated from the upstream CRDs.
  const crdPackages: Record<string, string> = {
    "gateway.networking.k8s.io": "@kubernetes-models/gateway-api",
    "cert-manager.io": "@kubernetes-models/cert-manager",
  };
  const mod =
    group === "core"
      ? `kubernetes-models/${version}`
      : crdPackages[group]
        ? `${crdPackages[group]}/${group}/${version}`
        : `kubernetes-models/${group}/${version}`;
  try {
    return ((await import(mod)) as Record<string, Model | undefined>)[kind];
  } catch {
    return undefined;
  }
}

/**
 * A Secret whose whole `data`/`stringData` is a Pulumi secret is recorded as "[secret]":
 * its keys are unknown to the plan, so it is validated as an empty map.
 */
function withoutSecretPlaceholders(inputs: Record<string, unknown>): Record<string, unknown> {
  const out = { ...inputs };
  for (const k of ["data", "stringData"]) if (out[k] === "[secret]") out[k] = {};
  return out;
}

/** Validates every directly created Kubernetes object; returns how many were checked. Throws on the first invalid one. */
export async function validateKubernetesObjects(resources: RecordedResource[]): Promise<number> {
  const objects = resources.filter(
    (r) => r.type.startsWith("kubernetes:") && r.type !== "kubernetes:helm.sh/v3:Release",
  );
  for (const r of objects) {
    const schema = CRD_SCHEMAS[r.type];
    if (schema) {
      if (!schema(r.inputs)) throw new Error(`${r.type} ${r.name}: ${ajv.errorsText(schema.errors)}`);
      continue;
    }
    const Model = await modelFor(r.type);
    if (!Model)
      throw new Error(`${r.type} ${r.name}: no kubernetes-models class and no CRD schema to validate it`);
    new Model(withoutSecretPlaceholders(r.inputs)).validate();
  }
  return objects.length;
}
