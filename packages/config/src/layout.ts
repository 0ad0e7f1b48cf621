/**
 * Where a checkout keeps its config, and which files of it hubnet reads:
 * `communities/<name>/community.yaml`, `stacks/cluster/Pulumi.<cluster>.yaml` and
 * `stacks/community/Pulumi.<community>.yaml`, each name a DNS-1123 label. Anything else that looks
 * like config there (`Pulumi.<c>.yml`, `Pulumi.a.b.yaml`, `communities/x.yaml`, a community folder
 * without community.yaml) is not read, and is reported with what to rename it to; symbolic links
 * are reported, never followed.
 */
import * as path from "node:path";
import { type FolderEntry, inspect, listFolderInTree, SYMLINK_MESSAGE } from "./files/tree";
import type { Problem } from "./problems";

export const COMMUNITIES_DIR = "communities";
export const COMMUNITY_FILE = "community.yaml";
export const CLUSTER_STACK_DIR = path.join("stacks", "cluster");
export const COMMUNITY_STACK_DIR = path.join("stacks", "community");

/** DNS-1123 label: lower-case letters, digits and '-', at most 63 characters. */
export const DNS_LABEL_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Whether `name` can name a community, a hub or a cluster (a DNS-1123 label). */
export function isName(name: string): boolean {
  return name.length <= 63 && DNS_LABEL_RE.test(name);
}

/** `name` made into a DNS-1123 label, for "rename it to" suggestions; undefined if nothing is left. */
export function suggestName(name: string): string | undefined {
  const fixed = name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 63)
    .replace(/-+$/, "");
  return fixed && isName(fixed) ? fixed : undefined;
}

/** The one-line refusal of a name given on the command line or by Pulumi that is not a label. */
export function nameProblem(what: "community" | "cluster", name: string): string | undefined {
  if (isName(name)) return undefined;
  const fixed = suggestName(name);
  return `${JSON.stringify(name)} is not a ${what} name: names are DNS-1123 labels (lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters)${fixed && fixed !== name ? `; did you mean "${fixed}"?` : ""}`;
}

export function communityFile(root: string, name: string): string {
  return path.join(root, COMMUNITIES_DIR, name, COMMUNITY_FILE);
}

export function clusterStackFile(root: string, name: string): string {
  return path.join(root, CLUSTER_STACK_DIR, `Pulumi.${name}.yaml`);
}

export function communityStackFile(root: string, name: string): string {
  return path.join(root, COMMUNITY_STACK_DIR, `Pulumi.${name}.yaml`);
}

/** A stack's name from its file name: `Pulumi.gcp-shared.yaml` → `gcp-shared`. */
export function clusterNameFromFile(file: string): string {
  return path
    .basename(file)
    .replace(/^Pulumi\./, "")
    .replace(/\.ya?ml$/, "");
}

/** The root of the checkout a config file lies in, from the layout (both kinds lie two folders down). */
export function rootOfConfigFile(file: string): string {
  return path.resolve(file, "..", "..", "..");
}

const CONFIG_LIKE = /\.(ya?ml|json)$/i;

/** What one path of a checkout is to hubnet (see classifyConfigPath). */
export type ConfigPath =
  | { kind: "cluster" | "community-stack" | "community"; name: string }
  | { kind: "not-read"; message: string };

/**
 * The one rule by which every command reads the tree: what a path (relative to the checkout,
 * `/`-separated, as git lists it and as the folder listings below find it) is. `validate` and `plan`
 * (the listings below), `affected` and `diff` (the files of a commit) and the catalog all decide with
 * it, so that no file one of them reads is one another refuses: a stack name that is not a DNS
 * label, a `.yml` stack file, a community folder whose name starts with a dot.
 * Undefined: not a config path at all.
 */
export function classifyConfigPath(rel: string): ConfigPath | undefined {
  const parts = rel.split("/");
  if (parts.length === 3 && parts[0] === "stacks" && (parts[1] === "cluster" || parts[1] === "community")) {
    const file = parts[2];
    if (file === "Pulumi.yaml" || file === "Pulumi.yml") return undefined; // the project file
    const m = /^pulumi\.(.+)\.(ya?ml|json)$/i.exec(file);
    if (m && file === `Pulumi.${m[1]}.yaml` && isName(m[1]))
      return { kind: parts[1] === "cluster" ? "cluster" : "community-stack", name: m[1] };
    if (m || /\.ya?ml$/i.test(file)) {
      const fixed = m ? (isName(m[1]) ? m[1] : suggestName(m[1])) : undefined;
      return {
        kind: "not-read",
        message: `not read: stack files are named Pulumi.<stack>.yaml, the stack a DNS-1123 label (lower-case letters, digits and '-'); rename it${fixed ? ` to Pulumi.${fixed}.yaml` : ""}`,
      };
    }
    return undefined;
  }
  if (
    parts.length === 3 &&
    parts[0] === COMMUNITIES_DIR &&
    (parts[2] === COMMUNITY_FILE || parts[2] === "community.yml")
  ) {
    const name = parts[1];
    if (!isName(name)) {
      const fixed = suggestName(name);
      return {
        kind: "not-read",
        message: `${JSON.stringify(name)} is not a community name, so this folder is not read: community folders are DNS-1123 labels (lower-case letters, digits and '-')${fixed ? `; rename it to ${fixed}` : ""}`,
      };
    }
    if (parts[2] !== COMMUNITY_FILE)
      return { kind: "not-read", message: "rename this file to community.yaml" };
    return { kind: "community", name };
  }
  return undefined;
}

