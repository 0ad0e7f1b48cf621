/**
 * Writing a folder of results (`hubnet plan --out`, and any other command that writes a folder):
 * never outside the folder asked for, never over what hubnet did not write, never half-written.
 *
 * - The target must be missing, empty, or a folder this command wrote before: the manifest
 *   OUTPUT_MANIFEST lists what it wrote, and anything else in the folder refuses the write.
 * - The root of the file system, system folders (/etc, /usr, ...), pseudo file systems (/proc,
 *   /sys, ...), the checkout itself and its config folders are refused.
 * - Everything is written to a temporary folder beside the target and moved into place only when
 *   complete, replacing what an earlier run wrote: the folder always holds one run's output, and a
 *   run that fails leaves the target as it was.
 *
 * Check with `checkOutputDir` before the work (a refusal costs nothing then), write with
 * `writeOutputDir` after. A refusal is an OutputDirError, a usage error for the command line.
 */
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { errorReason } from "./tree";

/** The file, in every folder hubnet writes, that lists what it wrote there (and by which command). */
export const OUTPUT_MANIFEST = ".hubnet-output.json";

/** Why an output folder was refused or could not be written; nothing was changed. */
export class OutputDirError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OutputDirError";
  }
}

export interface OutputDirOptions {
  /** The command that writes the folder, as it is typed: `hubnet plan`. Recorded in the manifest. */
  command: string;
  /** The option that named the folder, for messages: `--out`. @default "--out" */
  option?: string;
  /** The checkout: the target may not be it, contain it, or lie in its config folders. */
  root?: string;
  /**
   * What an earlier version of the command wrote in `dir` when it left no manifest (`plan.json`
   * lists its stacks), or undefined when `dir` was not written by it.
   */
  legacy?: (dir: string) => string[] | undefined;
}

/** Folders that are refused, with everything under them. */
const SYSTEM_TREES = [
  "/bin",
  "/boot",
  "/dev",
  "/etc",
  "/lib",
  "/lib32",
  "/lib64",
  "/libx32",
  "/proc",
  "/run",
  "/sbin",
  "/snap",
  "/sys",
  "/usr",
  "/var/cache",
  "/var/lib",
  "/var/log",
  "/var/run",
  "/var/spool",
];
/** Folders refused themselves (a folder inside them is fine). */
const SYSTEM_FOLDERS = ["/", "/home", "/media", "/mnt", "/opt", "/root", "/srv", "/tmp", "/var", "/var/tmp"];

/** `statfs` types of pseudo file systems (Linux magic numbers): nothing is ever written there. */
const PSEUDO_FILE_SYSTEMS = new Set([
  0x9fa0, // proc
  0x62656572, // sysfs
  0x1cd1, // devpts
  0x27e0eb, // cgroup
  0x63677270, // cgroup2
  0x64626720, // debugfs
  0x73636673, // securityfs
  0x74726163, // tracefs
  0xcafe4a11, // bpf
  0x62656570, // configfs
  0x6165676c, // pstore
  0xde5e81e4, // efivarfs
  0x65735543, // fusectl
  0x19800202, // mqueue
  0x42494e4d, // binfmt_misc
  0x6e736673, // nsfs
  0xf97cff8c, // selinuxfs
]);

const within = (dir: string, p: string) =>
  p === dir || p.startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep);

interface Located {
  /** The target, absolute, through the real path of its nearest existing ancestor. */
  real: string;
  /** The nearest existing ancestor (or the target itself) as given. */
  existing: string;
}

function locate(target: string, flag: string): Located {
  let existing = path.resolve(target);
  const rest: string[] = [];
  for (;;) {
    try {
      fs.lstatSync(existing);
      break;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // ENOTDIR: a part of the path is a file; the loop stops at it and it is refused below.
      if (code !== "ENOENT" && code !== "ENOTDIR") {
        throw new OutputDirError(`${flag} ${target}: cannot reach ${existing}: ${errorReason(err)}`);
      }
      rest.unshift(path.basename(existing));
      existing = path.dirname(existing);
    }
  }
  let real: string;
  try {
    real = path.join(fs.realpathSync(existing), ...rest);
  } catch (err) {
    throw new OutputDirError(`${flag} ${target}: cannot reach ${existing}: ${errorReason(err)}`);
  }
  return { real, existing };
}

