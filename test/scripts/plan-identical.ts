/**
 * Does a change leave what the stacks create as it was? Renders `hubnet plan --all --out` with the
 * code of a base git ref (in a temporary `git worktree` with its own `pnpm install`) and with the
 * working tree, both over the same network (the working tree's configs, or --root), and compares
 * every resources.json byte for byte, printing each difference.
 *
 *   node --import tsx test/scripts/plan-identical.ts <base-ref> [--root DIR] [--allow-moves] [--keep]
 *
 * A file that differs is explained row by row, rows matched by URN or by a former URN (alias):
 *   ~ FILE: OLD-URN            the resource moved (new parent or name); its new row keeps OLD-URN as
 *       → NEW-URN              an alias, so a deployed stack keeps the resource
 *   + FILE: URN (TYPE)         a row the base did not have
 *   - FILE: URN (TYPE)         a base row with no successor: `pulumi up` would delete it
 *   ! FILE: URN: FIELD         a matched row whose type, name, parent, inputs or protection differ
 * Exit code: 0 when every resources.json is byte-identical; with --allow-moves, also when the only
 * differences are moves kept by aliases and new hubnet components (no cloud resource of their own);
 * 1 otherwise; 2 on usage errors or when a render fails.
 */
import { type SpawnSyncOptions, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const REPO = path.resolve(__dirname, "..", "..");

interface Row {
  urn: string;
  type: string;
  name: string;
  parent: string | null;
  aliases?: string[];
  inputs: unknown;
  protect: boolean;
  retainOnDelete: boolean;
}

function usage(message: string): never {
  console.error(`plan-identical: ${message}`);
  console.error(
    "usage: node --import tsx test/scripts/plan-identical.ts <base-ref> [--root DIR] [--allow-moves] [--keep]",
  );
  process.exit(2);
}

function parseArgs(argv: string[]) {
  const opts = { ref: "", root: REPO, allowMoves: false, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--root") opts.root = path.resolve(argv[++i] ?? usage("--root needs a directory"));
    else if (a === "--allow-moves") opts.allowMoves = true;
    else if (a === "--keep") opts.keep = true;
    else if (a.startsWith("-")) usage(`unknown option ${a}`);
    else if (!opts.ref) opts.ref = a;
    else usage(`unexpected argument ${a}`);
  }
  if (!opts.ref) usage("name the base git ref (for example main)");
  return opts;
}

/** A command that failed: main() prints it, cleans up and exits 2. */
class Failed extends Error {}

/** Runs a command; on failure throws `Failed` with the end of its output. */
function run(cmd: string, args: string[], options: SpawnSyncOptions & { cwd: string }, log?: string): void {
  const env = { ...process.env };
  delete env.HUBNET_ROOT;
  const r = spawnSync(cmd, args, { ...options, env, encoding: "utf8", maxBuffer: 64 * 2 ** 20 });
  if (log) fs.writeFileSync(log, `${r.stdout ?? ""}${r.stderr ?? ""}`);
  if (r.status !== 0) {
    const tail = `${r.stdout ?? ""}${r.stderr ?? ""}`.trim().split("\n").slice(-40).join("\n");
    throw new Failed(`\`${cmd} ${args.join(" ")}\` failed in ${options.cwd} (exit ${r.status})\n${tail}`);
  }
}

function resourceFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith("resources.json"))
    .sort();
}

interface Tally {
  identical: number;
  differing: number;
  moved: number;
  newComponents: number;
  other: number;
}

