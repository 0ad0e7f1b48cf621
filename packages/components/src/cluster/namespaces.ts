/**
 * The namespaces of the cluster baseline. The baseline installs into them and every hub's network
 * policy names them (the gateway is the only source of public traffic, monitoring the only scraper).
 * They are defined once, in @hubnet/config (reserved-names.ts), where validate also refuses them as
 * a hub's namespace: the three can never disagree.
 */
export { CERT_MANAGER_NAMESPACE, ENVOY_GATEWAY_NAMESPACE, MONITORING_NAMESPACE } from "@hubnet/config";