/** The files (relative, with `/`) and folders under `dir`, without following links. */
function contents(dir: string): { files: string[]; others: string[] } {
  const files: string[] = [];
  const others: string[] = [];
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(r);
      else if (e.isFile()) files.push(r);
      else others.push(r);
    }
  };
  walk("");
  return { files, others };
}

function readManifest(dir: string): { command?: string; files?: string[] } | undefined {
  const file = path.join(dir, OUTPUT_MANIFEST);
  try {
    const stat = fs.lstatSync(file);
    if (!stat.isFile() || stat.size > 16 * 1024 * 1024) return undefined;
    const m = JSON.parse(fs.readFileSync(file, "utf8")) as { command?: unknown; files?: unknown };
    if (typeof m.command !== "string" || !Array.isArray(m.files)) return undefined;
    return { command: m.command, files: m.files.filter((f): f is string => typeof f === "string") };
  } catch {
    return undefined;
  }
}

/**
 * Refuses (OutputDirError) a target that must not be written; returns nothing when it may be.
 * Runs before the work, so a refusal costs nothing and changes nothing.
 */
export function checkOutputDir(target: string, opts: OutputDirOptions): void {
  const flag = opts.option ?? "--out";
  const named = `${flag} ${target}`;
  if (target.trim() === "") throw new OutputDirError(`${flag}: give a folder`);
  const { real, existing } = locate(target, flag);
  const system = `is a system folder; choose a folder of your own for ${flag}, such as out/plan`;
  if (SYSTEM_FOLDERS.includes(real) || SYSTEM_TREES.some((d) => within(d, real)))
    throw new OutputDirError(`${named}: ${real === "/" ? "is the root of the file system" : system}`);
  const home = os.homedir();
  if (real === home || real === os.tmpdir()) throw new OutputDirError(`${named}: ${system}`);
  let fsType: number | undefined;
  try {
    fsType = Number(fs.statfsSync(existing).type);
  } catch {
    fsType = undefined;
  }
  if (fsType !== undefined && PSEUDO_FILE_SYSTEMS.has(fsType))
    throw new OutputDirError(
      `${named}: lies on a pseudo file system (like /proc or /sys); choose a folder of your own`,
    );
  if (opts.root) {
    const root = fs.realpathSync(opts.root);
    if (within(real, root))
      throw new OutputDirError(
        `${named}: would replace the checkout it reads; choose a folder inside it, such as out/plan`,
      );
    for (const config of ["communities", "stacks"]) {
      if (within(path.join(root, config), real))
        throw new OutputDirError(
          `${named}: lies in ${config}/, which hubnet reads as config; choose another folder, such as out/plan`,
        );
    }
  }
  const stat = fs.lstatSync(existing);
  if (existing !== path.resolve(target)) {
    // The target does not exist yet: what exists on its way must be a folder we may write in.
    if (!stat.isDirectory()) {
      throw new OutputDirError(
        `${named}: ${existing} is ${stat.isSymbolicLink() ? "a symbolic link" : "a file"}, so no folder can be made inside it`,
      );
    }
    try {
      fs.accessSync(existing, fs.constants.W_OK);
    } catch (err) {
      throw new OutputDirError(`${named}: cannot write in ${existing}: ${errorReason(err)}`);
    }
    return;
  }
  if (stat.isSymbolicLink())
    throw new OutputDirError(`${named}: is a symbolic link; give the folder it points to`);
  if (!stat.isDirectory()) throw new OutputDirError(`${named}: exists and is not a folder`);
  let found: { files: string[]; others: string[] };
  try {
    found = contents(existing);
    fs.accessSync(path.dirname(existing), fs.constants.W_OK);
  } catch (err) {
    throw new OutputDirError(`${named}: cannot replace it: ${errorReason(err)}`);
  }
  if (found.files.length === 0 && found.others.length === 0) return;
  const manifest = readManifest(existing);
  const ours =
    (manifest ? (manifest.command === opts.command ? manifest.files : undefined) : opts.legacy?.(existing)) ??
    [];
  const known = new Set([...ours, ...(ours.length > 0 ? [OUTPUT_MANIFEST] : [])]);
  const foreign = [...found.others, ...found.files.filter((f) => !known.has(f))].sort();
  if (foreign.length > 0) {
    const listed =
      foreign.slice(0, 3).join(", ") + (foreign.length > 3 ? ` and ${foreign.length - 3} more` : "");
    const other =
      manifest && manifest.command !== opts.command ? ` (${manifest.command} wrote this folder)` : "";
    throw new OutputDirError(
      `${named}: holds ${listed}, which ${opts.command} did not write${other}; move ${foreign.length === 1 ? "it" : "them"} away, or choose an empty or new folder`,
    );
  }
}

