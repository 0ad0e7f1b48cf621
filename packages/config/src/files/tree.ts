/**
 * Reading a checkout whose files are untrusted (a pull request, often from a fork). Only regular
 * files and folders inside the root are read: a symbolic link anywhere on the way is reported at
 * its own path and never followed, so no file outside the root is read or echoed; a named pipe or
 * device is never opened for reading (it could block forever); a file larger than MAX_FILE_BYTES is
 * refused from its size alone, before it is read. Nothing here throws for what a file or folder is:
 * every refusal is a Problem of that path.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { formatSize, MAX_FILE_BYTES } from "../limits";
import type { Problem } from "../problems";

export const SYMLINK_MESSAGE = "is a symbolic link; hubnet reads only regular files inside the repository";

export type EntryKind = "file" | "folder" | "symlink" | "other";

/** What a path inside the root is, found with `lstat` on every part of it below the root. */
export type PathState =
  | { kind: "file" | "folder"; size: number }
  | { kind: "missing" }
  /** Refused: a symbolic link or special file on the way, unreadable folder, outside the root. */
  | { kind: "refused"; problem: Problem };

function kindOf(stat: fs.Stats): EntryKind {
  if (stat.isSymbolicLink()) return "symlink";
  if (stat.isFile()) return "file";
  if (stat.isDirectory()) return "folder";
  return "other";
}

function describeOther(stat: fs.Stats): string {
  if (stat.isFIFO()) return "a named pipe";
  if (stat.isSocket()) return "a socket";
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return "a device";
  return "not a regular file";
}

/** An error's code in words, for "cannot read ... (EACCES)". */
export function errorReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const words: Record<string, string> = {
    EACCES: "permission denied",
    EPERM: "operation not permitted",
    EISDIR: "it is a folder",
    ENOTDIR: "a part of the path is not a folder",
    ELOOP: "too many symbolic links",
    EIO: "input/output error",
    ENAMETOOLONG: "the name is too long",
  };
  return code ? `${words[code] ?? "error"} (${code})` : String((err as Error | undefined)?.message ?? err);
}

/** `target` relative to `root`, or undefined when it is not inside it. */
export function insideRoot(root: string, target: string): string | undefined {
  const rel = path.relative(path.resolve(root), path.resolve(target));
  if (rel === "") return "";
  if (rel.startsWith("..") || path.isAbsolute(rel)) return undefined;
  return rel;
}

/**
 * What `target` is, checking each part of its path below `root` with `lstat`: a symbolic link,
 * a special file or a file where a folder should be is refused at its own path.
 */
export function inspect(root: string, target: string): PathState {
  const rel = insideRoot(root, target);
  if (rel === undefined) {
    return {
      kind: "refused",
      problem: { message: "refused to read a path outside the repository (--root)" },
    };
  }
  let current = path.resolve(root);
  if (rel === "") {
    try {
      const stat = fs.statSync(current);
      return { kind: stat.isDirectory() ? "folder" : "file", size: stat.size };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return { kind: "missing" };
      return { kind: "refused", problem: { file: current, message: `cannot read: ${errorReason(err)}` } };
    }
  }
  const parts = rel.split(path.sep);
  let stat: fs.Stats | undefined;
  for (let i = 0; i < parts.length; i++) {
    const last = i === parts.length - 1;
    const next = path.join(current, parts[i]);
    try {
      stat = fs.lstatSync(next);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "ENOENT") return { kind: "missing" };
      // Listing `current` is what failed (a folder without the x permission).
      return {
        kind: "refused",
        problem: { file: current, message: `cannot read this folder: ${errorReason(err)}; make it readable` },
      };
    }
    const kind = kindOf(stat);
    if (kind === "symlink") return { kind: "refused", problem: { file: next, message: SYMLINK_MESSAGE } };
    if (!last && kind !== "folder") {
      // A file where a folder is expected: the path asked for does not exist as such.
      return { kind: "missing" };
    }
    if (kind === "other") {
      return {
        kind: "refused",
        problem: {
          file: next,
          message: `is ${describeOther(stat)}; hubnet reads only regular files inside the repository`,
        },
      };
    }
    current = next;
  }
  const last = stat as fs.Stats;
  return { kind: kindOf(last) as "file" | "folder", size: last.size };
}

