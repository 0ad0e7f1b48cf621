/**
 * Building and writing the catalog: `index.html`, `style.css` and one page
 * per community. Files are written only under the output folder: no path from
 * a community file, no symbolic link followed (a link in the way is replaced,
 * its target untouched), and what an earlier run wrote there and this one no
 * longer does is removed (listed in `.hubnet-catalog.json`).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Network } from "@hubnet/config";
import { communityHtml, filterGroups, indexHtml } from "./html";
import { type CommunityCard, networkCards } from "./model";
import { stylesheet } from "./style";

export const MANIFEST = ".hubnet-catalog.json";

/** The site's files by relative path. */
export function buildCatalog(network: Network): { cards: CommunityCard[]; files: Record<string, string> } {
  const cards = networkCards(network);
  const files: Record<string, string> = {
    "index.html": indexHtml(cards),
    "style.css": stylesheet(filterGroups(cards)),
  };
  for (const c of cards) {
    if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(c.name))
      throw new Error(`not a community name: ${JSON.stringify(c.name)}`);
    files[`communities/${c.name}.html`] = communityHtml(c);
  }
  return { cards, files };
}

export class OutError extends Error {}

/** Writes `files` under `outDir`; returns the absolute paths written. */
export function writeCatalog(outDir: string, files: Record<string, string>): string[] {
  const out = path.resolve(outDir);
  if (fs.existsSync(out) && !fs.statSync(out).isDirectory())
    throw new OutError(`${outDir}: exists and is not a folder`);
  fs.mkdirSync(out, { recursive: true });
  const previous = readManifest(out);
  const written: string[] = [];
  for (const [rel, text] of Object.entries(files)) {
    const target = inside(out, rel);
    ensureDirs(out, path.dirname(target));
    replaceFile(target, text);
    written.push(target);
  }
  for (const rel of previous) {
    if (rel in files) continue;
    try {
      const target = inside(out, rel);
      if (fs.lstatSync(target).isFile()) fs.rmSync(target);
    } catch {
      // gone already, or not ours
    }
  }
  replaceFile(path.join(out, MANIFEST), `${JSON.stringify({ files: Object.keys(files).sort() }, null, 2)}\n`);
  return written;
}

/** Writes through a new file renamed into place: a symbolic link there is replaced, never followed. */
function replaceFile(target: string, text: string) {
  if (fs.existsSync(target) && fs.lstatSync(target).isDirectory())
    throw new OutError(`${target}: a folder where the catalog writes a file; remove it`);
  const tmp = `${target}.${process.pid}.tmp`;
  fs.rmSync(tmp, { force: true });
  fs.writeFileSync(tmp, text, { flag: "wx" });
  fs.renameSync(tmp, target);
}

function inside(out: string, rel: string): string {
  const target = path.resolve(out, rel);
  if (path.isAbsolute(rel) || rel.split(/[\\/]/).includes("..") || !target.startsWith(`${out}${path.sep}`))
    throw new OutError(`refusing to write outside the output folder: ${JSON.stringify(rel)}`);
  return target;
}

/** Creates the folders from `out` down to `dir`, refusing symbolic links on the way. */
function ensureDirs(out: string, dir: string) {
  const parts = path.relative(out, dir).split(path.sep).filter(Boolean);
  let cur = out;
  for (const p of parts) {
    cur = path.join(cur, p);
    if (fs.existsSync(cur) || isLink(cur)) {
      const st = fs.lstatSync(cur);
      if (st.isSymbolicLink() || !st.isDirectory())
        throw new OutError(`${cur}: a link or file where the catalog writes a folder; remove it`);
    } else fs.mkdirSync(cur);
  }
}

function isLink(p: string): boolean {
  try {
    return fs.lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

function readManifest(out: string): string[] {
  try {
    const m = JSON.parse(fs.readFileSync(path.join(out, MANIFEST), "utf8")) as { files?: unknown };
    return Array.isArray(m.files) ? m.files.filter((f): f is string => typeof f === "string") : [];
  } catch {
    return [];
  }
}
