/** Config files of the tests' own, independent of the example network. */

/** A cluster file of this test's own (the example network's may change any day). */
export const eksCluster = (version: string) =>
  [
    "config:",
    "  hubnet:cluster:",
    "    cloud: aws",
    '    account: "123456789012"',
    "    region: us-west-2",
    `    kubernetesVersion: "${version}"`,
    "    domain: fixture.example.org",
    "    certificateEmail: ops@example.org",
    "    nodePools:",
    "      core: { machineType: m6i.large }",
    "      user:",
    "        - { name: small, machineType: m6i.xlarge, max: 3 }",
    "",
  ].join("\n");

/** An AKS cluster file of the tests' own, with `home` as the storage.home line's value. */
export const aksCluster = (home: string) =>
  [
    "config:",
    "  hubnet:cluster:",
    "    cloud: azure",
    "    subscriptionId: 00000000-0000-4000-8000-000000000000",
    "    location: westeurope",
    '    kubernetesVersion: "1.36"',
    "    domain: fixture.example.eu",
    "    certificateEmail: ops@example.eu",
    "    nodePools:",
    "      core: { machineType: Standard_E4s_v5 }",
    "      user:",
    "        - { name: medium, machineType: Standard_E4s_v5, max: 3 }",
    "    storage:",
    `      home: ${home}`,
    "",
  ].join("\n");