/**
 * Writes `files` (paths relative to the folder, with `/`) as the whole content of `target`,
 * replacing what the same command wrote there before; returns the absolute paths written.
 * Throws OutputDirError when the target is refused or writing fails; the target is then as it was.
 */
export function writeOutputDir(
  target: string,
  files: Record<string, string>,
  opts: OutputDirOptions,
): string[] {
  const flag = opts.option ?? "--out";
  checkOutputDir(target, opts);
  for (const rel of Object.keys(files)) {
    const parts = rel.split("/");
    if (
      rel === OUTPUT_MANIFEST ||
      path.isAbsolute(rel) ||
      parts.some((p) => p === "" || p === "." || p === "..")
    )
      throw new Error(`writeOutputDir: ${JSON.stringify(rel)} is not a relative file name`);
  }
  const final = path.resolve(target);
  const parent = path.dirname(final);
  const created: string[] = [];
  let tmp: string | undefined;
  let old: string | undefined;
  try {
    // Folders on the way that do not exist yet, made one by one so a failure removes just those.
    const missing: string[] = [];
    for (let d = parent; !fs.existsSync(d); d = path.dirname(d)) missing.unshift(d);
    for (const d of missing) {
      fs.mkdirSync(d);
      created.unshift(d);
    }
    tmp = fs.mkdtempSync(path.join(parent, `.${path.basename(final)}.tmp-`));
    for (const [rel, text] of Object.entries(files)) {
      const file = path.join(tmp, ...rel.split("/"));
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text, { flag: "wx" });
    }
    const manifest = { command: opts.command, files: Object.keys(files).sort() };
    fs.writeFileSync(path.join(tmp, OUTPUT_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`, {
      flag: "wx",
    });
    if (fs.existsSync(final)) {
      old = path.join(parent, `.${path.basename(final)}.old-${crypto.randomBytes(6).toString("hex")}`);
      fs.renameSync(final, old);
      try {
        fs.renameSync(tmp, final);
      } catch (err) {
        fs.renameSync(old, final);
        old = undefined;
        throw err;
      }
      tmp = undefined;
      try {
        fs.rmSync(old, { recursive: true, force: true });
      } catch {
        // The new output is in place; a leftover hidden folder beside it is harmless.
      }
    } else {
      fs.renameSync(tmp, final);
      tmp = undefined;
    }
  } catch (err) {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    for (const d of created) {
      try {
        fs.rmdirSync(d);
      } catch {
        // not empty (someone else wrote there) or gone: leave it
      }
    }
    if (err instanceof OutputDirError) throw err;
    throw new OutputDirError(
      `${flag} ${target}: could not write it: ${errorReason(err)}; nothing was changed`,
    );
  }
  return Object.keys(files)
    .sort()
    .map((rel) => path.join(final, ...rel.split("/")));
}
