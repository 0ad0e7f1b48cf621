/**
 * Which NetworkPolicy semantics each cloud's clusters are asked in (the isolation test asks every
 * hub in each): Cilium where hubnet builds the cluster on Cilium, both where it does not know.
 */
import { CLOUDS } from "@hubnet/config";
import { describe, expect, it } from "vitest";
import {
  AKS_NETWORK_DATAPLANE,
  GKE_DATAPATH_PROVIDER,
  policySemantics,
} from "../src/cluster/network-policy-engine";

describe("policySemantics", () => {
  it("is Cilium's for GKE Dataplane V2 and AKS Cilium, standard for EKS, both for clusters hubnet does not build", () => {
    expect(GKE_DATAPATH_PROVIDER).toBe("ADVANCED_DATAPATH");
    expect(AKS_NETWORK_DATAPLANE).toBe("cilium");
    expect(policySemantics("gcp")).toEqual(["cilium"]);
    expect(policySemantics("azure")).toEqual(["cilium"]);
    expect(policySemantics("aws")).toEqual(["standard"]);
    expect(policySemantics("existing")).toEqual(["standard", "cilium"]);
    expect(policySemantics("local")).toEqual(["standard", "cilium"]);
  });

  it("answers for every cloud hubnet knows", () => {
    for (const cloud of CLOUDS) expect(policySemantics(cloud).length).toBeGreaterThan(0);
  });
});