/** Prints the differences of one file's rows; returns what it found. */
function compareRows(file: string, base: Row[], head: Row[], tally: Tally): void {
  const headByUrn = new Map(head.map((r) => [r.urn, r]));
  const headByFormer = new Map(head.flatMap((r) => (r.aliases ?? []).map((a) => [a, r] as const)));
  const successor = (urn: string) => headByUrn.get(urn) ?? headByFormer.get(urn);
  const matched = new Set<Row>();
  for (const b of base) {
    const h = successor(b.urn);
    if (!h) {
      console.log(`- ${file}: ${b.urn} (${b.type})`);
      tally.other++;
      continue;
    }
    matched.add(h);
    const formerParent = b.parent === null ? null : (successor(b.parent)?.urn ?? b.parent);
    const moved = h.urn !== b.urn;
    if (moved) {
      // A move is a new parent or name; the alias is what keeps the deployed resource.
      const reparented = formerParent !== h.parent ? ` (parent was ${b.parent})` : "";
      console.log(`~ ${file}: ${b.urn}\n    → ${h.urn}${reparented}`);
      tally.moved++;
    }
    const fields: [string, unknown, unknown][] = [
      ["type", b.type, h.type],
      ["name", b.name, h.name],
      ["parent", moved ? h.parent : formerParent, h.parent],
      ["inputs", b.inputs, h.inputs],
      ["protect", b.protect, h.protect],
      ["retainOnDelete", b.retainOnDelete, h.retainOnDelete],
    ];
    for (const [field, was, is] of fields) {
      if (JSON.stringify(was) === JSON.stringify(is)) continue;
      const short = (v: unknown) => {
        const t = JSON.stringify(v);
        return t.length > 300 ? `${t.slice(0, 300)}…` : t;
      };
      console.log(`! ${file}: ${b.urn}: ${field}\n    was ${short(was)}\n    is  ${short(is)}`);
      tally.other++;
    }
  }
  for (const h of head) {
    if (matched.has(h)) continue;
    console.log(`+ ${file}: ${h.urn} (${h.type})`);
    // A hubnet component registers no cloud resource of its own; anything else is new infrastructure.
    if (h.type.startsWith("hubnet:")) tally.newComponents++;
    else tally.other++;
  }
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "hubnet-plan-identical-"));
  const baseTree = path.join(tmp, "base");
  const out = { base: path.join(tmp, "out-base"), head: path.join(tmp, "out-head") };
  let added = false;
  try {
    run("git", ["worktree", "add", "--detach", baseTree, opts.ref], { cwd: REPO });
    added = true;
    console.log(`base ${opts.ref} checked out in ${baseTree}; installing its dependencies`);
    run(
      "pnpm",
      ["install", "--frozen-lockfile", "--prefer-offline"],
      { cwd: baseTree },
      path.join(tmp, "install.log"),
    );
    for (const [side, tree] of [
      ["base", baseTree],
      ["head", REPO],
    ] as const) {
      console.log(`rendering ${opts.root} with the ${side === "base" ? opts.ref : "working tree"}'s code`);
      run(
        "pnpm",
        ["--silent", "hubnet", "plan", "--all", "--root", opts.root, "--out", out[side]],
        { cwd: tree },
        path.join(tmp, `plan-${side}.log`),
      );
    }

    const tally: Tally = { identical: 0, differing: 0, moved: 0, newComponents: 0, other: 0 };
    const files = [...new Set([...resourceFiles(out.base), ...resourceFiles(out.head)])].sort();
    for (const file of files) {
      const [b, h] = [path.join(out.base, file), path.join(out.head, file)];
      if (!fs.existsSync(b) || !fs.existsSync(h)) {
        console.log(
          `${fs.existsSync(b) ? "-" : "+"} ${file}: only ${fs.existsSync(b) ? opts.ref : "the working tree"} renders this stack`,
        );
        tally.differing++;
        tally.other++;
        continue;
      }
      if (fs.readFileSync(b).equals(fs.readFileSync(h))) {
        tally.identical++;
        continue;
      }
      tally.differing++;
      compareRows(
        file,
        JSON.parse(fs.readFileSync(b, "utf8")),
        JSON.parse(fs.readFileSync(h, "utf8")),
        tally,
      );
    }
    console.log(
      `\n${files.length} resources.json: ${tally.identical} byte-identical, ${tally.differing} different` +
        (tally.differing > 0
          ? ` (${tally.moved} rows moved under aliases, ${tally.newComponents} new hubnet components, ${tally.other} other differences)`
          : ""),
    );
    const ok = tally.differing === 0 || (opts.allowMoves && tally.other === 0);
    process.exitCode = ok ? 0 : 1;
  } catch (e) {
    if (!(e instanceof Failed)) throw e;
    console.error(`plan-identical: ${e.message}`);
    process.exitCode = 2;
  } finally {
    if (opts.keep) console.log(`kept ${tmp}`);
    else {
      if (added) spawnSync("git", ["worktree", "remove", "--force", baseTree], { cwd: REPO });
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }
}

main();
