/**
 * `hubnet export <community> --out DIR`: the community's right to replicate, as files. Per hub, its
 * chart values with the platform's references removed or replaced (export/standalone.ts), the chart
 * versions, an install script for plain Helm on any Kubernetes cluster, and a README of where its
 * data lives and what it must recreate. Every exported release is rendered with its chart's own
 * templates by the pinned Helm (which also checks the chart's values schema) before anything is
 * written; where Helm or a chart is missing, the bundle says it was not checked.
 */
import * as path from "node:path";
import { hubNamespace } from "@hubnet/components/naming";
import { CHARTS } from "@hubnet/components/versions";
import {
  checkOutputDir,
  KUBERNETES_TYPES,
  nameProblem,
  OutputDirError,
  writeOutputDir,
} from "@hubnet/config";
import { PLACEHOLDER_CLIENT_ID, planNetwork, type RecordedResource } from "@hubnet/plan";
import { findChart, findHelm, HelmRenderError, renderChart } from "@hubnet/plan/helm";
import { stringify } from "yaml";
import { Exit, ExitCode, UsageError } from "../exit-codes";
import { type StandaloneHub, standaloneDaskGateway, standaloneJupyterHub } from "../export/standalone";
import type { GlobalOptions } from "../global-options";
import { type messageJson, Output, plural, printable, problemJson } from "../output";
import { resolveRoot } from "../root";

export interface ExportOptions {
  out?: string;
}

const RELEASE = "kubernetes:helm.sh/v3:Release";
/** The placeholder install.sh replaces with one random token (the hub's and the gateway's shared one). */
export const TOKEN_PLACEHOLDER = "CHANGE-ME-GENERATED-BY-INSTALL";

type Json = Record<string, unknown>;

function setPath(obj: Json, dotted: string, value: unknown): void {
  const keys = dotted.split(".");
  let o = obj;
  for (const k of keys.slice(0, -1)) {
    if (typeof o[k] !== "object" || o[k] === null) o[k] = {};
    o = o[k] as Json;
  }
  o[keys.at(-1) as string] = value;
}

/** A values file of the secrets a release needs, each the install script's generated token. */
function secretsTemplate(s: StandaloneHub): Json {
  const out: Json = {};
  for (const x of s.secrets) setPath(out, x.path, TOKEN_PLACEHOLDER);
  return out;
}

