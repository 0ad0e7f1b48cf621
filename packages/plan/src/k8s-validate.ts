/**
 * The Kubernetes API schema of rendered objects (decision 0019): every object is decoded by the
 * API's own Go types with strict field validation (packages/plan/k8s-validate, built by
 * `pnpm helm:install` from the Go module proxy at the k8s.io versions its go.mod pins), and its
 * apiVersion must be served at the cluster's Kubernetes minor (REMOVED_APIS).
 *
 * Limits: the Go types are those of the pinned k8s.io/api (Kubernetes 1.36): a field added after
 * the cluster's minor is not caught; strict decoding checks names, types and duplicates, not the
 * API server's value validation (name formats, required fields); custom resources are checked only
 * when their CRD is known (they are listed as not checked otherwise).
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import type { K8sObject } from "./helm/k8s-object";
import { ORACLE_HOME } from "./oracles";

/** The validator's Go module in this checkout. */
export const VALIDATOR_SOURCE = path.join(ORACLE_HOME, "packages", "plan", "k8s-validate");

/** Where the installer builds the validator: named by the digest of its sources, so a change rebuilds it. */
export function validatorPath(home = ORACLE_HOME): string {
  const src = path.join(home, "packages", "plan", "k8s-validate");
  const h = createHash("sha256");
  for (const f of ["go.mod", "go.sum", "main.go"]) h.update(fs.readFileSync(path.join(src, f)));
  return path.join(home, ".cache", "k8s-validate", h.digest("hex").slice(0, 16), "k8s-validate");
}

export const VALIDATOR_BUILD = "pnpm helm:install";

/**
 * API versions Kubernetes stopped serving, with the minor that removed them (the Kubernetes
 * deprecated API migration guide, kubernetes.io/docs/reference/using-api/deprecation-guide/). The
 * Go types still decode them; a cluster of that minor or newer refuses them.
 */
export const REMOVED_APIS: readonly { apiVersion: string; kinds?: string[]; removedIn: string }[] = [
  { apiVersion: "extensions/v1beta1", removedIn: "1.22" },
  { apiVersion: "networking.k8s.io/v1beta1", kinds: ["Ingress", "IngressClass"], removedIn: "1.22" },
  { apiVersion: "rbac.authorization.k8s.io/v1beta1", removedIn: "1.22" },
  { apiVersion: "apiextensions.k8s.io/v1beta1", removedIn: "1.22" },
  { apiVersion: "admissionregistration.k8s.io/v1beta1", removedIn: "1.22" },
  { apiVersion: "scheduling.k8s.io/v1beta1", removedIn: "1.22" },
  { apiVersion: "batch/v1beta1", kinds: ["CronJob"], removedIn: "1.25" },
  { apiVersion: "policy/v1beta1", removedIn: "1.25" },
  { apiVersion: "discovery.k8s.io/v1beta1", removedIn: "1.25" },
  { apiVersion: "autoscaling/v2beta1", removedIn: "1.25" },
  { apiVersion: "autoscaling/v2beta2", removedIn: "1.26" },
  { apiVersion: "storage.k8s.io/v1beta1", kinds: ["CSIStorageCapacity"], removedIn: "1.27" },
  { apiVersion: "flowcontrol.apiserver.k8s.io/v1beta2", removedIn: "1.29" },
  { apiVersion: "flowcontrol.apiserver.k8s.io/v1beta3", removedIn: "1.32" },
];

const minor = (v: string) => Number(v.replace(/^v/, "").split(".")[1]);

/** Why `object` is not served at Kubernetes `kubeVersion`, or undefined. */
export function removedApi(
  object: Pick<K8sObject, "apiVersion" | "kind">,
  kubeVersion: string,
): string | undefined {
  const hit = REMOVED_APIS.find(
    (r) =>
      r.apiVersion === object.apiVersion &&
      (!r.kinds || r.kinds.includes(object.kind)) &&
      minor(kubeVersion) >= minor(r.removedIn),
  );
  return hit
    ? `${object.apiVersion} ${object.kind} is not served since Kubernetes ${hit.removedIn} (the cluster runs ${kubeVersion})`
    : undefined;
}

export interface ValidationResult {
  id: string;
  error?: string;
  unknownKind?: boolean;
}

export type ValidatorLookup = { found: string } | { missing: string };

export function findValidator(home = ORACLE_HOME): ValidatorLookup {
  try {
    const file = validatorPath(home);
    if (fs.statSync(file).isFile()) return { found: file };
  } catch {
    // not built
  }
  return {
    missing: `the Kubernetes schema validator is not built: run \`${VALIDATOR_BUILD}\` (needs Go; builds packages/plan/k8s-validate into .cache/k8s-validate/)`,
  };
}

/** Decodes each object strictly with the Kubernetes API's Go types; one result per object, in order. */
export function validateObjects(
  validator: string,
  items: readonly { id: string; object: K8sObject }[],
): Promise<ValidationResult[]> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      validator,
      [],
      { timeout: 120_000, maxBuffer: 256 * 1024 * 1024, env: { PATH: process.env.PATH ?? "" } },
      (err, stdout, stderr) => {
        if (err) return reject(new Error(`k8s-validate failed: ${stderr.trim() || err.message}`));
        try {
          resolve(JSON.parse(stdout) as ValidationResult[]);
        } catch (e) {
          reject(e);
        }
      },
    );
    child.stdin?.end(JSON.stringify(items));
  });
}
