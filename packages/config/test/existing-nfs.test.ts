/**
 * An existing cluster's NFS home server must be denied to user pods (issue 20): its addresses are
 * required when `server` is a host name (NetworkPolicy denies addresses, not names), with FILE:LINE:COL.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { FIXTURE_NETWORK } from "../../../test/fixtures";
import { formatProblem, loadClusterFile, nfsServerAddresses } from "../src";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "hubnet-existing-nfs-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** The test network's existing cluster file with its `home` line replaced by `home`. */
function withHome(name: string, home: string): string {
  const text = fs.readFileSync(
    path.join(FIXTURE_NETWORK, "stacks", "cluster", "Pulumi.campus-k8s.yaml"),
    "utf8",
  );
  const line = text.split("\n").find((l) => l.trimStart().startsWith("home: { kind: nfs"));
  if (!line) throw new Error("test setup: no NFS home line in the test network's existing cluster");
  const file = path.join(tmp, `Pulumi.${name}.yaml`);
  fs.writeFileSync(file, text.replace(line, `${line.slice(0, line.indexOf("home:"))}home: ${home}`));
  return file;
}

describe("an existing cluster's NFS server", () => {
  test("a host name without addresses is refused where it is written, with the command that finds them", () => {
    const file = withHome("nfs-by-name", "{ kind: nfs, server: nfs.uni.example.edu, path: /export/jupyter }");
    const { cluster, problems } = loadClusterFile(file);
    expect(cluster).toBeUndefined();
    const [p] = problems.map((x) => formatProblem(x, tmp));
    expect(p).toMatch(/^Pulumi\.nfs-by-name\.yaml:\d+:\d+: .*storage\.home\.server: /);
    expect(p).toContain("storage.home.addresses");
    expect(p).toContain("dig +short nfs.uni.example.edu");
  });

  test("an IP server is denied by itself; declared addresses are used as they are", () => {
    const byIp = loadClusterFile(
      withHome("nfs-by-ip", "{ kind: nfs, server: 203.0.113.7, path: /export/jupyter }"),
    );
    expect(byIp.problems).toEqual([]);
    expect(nfsServerAddresses({ server: "203.0.113.7" })).toEqual(["203.0.113.7"]);
    expect(nfsServerAddresses({ server: "nfs.x", addresses: ["198.51.100.0/30"] })).toEqual([
      "198.51.100.0/30",
    ]);
    const bad = loadClusterFile(
      withHome(
        "nfs-bad-address",
        "{ kind: nfs, server: nfs.x.edu, addresses: [nfs.x.edu], path: /export/jupyter }",
      ),
    );
    expect(bad.problems.map((x) => x.message).join("\n")).toContain("must be an IPv4 address or CIDR");
  });
});
