/**
 * The namespaces of the cluster baseline. The baseline installs into them and every hub's network
 * policy names them (the gateway is the only source of public traffic, monitoring the only scraper):
 * one definition, so the two can never disagree and leave a hub open or unreachable.
 */
export const ENVOY_GATEWAY_NAMESPACE = "envoy-gateway-system";
export const CERT_MANAGER_NAMESPACE = "cert-manager";
export const MONITORING_NAMESPACE = "monitoring";