/** A path of the file system below `root`, as classifyConfigPath takes it. */
function relativeOf(root: string, p: string): string {
  return path.relative(root, p).split(path.sep).join("/");
}

/**
 * The stack files of one Pulumi project folder (`stacks/cluster`, `stacks/community`), by stack
 * name; every file that looks like a stack file but is not read is a problem saying what to do.
 */
export function listStackFiles(
  root: string,
  dir: string,
): { files: Map<string, string>; problems: Problem[]; missing?: boolean } {
  const folder = path.join(root, dir);
  const listed = listFolderInTree(root, folder);
  const files = new Map<string, string>();
  const problems: Problem[] = [...listed.problems];
  const names = new Set(listed.entries.map((e) => e.name));
  for (const entry of listed.entries) {
    if (entry.name === "Pulumi.yaml" || entry.name === "Pulumi.yml") continue; // the project file
    const m = /^pulumi\.(.+)\.(ya?ml|json)$/i.exec(entry.name);
    if (!m) {
      if (/\.ya?ml$/i.test(entry.name) && entry.kind !== "folder")
        problems.push(
          notRead(
            entry,
            "stack files are named Pulumi.<stack>.yaml; rename it or move it out of this folder",
          ),
        );
      continue;
    }
    const [, stack, ext] = m;
    const read = classifyConfigPath(relativeOf(root, entry.path));
    if (read && read.kind !== "not-read") {
      if (entry.kind === "file") files.set(read.name, entry.path);
      else problems.push(entryProblem(entry));
      continue;
    }
    const fixed = isName(stack) ? stack : suggestName(stack);
    const target = fixed ? `Pulumi.${fixed}.yaml` : "Pulumi.<stack>.yaml";
    if (!isName(stack)) {
      problems.push(
        notRead(
          entry,
          `the stack name ${JSON.stringify(stack)} is not a DNS-1123 label (lower-case letters, digits and '-'), so hubnet does not read this file: rename it to ${target} and the stack to match (\`pulumi stack rename\`)`,
        ),
      );
    } else if (names.has(target)) {
      problems.push(
        notRead(
          entry,
          `hubnet and Pulumi read ${target}, not this .${ext} file: move what it holds into ${target} and remove it`,
        ),
      );
    } else {
      problems.push(notRead(entry, `hubnet and Pulumi read only .yaml stack files: rename it to ${target}`));
    }
  }
  return { files, problems, missing: listed.missing };
}

/**
 * The community files under `communities/`; a folder without community.yaml, a stray file that
 * looks like config, a folder that is not a community name and a symbolic link are problems.
 */
export function listCommunities(root: string): {
  files: Map<string, string>;
  problems: Problem[];
  missing?: boolean;
} {
  const dir = path.join(root, COMMUNITIES_DIR);
  const listed = listFolderInTree(root, dir);
  const files = new Map<string, string>();
  const problems: Problem[] = [...listed.problems];
  for (const entry of listed.entries) {
    if (entry.kind !== "folder") {
      if (entry.kind === "symlink") problems.push(entryProblem(entry));
      else if (CONFIG_LIKE.test(entry.name)) {
        const stem = entry.name.replace(CONFIG_LIKE, "");
        const name = isName(stem) ? stem : (suggestName(stem) ?? "<name>");
        problems.push(
          notRead(
            entry,
            `a community is a folder: move this file to ${COMMUNITIES_DIR}/${name}/${COMMUNITY_FILE}`,
          ),
        );
      }
      continue;
    }
    const file = path.join(entry.path, COMMUNITY_FILE);
    const read = classifyConfigPath(relativeOf(root, file));
    if (read?.kind === "not-read") {
      // A .git-style tool folder is no community; one that holds a community file is reported (affected
      // and diff, which read the same rule, refuse it too).
      if (entry.name.startsWith(".") && inspect(root, file).kind !== "file") continue;
      problems.push({ file: entry.path, message: read.message });
      continue;
    }
    const state = inspect(root, file);
    if (state.kind === "file") files.set(entry.name, file);
    else if (state.kind === "refused") problems.push(state.problem);
    else if (state.kind === "folder")
      problems.push({ file, message: `is a folder; ${COMMUNITY_FILE} must be a file` });
    else {
      const yml = path.join(entry.path, "community.yml");
      if (inspect(root, yml).kind === "file")
        problems.push({ file: yml, line: 1, col: 1, message: "rename this file to community.yaml" });
      else
        problems.push({
          file: entry.path,
          message: `this community folder has no ${COMMUNITY_FILE} (create one with \`pnpm hubnet new\`)`,
        });
    }
  }
  return { files, problems, missing: listed.missing };
}

function notRead(entry: FolderEntry, what: string): Problem {
  if (entry.kind === "symlink") return entryProblem(entry);
  return { file: entry.path, message: `not read: ${what}` };
}

function entryProblem(entry: FolderEntry): Problem {
  if (entry.kind === "symlink") return { file: entry.path, message: SYMLINK_MESSAGE };
  if (entry.kind === "folder")
    return { file: entry.path, message: "is a folder; a stack file is expected here" };
  return {
    file: entry.path,
    message: "is not a regular file; hubnet reads only regular files inside the repository",
  };
}
