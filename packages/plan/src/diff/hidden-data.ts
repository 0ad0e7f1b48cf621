/**
 * Data made unreachable without deleting anything (decision 0022): a JupyterHub release whose new
 * values look for its users' data somewhere else. The files stay on the share, the database file
 * stays on its claim, but no hub shows them: every user sees an empty home, the hub starts on an
 * empty database (users, tokens, named servers gone), a shared directory shows up empty.
 *
 * The locations are read from the release's rendered z2jh values (chart jupyterhub 4.4.0): the
 * home volume's `singleuser.storage.static` claim and `subPath` (or the dynamic claim name
 * template), every `subPath` on that volume (shared directories, also inside the hub's
 * `extraConfig` where hubnet mounts them per group), and `hub.db.url` with the claim of the hub's
 * database volume.
 */
import type { PlannedRow } from "./planned-row";

export interface DataLocation {
  /** What is found there, for the message: "every user's home". */
  what: string;
  /** Where, as the values say it. */
  where: string;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Whether a row is a JupyterHub release (the z2jh chart). */
export const isHubRelease = (r: PlannedRow) =>
  r.type === "kubernetes:helm.sh/v3:Release" && r.inputs.chart === "jupyterhub";

/** Every place a hub's release keeps its users' data, keyed by what it is. */
export function dataLocations(row: PlannedRow): Map<string, DataLocation> {
  const out = new Map<string, DataLocation>();
  const values = obj(row.inputs.values);
  const storage = obj(obj(values.singleuser).storage);
  const type = storage.type;
  if (type === "static") {
    const st = obj(storage.static);
    out.set("homes", {
      what: "every user's home",
      where: `claim ${String(st.pvcName)}, sub-path ${String(st.subPath ?? "(none)")}`,
    });
  } else if (type === "dynamic") {
    const dyn = obj(storage.dynamic);
    out.set("homes", {
      what: "every user's home",
      where: `claims ${String(dyn.pvcNameTemplate ?? "claim-{username}{servername}")}`,
    });
  }
  const subPaths = new Set<string>();
  const homeSub = type === "static" ? String(obj(storage.static).subPath ?? "") : "";
  for (const m of list(storage.extraVolumeMounts)) {
    const sub = obj(m).subPath;
    if (typeof sub === "string") subPaths.add(sub);
  }
  const hub = obj(values.hub);
  for (const snippet of Object.values(obj(hub.extraConfig))) {
    if (typeof snippet !== "string") continue;
    for (const m of snippet.matchAll(/\\*"subPath\\*"\s*:\s*\\*"([^"\\]+)/g)) subPaths.add(m[1]);
  }
  for (const sub of [...subPaths].sort()) {
    if (sub === homeSub) continue;
    out.set(`shared:${sub}`, { what: "a shared directory", where: `sub-path ${sub}` });
  }
  const db = obj(hub.db);
  if (db.url !== undefined || db.type !== undefined) {
    const claims = list(hub.extraVolumes)
      .map((v) => obj(obj(v).persistentVolumeClaim).claimName)
      .filter((c) => typeof c === "string");
    out.set("hub-db", {
      what: "the hub database (users, tokens, named servers, sharing)",
      where:
        `${String(db.type)} ${String(db.url ?? "")}${claims.length ? ` on claim ${claims.join(", ")}` : ""}`.trim(),
    });
  }
  return out;
}

/** The data locations of `before` that `after` no longer looks at: data hidden by the change. */
export function hiddenLocations(before: PlannedRow, after: PlannedRow): (DataLocation & { now?: string })[] {
  const was = dataLocations(before);
  const now = dataLocations(after);
  const out: (DataLocation & { now?: string })[] = [];
  for (const [key, loc] of was) {
    const n = now.get(key);
    if (!n) out.push(loc);
    else if (n.where !== loc.where) out.push({ ...loc, now: n.where });
  }
  return out;
}
