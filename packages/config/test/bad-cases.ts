/**
 * One broken file per case, and exactly what `hubnet validate` must say about it
 * (FILE:LINE:COL: field.path: message, FILE relative to the root). Shared by the
 * loader tests here and the CLI tests, which run the real binary on the same trees.
 */
import { clusterFile, community, type Edit, swap } from "./helpers";

export interface BadCase {
  name: string;
  edits: Record<string, Edit>;
  expected: string[];
}

const P101 = community("physics-101");
const GCP = clusterFile("gcp-shared");
const LOCAL = clusterFile("local-dev");
const UNITS = "accepted units: Ki, Mi, Gi, Ti (powers of 1024) or k, M, G, T (powers of 1000)";

export const BAD_CASES: BadCase[] = [
  {
    name: "YAML syntax error (unclosed flow list)",
    edits: { [P101]: swap("owners: [mrivera, lakeside-it]", "owners: [mrivera, lakeside-it") },
    expected: [`${P101}:5:9: YAML syntax error: this "[" is never closed: add "]" at the end of the list`],
  },
  {
    name: "tab used for indentation",
    edits: { [P101]: swap("  provider: github", "\tprovider: github") },
    expected: [
      `${P101}:11:1: tab character used for indentation: YAML indents with spaces only; replace the tab with spaces`,
    ],
  },
  {
    name: "duplicate key",
    edits: { [P101]: swap("cluster: gcp-shared", "cluster: gcp-shared\ncluster: aws-research") },
    expected: [
      `${P101}:7:1: cluster: duplicate key "cluster" (first at line 6): each key may appear once in a mapping; remove one of them`,
    ],
  },
  {
    name: "empty file",
    edits: { [P101]: "" },
    expected: [`${P101}:1:1: the file is empty: it must hold a YAML mapping`],
  },
  {
    name: "file with only comments",
    edits: {
      [P101]: "# yaml-language-server: $schema=../../packages/config/schemas/community.schema.json\n",
    },
    expected: [`${P101}:1:1: the file is empty: it must hold a YAML mapping`],
  },
  {
    name: "a list where a mapping is expected at the top",
    edits: { [P101]: "- name: physics-101\n" },
    expected: [`${P101}:1:1: the file must hold a YAML mapping (key: value lines)`],
  },
  {
    name: "wrong type: a string for a list",
    edits: { [P101]: swap("owners: [mrivera, lakeside-it]", "owners: mrivera") },
    expected: [`${P101}:5:9: owners: expected a list, got "mrivera"`],
  },
  {
    name: "wrong type: text for a boolean",
    edits: { [P101]: swap("storage: { homeQuota: 5G }", "storage: { homeQuota: 5G, shared: yes please }") },
    expected: [`${P101}:18:35: storage.shared: expected true or false, got "yes please"`],
  },
  {
    name: "misspelled key with did-you-mean (and no second problem for the missing field)",
    edits: { [P101]: swap("displayName:", "dispayName:") },
    expected: [`${P101}:3:1: dispayName: unknown field "dispayName": did you mean "displayName"?`],
  },
  {
    name: "unknown key lists the allowed fields",
    edits: { [P101]: swap("storage: { homeQuota: 5G }", "storage: { homeQuota: 5G, colour: red }") },
    expected: [
      `${P101}:18:27: storage.colour: unknown field "colour"; allowed fields here: homes, homeQuota, shared, sharedDirectories, buckets`,
    ],
  },
  {
    name: "bad quantity 4GB names the accepted spellings",
    edits: { [P101]: swap("memory: 2G", "memory: 4GB") },
    expected: [
      `${P101}:16:70: profiles[0].memory: "4GB" uses an ambiguous or unknown unit "GB": write 4G or 4Gi (${UNITS})`,
    ],
  },
  {
    name: "invalid DNS name",
    edits: { [P101]: swap("domain: physics-101.edu.hubnet.cloud", "domain: Physics_101.edu.hubnet.cloud") },
    expected: [
      `${P101}:9:27: hubs[1].domain: must be a fully qualified domain name in lower case, such as hub.example.org: labels of letters, digits and '-' separated by dots, the last one alphabetic (an IP address is not a domain name)`,
    ],
  },
  {
    name: "invalid community name",
    edits: { [P101]: swap("name: physics-101", "name: Physics_101") },
    expected: [
      `${P101}:2:7: name: the community name must be a DNS-1123 label: lower-case letters, digits and '-', starting and ending with a letter or digit`,
    ],
  },
  {
    name: "name differs from its folder",
    edits: { [P101]: swap("name: physics-101", "name: physics-102") },
    expected: [
      `${P101}:2:7: name: the name "physics-102" differs from the folder "physics-101": a community's name is its folder's name; rename one of them`,
    ],
  },
  {
    name: "domain used twice in the network",
    edits: { [P101]: swap("domain: physics-101.edu.hubnet.cloud", "domain: open-geo.edu.hubnet.cloud") },
    expected: [
      `${P101}:9:27: hubs[1].domain: domain open-geo.edu.hubnet.cloud is already used by hub "prod" of community "open-geo" (communities/open-geo/community.yaml:7:27): every hub needs its own domain`,
    ],
  },
  {
    name: "cluster that does not exist",
    edits: { [P101]: swap("cluster: gcp-shared", "cluster: gcp-shard") },
    expected: [
      `${P101}:6:10: cluster: no cluster named "gcp-shard"; did you mean "gcp-shared"? (clusters: aws-research, azure-eu, campus-k8s, gcp-shared, local-dev; each is a stacks/cluster/Pulumi.<cluster>.yaml)`,
    ],
  },
  {
    name: "missing cluster field",
    edits: { [P101]: swap("cluster: gcp-shared\n", "") },
    expected: [`${P101}:2:1: cluster: missing required field "cluster"`],
  },
  {
    name: "profile larger than every node",
    edits: { [P101]: swap("cpu: 2, memory: 8G", "cpu: 2, memory: 800G") },
    expected: [
      `${P101}:17:5: profiles[1]: profile "medium" (2 cpu, 800G memory) fits no node of cluster "gcp-shared"; the largest, n2-highmem-16 in pool large, gives user pods 15.69 cpu and 126.7G of its 137.4G (guarantees must fit what it gives, limits what it has): make the profile smaller or ask for a larger pool`,
    ],
  },
  {
    name: "GPU profile on a cluster without that GPU",
    edits: { [P101]: swap("cpu: 2, memory: 8G }", "cpu: 2, memory: 8G, gpu: { type: nvidia-l4 } }") },
    expected: [
      `${P101}:17:89: profiles[1].gpu.type: cluster "gcp-shared" has no nvidia-l4 GPU pool (GPU pools: t4 with nvidia-tesla-t4): pick a GPU it has or remove the gpu`,
    ],
  },
  {
    name: "dummy auth on a cloud cluster",
    edits: { [P101]: swap("provider: github\n  orgs: [lakeside-physics]", "provider: dummy") },
    expected: [
      `${P101}:11:13: auth.provider: dummy auth lets anyone in and is only allowed on local clusters; "gcp-shared" is on gcp: use github, cilogon, google or oidc`,
    ],
  },
  {
    name: "plaintext secret under auth",
    edits: { [P101]: swap("  admins: [mrivera]", "  admins: [mrivera]\n  clientSecret: abc123") },
    expected: [
      `${P101}:14:3: auth.clientSecret: looks like a secret written in plain text; remove it from this file and store it encrypted with \`pulumi config set --secret --path 'hubnet:clientSecrets.<hub>' <value> --stack <community>\` in stacks/community`,
    ],
  },
  // --- cluster files -------------------------------------------------------------------------------
  {
    name: "cluster: YAML syntax error (unclosed flow mapping)",
    edits: { [LOCAL]: swap("node: { cpu: 4, memory: 8Gi }", "node: { cpu: 4, memory: 8Gi") },
    expected: [
      `${LOCAL}:7:11: YAML syntax error: this "{" is never closed: add "}" at the end of the mapping`,
    ],
  },
  {
    name: "cluster: tab used for indentation",
    edits: { [LOCAL]: swap("    context: kind-hubnet", "\tcontext: kind-hubnet") },
    expected: [
      `${LOCAL}:6:1: tab character used for indentation: YAML indents with spaces only; replace the tab with spaces`,
    ],
  },
  {
    name: "cluster: duplicate key",
    edits: { [LOCAL]: swap("    context: kind-hubnet", "    context: kind-hubnet\n    context: kind-other") },
    expected: [
      `${LOCAL}:7:5: config.hubnet:cluster.context: duplicate key "context" (first at line 6): each key may appear once in a mapping; remove one of them`,
    ],
  },
  {
    name: "cluster: empty file",
    edits: { [LOCAL]: "" },
    expected: [`${LOCAL}:1:1: the file is empty: it must hold a YAML mapping`],
  },
  {
    name: "cluster: misspelled key",
    edits: { [GCP]: swap("    region: us-central1", "    regoin: us-central1") },
    expected: [`${GCP}:7:5: config.hubnet:cluster.regoin: unknown field "regoin": did you mean "region"?`],
  },
  {
    name: "cluster: wrong type",
    edits: { [GCP]: swap("min: 0, max: 30", "min: 0, max: lots") },
    expected: [`${GCP}:16:66: config.hubnet:cluster.nodePools.user[0].max: expected a number, got "lots"`],
  },
  {
    name: "cluster: bad quantity",
    edits: { [LOCAL]: swap("memory: 8Gi", "memory: 8gb") },
    expected: [
      `${LOCAL}:7:29: config.hubnet:cluster.node.memory: "8gb" uses an ambiguous or unknown unit "gb": write 8G or 8Gi (${UNITS})`,
    ],
  },
  {
    name: "cluster: invalid DNS name",
    edits: { [GCP]: swap("domain: edu.hubnet.cloud", "domain: edu_hubnet") },
    expected: [
      `${GCP}:10:13: config.hubnet:cluster.domain: must be a fully qualified domain name in lower case, such as hub.example.org: labels of letters, digits and '-' separated by dots, the last one alphabetic (an IP address is not a domain name)`,
    ],
  },
  {
    name: "cluster: unknown machine type",
    edits: { [GCP]: swap("machineType: n2-highmem-4,", "machineType: n2-highmen-4,") },
    expected: [
      `${GCP}:16:39: config.hubnet:cluster.nodePools.user[0].machineType: unknown gcp machine type "n2-highmen-4"; did you mean "n2-highmem-4"? (known types are listed in packages/config/src/machine-types/gcp.ts)`,
    ],
  },
  {
    name: "cluster: plaintext secret",
    edits: { [LOCAL]: swap("    context: kind-hubnet", "    context: kind-hubnet\n    apiToken: abc123") },
    expected: [
      `${LOCAL}:7:5: config.hubnet:cluster.apiToken: looks like a secret written in plain text; remove it from this file and store it encrypted with \`pulumi config set --secret --path 'hubnet:cluster.apiToken' <value> --stack local-dev\` in stacks/cluster`,
    ],
  },
  {
    name: "budget of zero dollars",
    edits: { [P101]: swap("monthlyUsd: 300", "monthlyUsd: 0") },
    expected: [
      `${P101}:24:23: budget.monthlyUsd: must be more than 0 US dollars: remove \`budget\` for a community without one`,
    ],
  },
  {
    name: "negative budget",
    edits: { [P101]: swap("monthlyUsd: 300", "monthlyUsd: -300") },
    expected: [
      `${P101}:24:23: budget.monthlyUsd: must be more than 0 US dollars: remove \`budget\` for a community without one`,
    ],
  },
  {
    name: "budget in exponent notation",
    edits: { [P101]: swap("monthlyUsd: 300", "monthlyUsd: 3e2") },
    expected: [
      `${P101}:24:23: budget.monthlyUsd: write the budget as a plain number of US dollars, such as 300, not 3e2 (no exponent notation)`,
    ],
  },
  {
    name: "budget beyond the upper bound",
    edits: { [P101]: swap("monthlyUsd: 300", "monthlyUsd: 30000000") },
    expected: [
      `${P101}:24:23: budget.monthlyUsd: must be at most 1,000,000 US dollars a month (is a digit too many?)`,
    ],
  },
  {
    name: "budget alert e-mail that is not an address",
    edits: { [P101]: swap("alertEmails: [it@lakeside.example.edu]", "alertEmails: [it-at-lakeside]") },
    expected: [`${P101}:24:42: budget.alertEmails[0]: must be an e-mail address`],
  },
  {
    name: "operator e-mail that is not an address",
    edits: { [GCP]: swap("operatorEmails: [ops@hubnet.cloud]", "operatorEmails: [ops]") },
    expected: [`${GCP}:30:22: config.hubnet:cluster.operatorEmails[0]: must be an e-mail address`],
  },
  {
    name: "GCP billing account that is not one",
    edits: { [GCP]: swap("billingAccount: 01A2B3-C4D5E6-F7A8B9", "billingAccount: my-billing") },
    expected: [
      `${GCP}:31:21: config.hubnet:cluster.billingAccount: must be a billing account ID such as 012345-6789AB-CDEF01 (\`gcloud billing accounts list\`)`,
    ],
  },
];