/** The refusal of a file larger than MAX_FILE_BYTES (or `max`). */
export function tooLarge(file: string, size: number, max = MAX_FILE_BYTES): Problem {
  return {
    file,
    line: 1,
    col: 1,
    message: `the file is ${formatSize(size)}, larger than the ${formatSize(max)} hubnet reads: a config file is a few kilobytes; remove what does not belong in it`,
  };
}

/**
 * The text of a regular file inside `root` (UTF-8, at most MAX_FILE_BYTES), or the problems that
 * refuse it. `missing` is true (and there are no problems) when the file does not exist.
 */
export function readFileInTree(
  root: string,
  file: string,
  max = MAX_FILE_BYTES,
): { text?: string; missing?: boolean; problems: Problem[] } {
  const state = inspect(root, file);
  if (state.kind === "missing") return { missing: true, problems: [] };
  if (state.kind === "refused") return { problems: [state.problem] };
  if (state.kind === "folder")
    return { problems: [{ file, message: "is a folder; a file of this name is expected here" }] };
  return readRegularFile(file, max);
}

/**
 * Reads a file that must be a regular file: opened without following a symbolic link and without
 * blocking (a named pipe put in its place after the check is never waited on), its size checked on
 * the open file before reading, and decoded as strict UTF-8.
 */
export function readRegularFile(
  file: string,
  max = MAX_FILE_BYTES,
): { text?: string; missing?: boolean; problems: Problem[] } {
  const { O_RDONLY, O_NOFOLLOW = 0, O_NONBLOCK = 0 } = fs.constants;
  let fd: number;
  try {
    fd = fs.openSync(file, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return { missing: true, problems: [] };
    if (code === "ELOOP") return { problems: [{ file, message: SYMLINK_MESSAGE }] };
    return { problems: [{ file, message: `cannot read the file: ${errorReason(err)}; make it readable` }] };
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) {
      return {
        problems: [
          {
            file,
            message: stat.isDirectory()
              ? "is a folder; a file of this name is expected here"
              : `is ${describeOther(stat)}; hubnet reads only regular files inside the repository`,
          },
        ],
      };
    }
    if (stat.size > max) return { problems: [tooLarge(file, stat.size, max)] };
    // Read at most max + 1 bytes: a file that grew after fstat is still refused, never read whole.
    const buffer = Buffer.alloc(Math.min(stat.size, max) + 1);
    let length = 0;
    for (;;) {
      const n = fs.readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length === buffer.length) break;
    }
    if (length > max) return { problems: [tooLarge(file, length, max)] };
    try {
      return {
        text: new TextDecoder("utf-8", { fatal: true }).decode(buffer.subarray(0, length)),
        problems: [],
      };
    } catch {
      return {
        problems: [
          { file, line: 1, col: 1, message: "the file is not UTF-8 text: save it as UTF-8 (plain text)" },
        ],
      };
    }
  } catch (err) {
    return { problems: [{ file, message: `cannot read the file: ${errorReason(err)}; make it readable` }] };
  } finally {
    fs.closeSync(fd);
  }
}

export interface FolderEntry {
  name: string;
  path: string;
  kind: EntryKind;
}

/**
 * The entries of a folder inside `root`, sorted by name, without following any link; `missing`
 * when the folder does not exist. An unreadable folder is one problem of that folder.
 */
export function listFolderInTree(
  root: string,
  dir: string,
): { entries: FolderEntry[]; missing?: boolean; problems: Problem[] } {
  const state = inspect(root, dir);
  if (state.kind === "missing") return { entries: [], missing: true, problems: [] };
  if (state.kind === "refused") return { entries: [], problems: [state.problem] };
  if (state.kind === "file")
    return {
      entries: [],
      problems: [{ file: dir, message: "is a file; a folder of this name is expected here" }],
    };
  let dirents: fs.Dirent[];
  try {
    dirents = fs.readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    return {
      entries: [],
      problems: [{ file: dir, message: `cannot read this folder: ${errorReason(err)}; make it readable` }],
    };
  }
  const entries = dirents
    .map((d) => ({
      name: d.name,
      path: path.join(dir, d.name),
      kind: (d.isSymbolicLink()
        ? "symlink"
        : d.isFile()
          ? "file"
          : d.isDirectory()
            ? "folder"
            : "other") as EntryKind,
    }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { entries, problems: [] };
}
