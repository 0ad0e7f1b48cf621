/**
 * The data-loss guard's mutation suite (issue 19, decision 0022): each change of
 * support/data-loss-mutations.ts is one commit on a repository of the test network, compared with
 * its base by `hubnet diff`'s own library path (`runDiff`: the affected stacks, both sides
 * rendered by `hubnet plan`, the guard, the reports, the exit code). The base is rendered once for
 * every stack and reused (a render of a commit depends on nothing else); each head is rendered as
 * the command renders it. Prints the guard's miss rate; fails on any miss or false alarm.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDiff } from "../packages/cli/src/actions/diff";
import { type Rendered, type RenderRequest, renderAt } from "../packages/cli/src/changes/render-at";
import { Exit } from "../packages/cli/src/exit-codes";
import { Output } from "../packages/cli/src/output";
import { FIXTURE_NETWORK } from "./fixtures";
import { type Mutation, mutations } from "./support/data-loss-mutations";
import { type GitNetwork, gitNetwork } from "./support/git-network";

const MUTATIONS = mutations((rel) => fs.readFileSync(path.join(FIXTURE_NETWORK, rel), "utf8"));

let net: GitNetwork;
let base: Promise<Rendered> | undefined;
const kept: Rendered[] = [];

/** renderAt, but the base commit is rendered once, with every stack, and each request gets its stacks. */
async function render(req: RenderRequest): Promise<Rendered> {
  if (req.commit !== net.base) return renderAt(req);
  if (!base) {
    const files = net.git("ls-tree", "-r", "--name-only", "base", "communities", "stacks").split("\n");
    const of = (re: RegExp) => files.flatMap((f) => re.exec(f)?.[1] ?? []);
    base = renderAt({
      ...req,
      communities: of(/^communities\/([^/]+)\/community\.yaml$/),
      clusters: of(/^stacks\/cluster\/Pulumi\.([^.]+)\.yaml$/),
      configFiles: files.filter((f) => /\.ya?ml$/.test(f)),
      keepTree: true,
    }).then((r) => {
      kept.push(r);
      return r;
    });
  }
  const all = await base;
  const want = new Set([
    ...req.communities.map((c) => `community/${c}`),
    ...req.clusters.map((c) => `cluster/${c}`),
  ]);
  return {
    ...all,
    stacks: new Map([...all.stacks].filter(([k]) => want.has(k))),
    ...(all.tree ? { tree: { dir: all.tree.dir, remove: () => undefined } } : {}),
  };
}

interface Verdict {
  exit: number;
  findings: string[];
}

const sink = { write: () => true, isTTY: false } as unknown as NodeJS.WriteStream;

async function verdictOf(m: Mutation): Promise<Verdict> {
  const head = net.commit(m.id, m.edits);
  const out = new Output({ color: false, out: sink, err: sink });
  try {
    const run = await runDiff({ root: net.dir, base: "base", head, json: true, color: false }, out, render);
    const findings = [
      ...run.losses.map((d) => `${d.kind} ${d.type} ${d.name} ${d.consequence}`),
      ...run.result.stacks.flatMap((s) =>
        s.reports.filter((r) => r.level === "error").flatMap((r) => r.lines),
      ),
    ];
    return { exit: run.exitCode, findings };
  } catch (err) {
    if (err instanceof Exit) return { exit: err.code, findings: [`exit ${err.code} before comparing`] };
    throw err;
  }
}

const verdicts = new Map<string, Verdict>();

beforeAll(() => {
  net = gitNetwork({ dependencies: true });
}, 60_000);

afterAll(() => {
  for (const r of kept) r.tree?.remove();
  const losing = MUTATIONS.filter((m) => m.expect !== 0);
  const harmless = MUTATIONS.filter((m) => m.expect === 0);
  const missed = losing.filter((m) => verdicts.get(m.id)?.exit !== m.expect);
  const alarms = harmless.filter((m) => verdicts.get(m.id)?.exit !== 0);
  const rate = losing.length ? (100 * missed.length) / losing.length : 0;
  console.log(
    `data-loss guard: ${MUTATIONS.length} mutations (${losing.length} losing or refused, ${harmless.length} harmless); ` +
      `missed ${missed.length} (miss rate ${rate.toFixed(1)}%)${missed.length ? `: ${missed.map((m) => m.id).join(", ")}` : ""}; ` +
      `false alarms ${alarms.length}${alarms.length ? `: ${alarms.map((m) => m.id).join(", ")}` : ""}`,
  );
});

describe("the data-loss guard's mutation suite", () => {
  it("has at least 40 realistic changes, config and code, each losing one with its reason", () => {
    expect(MUTATIONS.length).toBeGreaterThanOrEqual(40);
    expect(new Set(MUTATIONS.map((m) => m.id)).size).toBe(MUTATIONS.length);
    expect(MUTATIONS.some((m) => m.code)).toBe(true);
    expect(MUTATIONS.some((m) => !m.code)).toBe(true);
    for (const m of MUTATIONS) if (m.expect !== 0) expect(m.reason, m.id).toBeDefined();
  });

  for (const m of MUTATIONS) {
    it(`${m.id}: ${m.change} → exit ${m.expect}`, async () => {
      const v = await verdictOf(m);
      verdicts.set(m.id, v);
      expect({ exit: v.exit, findings: v.exit === m.expect ? [] : v.findings }).toEqual({
        exit: m.expect,
        findings: [],
      });
      if (m.reason)
        expect(
          v.findings.some((f) => m.reason?.test(f)),
          `${m.id}: ${v.findings.join("\n")}`,
        ).toBe(true);
    }, 120_000);
  }
});
