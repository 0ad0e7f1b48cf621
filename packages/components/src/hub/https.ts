/**
 * HTTPS for a hub: its own Gateway API `Gateway` in its namespace (HTTP and
 * HTTPS listeners for its domain), a cert-manager `Issuer` for Let's Encrypt
 * with the HTTP-01 solver on that Gateway, the chart's HTTPRoute on the HTTPS
 * listener, and an HTTP→HTTPS redirect route. cert-manager's gateway-shim
 * (the `cert-manager.io/issuer` annotation) creates the Certificate whose
 * Secret the HTTPS listener serves.
 */
export const GATEWAY_NAME = "hub";
export const ISSUER_NAME = "letsencrypt";
export const LETSENCRYPT_PRODUCTION = "https://acme-v02.api.letsencrypt.org/directory";

export function tlsSecretName(hub: string): string {
  return `${hub}-tls`;
}

export function gateway(args: {
  namespace: string;
  hub: string;
  domain: string;
  gatewayClassName: string;
  labels: Record<string, string>;
}) {
  return {
    apiVersion: "gateway.networking.k8s.io/v1" as const,
    kind: "Gateway" as const,
    metadata: {
      name: GATEWAY_NAME,
      namespace: args.namespace,
      labels: args.labels,
      annotations: { "cert-manager.io/issuer": ISSUER_NAME },
    },
    spec: {
      gatewayClassName: args.gatewayClassName,
      listeners: [
        {
          name: "http",
          protocol: "HTTP",
          port: 80,
          hostname: args.domain,
          allowedRoutes: { namespaces: { from: "Same" } },
        },
        {
          name: "https",
          protocol: "HTTPS",
          port: 443,
          hostname: args.domain,
          tls: { mode: "Terminate", certificateRefs: [{ kind: "Secret", name: tlsSecretName(args.hub) }] },
          allowedRoutes: { namespaces: { from: "Same" } },
        },
      ],
    },
  };
}

export function issuer(args: { namespace: string; email: string; labels: Record<string, string> }) {
  return {
    apiVersion: "cert-manager.io/v1" as const,
    kind: "Issuer" as const,
    metadata: { name: ISSUER_NAME, namespace: args.namespace, labels: args.labels },
    spec: {
      acme: {
        server: LETSENCRYPT_PRODUCTION,
        email: args.email,
        privateKeySecretRef: { name: `${ISSUER_NAME}-account-key` },
        solvers: [
          {
            http01: {
              gatewayHTTPRoute: {
                parentRefs: [
                  { name: GATEWAY_NAME, namespace: args.namespace, kind: "Gateway", sectionName: "http" },
                ],
              },
            },
          },
        ],
      },
    },
  };
}

export function httpsRedirectRoute(args: {
  namespace: string;
  domain: string;
  labels: Record<string, string>;
}) {
  return {
    apiVersion: "gateway.networking.k8s.io/v1" as const,
    kind: "HTTPRoute" as const,
    metadata: { name: "https-redirect", namespace: args.namespace, labels: args.labels },
    spec: {
      parentRefs: [{ name: GATEWAY_NAME, sectionName: "http" }],
      hostnames: [args.domain],
      rules: [
        { filters: [{ type: "RequestRedirect", requestRedirect: { scheme: "https", statusCode: 301 } }] },
      ],
    },
  };
}

/** The chart's own `httpRoute` values: proxy-public on this Gateway's HTTPS listener. */
export function chartHttpRoute(namespace: string, domain: string) {
  return {
    enabled: true,
    hostnames: [domain],
    gateway: { name: GATEWAY_NAME, namespace, sectionName: "https" },
  };
}
