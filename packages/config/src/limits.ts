/**
 * The limits hubnet puts on what it reads. Every file of a pull request is untrusted (see
 * docs/platform/threat-model.md): these bound the time and memory one file can cost, so a hostile
 * file is refused with a located message instead of exhausting the machine. Each is far above what
 * a real file needs (the example network's largest file is under 3 KiB, nested 6 levels, with no
 * alias), and each message says the limit and what to do.
 */

/**
 * Largest config file read, in bytes (256 KiB). Checked with `stat` before reading, so a file of
 * any size is refused at once; parsing 256 KiB of the worst YAML takes well under a second.
 */
export const MAX_FILE_BYTES = 256 * 1024;

/**
 * Most YAML aliases (`*name`) in one file; expanding them is bounded too (the YAML library
 * refuses a document whose aliases would expand past this count), so an alias bomb is refused.
 */
export const MAX_YAML_ALIASES = 100;

/** Deepest nesting of mappings and lists in one file (a community file nests about 6 levels). */
export const MAX_YAML_DEPTH = 64;

/**
 * Most problems reported for one file: the rest are summed up in one line. A file with thousands of
 * unknown keys is one mistake to its author, and a CI log should stay readable.
 */
export const MAX_PROBLEMS_PER_FILE = 50;

/** Human-readable size: `256 KiB`, `20.0 MiB`. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024)
    return `${Number.isInteger(bytes / 1024) ? bytes / 1024 : (bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
