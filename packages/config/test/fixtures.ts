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