interface HubBundle {
  hub: string;
  namespace: string;
  domain: string;
  jupyterhub: { release: string; standalone: StandaloneHub };
  dask?: { release: string; standalone: StandaloneHub };
  oauthSecret?: { name: string; key: string };
  home?: string;
  buckets: string[];
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

function installScript(community: string, b: HubBundle): string {
  const z2jh = CHARTS.jupyterhub;
  const dask = CHARTS.daskGateway;
  const lines = [
    "#!/usr/bin/env bash",
    `# Installs the ${b.hub} hub of ${community} with plain Helm on the cluster kubectl points at`,
    "# (README.md beside this folder says what to prepare first). Run it from this folder.",
    "set -euo pipefail",
    `NAMESPACE="\${NAMESPACE:-${b.namespace}}"`,
    ...(b.oauthSecret
      ? [
          ': "${OAUTH_CLIENT_SECRET:?set OAUTH_CLIENT_SECRET to the client secret of your OAuth app (README.md)}"',
        ]
      : []),
    'kubectl create namespace "$NAMESPACE" --dry-run=client -o yaml | kubectl apply -f -',
    ...(b.oauthSecret
      ? [
          `kubectl -n "$NAMESPACE" create secret generic ${shellQuote(b.oauthSecret.name)} --from-literal=${shellQuote(b.oauthSecret.key)}="$OAUTH_CLIENT_SECRET" --dry-run=client -o yaml | kubectl apply -f -`,
        ]
      : []),
    "# One random token for what the hub and its services share, made once and kept in *-secrets.yaml.",
    "if [ ! -f jupyterhub-secrets.yaml ]; then",
    "  token=$(openssl rand -hex 32)",
    `  for f in *-secrets.template.yaml; do sed "s/${TOKEN_PLACEHOLDER}/$token/g" "$f" > "\${f%.template.yaml}.yaml"; done`,
    "fi",
    `helm upgrade --install ${shellQuote(b.jupyterhub.release)} jupyterhub --repo ${shellQuote(z2jh.repo)} --version ${shellQuote(z2jh.version)} \\`,
    '  --namespace "$NAMESPACE" -f jupyterhub-values.yaml -f jupyterhub-secrets.yaml --timeout 15m --wait',
    ...(b.dask
      ? [
          `helm upgrade --install ${shellQuote(b.dask.release)} dask-gateway --repo ${shellQuote(dask.repo)} --version ${shellQuote(dask.version)} \\`,
          '  --namespace "$NAMESPACE" -f dask-gateway-values.yaml -f dask-gateway-secrets.yaml --timeout 10m --wait',
        ]
      : []),
    `kubectl -n "$NAMESPACE" get service proxy-public -o wide   # point ${b.domain}'s DNS at its external address`,
    "",
  ];
  return lines.join("\n");
}

function readme(community: string, hubs: HubBundle[], checked: string): string {
  const z2jh = CHARTS.jupyterhub;
  const out = [
    `# ${community}: the hubs, without the platform`,
    "",
    `This bundle was written by \`hubnet export ${community}\`. It holds what ${community}'s hubs run on the`,
    "platform, as chart values for plain Helm on any Kubernetes cluster, with everything that belonged to",
    "the platform removed or replaced (each change is listed per hub below).",
    "",
    `Charts: Zero to JupyterHub ${z2jh.version} (${z2jh.repo})${hubs.some((h) => h.dask) ? `, dask-gateway ${CHARTS.daskGateway.version} (${CHARTS.daskGateway.repo})` : ""}.`,
    `Checked: ${checked}`,
    "",
    "## What you need first",
    "",
    "- a Kubernetes cluster with a default storage class (homes and the hub database are volumes) and a",
    "  load balancer for the proxy's Service; `kubectl` and `helm` (3.x) pointed at it; `openssl`;",
    "- the hub's domain in DNS, pointed at the proxy's external address after the install (the install",
    "  script prints it); z2jh then obtains a Let's Encrypt certificate for it (`proxy.https`);",
    "- your own OAuth app, where the hub logs in with one: the platform's app stays the platform's. Its",
    "  callback URL is `https://<domain>/hub/oauth_callback`; put its client ID in `hub.config` of",
    "  `jupyterhub-values.yaml` (the `client_id` there) and its secret in `OAUTH_CLIENT_SECRET`.",
    "",
  ];
  for (const h of hubs) {
    out.push(`## Hub ${h.hub} (${h.domain})`, "");
    out.push(
      "```sh",
      `cd ${h.hub}`,
      ...(h.oauthSecret ? ["OAUTH_CLIENT_SECRET=... bash install.sh"] : ["bash install.sh"]),
      "```",
      "",
    );
    out.push("Where its data lives on the platform, and how to copy it:", "");
    out.push(
      `- **Homes**: ${h.home ?? "the platform's home share"}, one folder per user. Copy each user's folder into their new volume, for example from a pod that mounts both (\`rsync -a\`), before users log in.`,
    );
    out.push(
      `- **Hub database** (users, groups, tokens): \`/srv/jupyterhub/jupyterhub.sqlite\` on the claim \`hubnet-hub-db\` of namespace \`${h.namespace}\`. Copy it with \`kubectl cp\` from the platform's hub pod into the new hub's volume while the new hub is stopped.`,
    );
    if (h.buckets.length)
      out.push(
        `- **Buckets**: ${h.buckets.join(", ")}. Copy them with the cloud's own tool (\`gcloud storage rsync\`, \`aws s3 sync\`, \`azcopy sync\`) into buckets of your own, and give your servers credentials for them.`,
      );
    out.push("", "What changed from the platform's values:", "");
    for (const n of [...h.jupyterhub.standalone.notes, ...(h.dask?.standalone.notes ?? [])])
      out.push(`- ${n}`);
    out.push("");
  }
  out.push(
    "## What stays the platform's",
    "",
    "The OAuth apps, the DNS names under the platform's domain, the cloud identities and their buckets'",
    "permissions, backups, monitoring and budgets. Ask the platform's owners to remove the community",
    "(docs/platform/deploying.md, removing a community) once your copy runs.",
    "",
  );
  return out.join("\n");
}

export async function exportCommunity(name: string, opts: ExportOptions & GlobalOptions): Promise<void> {
  const bad = nameProblem("community", name);
  if (bad) throw new UsageError(bad, "export");
  if (!opts.out)
    throw new UsageError("--out <dir> is required: the folder the bundle is written to", "export");
  const root = resolveRoot(opts.root, "export");
  const outputOptions = { command: "hubnet export", root };
  try {
    checkOutputDir(opts.out, outputOptions);
  } catch (e) {
    if (e instanceof OutputDirError) throw new UsageError(e.message, "export");
    throw e;
  }
  const out = new Output({ color: opts.color });
  const plan = await planNetwork({ root, communities: [name] });
  const stack = plan.communities.find((s) => s.stack === name);
  if (plan.problems.length > 0 || !stack) {
    if (opts.json) out.json({ ok: false, problems: plan.problems.map((p) => problemJson(p, root)) });
    else out.problems(plan.problems);
    throw new Exit(ExitCode.Problems);
  }
  const { loadNetwork } = await import("@hubnet/config");
  const network = loadNetwork(root);
  const community = network.communities.get(name)?.config;
  if (!community) throw new Error(`community ${name} planned but not loaded`);
  const operators = network.clusters.get(community.cluster)?.config.operators;
  const operatorIds = operators
    ? [...operators.github, ...operators.google, ...operators.local, ...Object.values(operators.oidc).flat()]
    : [];
  const releases = stack.resources.filter((r) => r.type === RELEASE);
  const inputsOf = (r: RecordedResource) =>
    r.inputs as { name?: string; namespace?: string; chart?: string; values?: Json };

  const bundles: HubBundle[] = [];
  for (const hub of community.hubs) {
    const ns = hubNamespace(community.name, hub.name);
    const mine = releases.filter((r) => inputsOf(r).namespace === ns);
    const z2jh = mine.find((r) => inputsOf(r).chart === CHARTS.jupyterhub.chart);
    if (!z2jh) throw new Error(`no jupyterhub release for hub ${hub.name}`);
    const daskRelease = mine.find((r) => inputsOf(r).chart === CHARTS.daskGateway.chart);
    const values = inputsOf(z2jh).values ?? {};
    const env = ((values.singleuser as Json | undefined)?.extraEnv ?? {}) as Json;
    const buckets = ["SCRATCH_BUCKET", "PERSISTENT_BUCKET"].flatMap((k) =>
      typeof env[k] === "string" ? [`${k} ${env[k]}`] : [],
    );
    const pv = stack.resources.find(
      (r) =>
        r.type === KUBERNETES_TYPES.pv &&
        (r.inputs as { spec?: { claimRef?: { namespace?: string } } }).spec?.claimRef?.namespace === ns,
    );
    const nfs = (pv?.inputs as { spec?: { nfs?: { server?: string; path?: string } } } | undefined)?.spec
      ?.nfs;
    const storage = ((values.singleuser as Json | undefined)?.storage ?? {}) as {
      static?: { subPath?: string };
    };
    const home = nfs
      ? `the NFS share \`${nfs.server}:${nfs.path}\`, folder \`${storage.static?.subPath ?? `${ns}/{username}`}\``
      : undefined;
    const oauthRef = (values.hub as Json | undefined)?.extraEnv as Json | undefined;
    const ref = (
      oauthRef?.OAUTH_CLIENT_SECRET as
        | { valueFrom?: { secretKeyRef?: { name: string; key: string } } }
        | undefined
    )?.valueFrom?.secretKeyRef;
    bundles.push({
      hub: hub.name,
      namespace: ns,
      domain: hub.domain,
      jupyterhub: {
        release: String(inputsOf(z2jh).name),
        standalone: standaloneJupyterHub(values, {
          domain: hub.domain,
          contactEmail: community.budget?.alertEmails?.[0],
          homeSize: community.storage.homeQuota.text,
          operators: operatorIds,
          placeholderClientId: PLACEHOLDER_CLIENT_ID,
        }),
      },
      dask: daskRelease
        ? {
            release: String(inputsOf(daskRelease).name),
            standalone: standaloneDaskGateway(inputsOf(daskRelease).values ?? {}),
          }
        : undefined,
      oauthSecret: ref,
      home,
      buckets,
    });
  }

  // Render every exported release with its chart before writing anything.
  const problems: string[] = [];
  const helm = await findHelm();
  let checked: string;
  if ("missing" in helm) {
    checked = `not rendered here (${helm.missing}): run \`helm template\` on the values before installing`;
  } else {
    const kubeVersion = "1.34";
    for (const b of bundles) {
      for (const [chartName, version, rel] of [
        [CHARTS.jupyterhub.chart, CHARTS.jupyterhub.version, b.jupyterhub],
        ...(b.dask ? [[CHARTS.daskGateway.chart, CHARTS.daskGateway.version, b.dask] as const] : []),
      ] as const) {
        const chart = findChart(chartName, version);
        if ("missing" in chart) {
          problems.push(`${chartName} ${version}: ${chart.missing}`);
          continue;
        }
        const values = structuredClone(rel.standalone.values);
        for (const s of rel.standalone.secrets) setPath(values, s.path, "0".repeat(64));
        try {
          await renderChart({
            helm: helm.found,
            chart: chart.dir,
            release: rel.release,
            namespace: b.namespace,
            values,
            kubeVersion,
          });
        } catch (e) {
          if (!(e instanceof HelmRenderError)) throw e;
          problems.push(`hub ${b.hub}: ${chartName} refuses the exported values: ${e.message}`);
        }
      }
    }
    checked = `every release rendered with its chart's own templates and values schema by Helm ${helm.found.version} (Kubernetes ${kubeVersion})`;
  }
  if (problems.length > 0) {
    // Exported values the chart refuses are hubnet's defect, never the community's: exit 3 names them.
    throw new Error(`hubnet export wrote values the charts refuse:\n${problems.join("\n")}`);
  }

  const files: Record<string, string> = { "README.md": readme(name, bundles, checked) };
  for (const b of bundles) {
    files[`${b.hub}/jupyterhub-values.yaml`] =
      `# ${name}/${b.hub}: Zero to JupyterHub ${CHARTS.jupyterhub.version} values, written by hubnet export\n${stringify(b.jupyterhub.standalone.values)}`;
    files[`${b.hub}/jupyterhub-secrets.template.yaml`] = stringify(secretsTemplate(b.jupyterhub.standalone));
    if (b.dask) {
      files[`${b.hub}/dask-gateway-values.yaml`] =
        `# ${name}/${b.hub}: dask-gateway ${CHARTS.daskGateway.version} values, written by hubnet export\n${stringify(b.dask.standalone.values)}`;
      files[`${b.hub}/dask-gateway-secrets.template.yaml`] = stringify(secretsTemplate(b.dask.standalone));
    }
    files[`${b.hub}/install.sh`] = installScript(name, b);
  }
  let written: string[];
  try {
    written = writeOutputDir(opts.out, files, outputOptions);
  } catch (e) {
    if (e instanceof OutputDirError) throw new UsageError(e.message, "export");
    throw e;
  }
  if (opts.json)
    out.json({
      ok: true,
      out: path.resolve(opts.out),
      hubs: bundles.map((b) => b.hub),
      files: Object.keys(files),
      checked,
      problems: [] as ReturnType<typeof messageJson>[],
    });
  else {
    out.line(
      printable(
        `${out.style.green("✓")} ${plural(bundles.length, "hub")} of ${name}: ${plural(written.length, "file")} under ${opts.out} (read ${path.join(opts.out, "README.md")})`,
      ),
    );
    out.line(printable(`  ${checked}`));
  }
}
