/**
 * The Filestore backup workflow, run step by step against a fake Filestore API that answers as the v1
 * API reference says `backups.list` does: `orderBy` takes `name` or `name desc` only (anything else is
 * INVALID_ARGUMENT), `filter` selects by label, and an answer holds at most a page, with a
 * `nextPageToken` while more remain. The workflow must keep the newest backups of its label and delete
 * the rest, whatever the paging, and never touch another backup.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { backupWorkflow } from "../src/gcp/filestore-backups";

type Json = any;
interface Backup {
  name: string;
  labels: Record<string, string>;
}
const FIXTURE = JSON.parse(
  fs.readFileSync(path.join(__dirname, "fixtures", "filestore-backups.json"), "utf8"),
);
/** `backups.list`'s `orderBy` (Filestore API v1 reference): "name", "name desc", or unsorted. */
const SUPPORTED_ORDER = ["", "name", "name desc"];

/** A fake file.googleapis.com: backups.list (filtered, ordered, paged), operations.get, backups.create/delete. */
function fakeFilestore(initial: Backup[], pageSize: number) {
  const backups = [...initial];
  const deleted: string[] = [];
  const created: string[] = [];
  return {
    deleted,
    created,
    call(fn: string, args: Json): Json {
      const url = new URL(String(args.url));
      if (fn === "http.get" && url.pathname.endsWith("/backups")) {
        const q = args.query ?? {};
        const order = String(q.orderBy ?? "");
        if (!SUPPORTED_ORDER.includes(order))
          throw new Error(`HTTP 400 INVALID_ARGUMENT: orderBy "${order}" is not supported`);
        const m = /^labels\.([a-z_]+)="([^"]*)"$/.exec(String(q.filter ?? ""));
        let list = backups.filter((b) => !m || b.labels[m[1]] === m[2]);
        if (order)
          list = [...list].sort((a, b) => a.name.localeCompare(b.name) * (order.endsWith("desc") ? -1 : 1));
        const start = q.pageToken ? Number(q.pageToken) : 0;
        const page = list.slice(start, start + Math.min(pageSize, Number(q.pageSize ?? pageSize)));
        const next = start + page.length < list.length ? String(start + page.length) : undefined;
        return { body: { backups: page, ...(next ? { nextPageToken: next } : {}) } };
      }
      if (fn === "http.get") return { body: { name: url.pathname, done: true } };
      if (fn === "http.post") {
        const name = `projects/123456789/locations/r1/backups/${url.searchParams.get("backupId")}`;
        created.push(name);
        backups.push({ name, labels: args.body.labels });
        return { body: { name: "projects/123456789/locations/r1/operations/op-1" } };
      }
      if (fn === "http.delete") {
        const name = url.pathname.replace(/^\/v1\//, "");
        deleted.push(name);
        return { body: {} };
      }
      throw new Error(`unexpected call ${fn}`);
    },
  };
}

/** Evaluates a Workflows expression (`${...}`) of the subset the backup workflow uses. */
function evaluate(value: unknown, vars: Record<string, unknown>): unknown {
  if (Array.isArray(value)) return value.map((v) => evaluate(v, vars));
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, evaluate(v, vars)]));
  if (typeof value !== "string" || !value.startsWith("${") || !value.endsWith("}")) return value;
  const js = value
    .slice(2, -1)
    .replace(/\bdefault\(/g, "_default(")
    .replace(/\band\b/g, "&&")
    .replace(/\bor\b/g, "||");
  const lib = {
    not: (x: unknown) => !x,
    _default: (x: unknown, d: unknown) => (x === undefined || x === null ? d : x),
    map: { get: (m: Record<string, unknown>, k: string) => m?.[k] },
    list: { concat: (l: unknown[], v: unknown) => [...l, v] },
    string: (x: unknown) => String(x),
    int: (x: unknown) => Math.trunc(Number(x)),
    sys: { now: () => 1790604800 },
  };
  const scope = { ...lib, ...vars };
  return new Function(...Object.keys(scope), `return (${js});`)(...Object.values(scope));
}

/** Runs `steps` (a Workflows step list) with `vars`, calling `api` for http.* calls. */
function run(
  steps: Json[],
  vars: Record<string, unknown>,
  api: ReturnType<typeof fakeFilestore>,
  budget = { n: 0 },
) {
  const names = steps.map((s) => Object.keys(s)[0]);
  let at = 0;
  while (at < steps.length) {
    if (++budget.n > 10_000) throw new Error("the workflow does not end");
    const [name, body] = Object.entries(steps[at])[0] as [string, Json];
    let next: string | undefined = body.next;
    if (body.assign)
      for (const a of body.assign) for (const [k, v] of Object.entries(a)) vars[k] = evaluate(v, vars);
    if (body.call) {
      const result = body.call === "sys.sleep" ? null : api.call(body.call, evaluate(body.args, vars));
      if (body.result) vars[body.result] = result;
    }
    if (body.switch) {
      for (const c of body.switch) {
        if (!evaluate(c.condition, vars)) continue;
        if (c.assign)
          for (const a of c.assign) for (const [k, v] of Object.entries(a)) vars[k] = evaluate(v, vars);
        if (c.steps) run(c.steps, vars, api, budget);
        if (c.next) next = c.next;
        break;
      }
    }
    if (body.for) {
      const items = evaluate(body.for.in, vars) as unknown[];
      items.forEach((item, i) => {
        vars[body.for.value] = item;
        if (body.for.index) vars[body.for.index] = i;
        run(body.for.steps, vars, api, budget);
      });
    }
    if (next === "end") return;
    at = next ? names.indexOf(next) : at + 1;
    if (at < 0) throw new Error(`step ${name}: no step ${next}`);
  }
}

const workflow = (keep: number) =>
  parse(
    backupWorkflow({
      cluster: "c1",
      project: "p1",
      region: "r1",
      instance: "projects/p1/locations/r1-b/instances/c1-home",
      share: "homes",
      keep,
    }),
  ).main.steps as Json[];

describe("the Filestore backup workflow against the API's list semantics", () => {
  for (const pageSize of [2, 3, 100]) {
    it(`keeps the newest backups of its label and deletes the rest (pages of ${pageSize})`, () => {
      const api = fakeFilestore(FIXTURE.backups, pageSize);
      run(workflow(3), {}, api);
      expect(api.created).toHaveLength(1);
      const ours = [
        ...FIXTURE.backups.map((b: Backup) => b),
        { name: api.created[0], labels: { hubnet_backup: "c1-home" } },
      ]
        .filter((b: Backup) => b.labels.hubnet_backup === "c1-home")
        .map((b: Backup) => b.name)
        .sort()
        .reverse();
      expect(api.deleted.sort()).toEqual(ours.slice(3).sort());
      expect(api.deleted).not.toContain(api.created[0]);
      expect(api.deleted.some((n) => n.endsWith("manual-before-upgrade"))).toBe(false);
    });
  }

  it("deletes nothing while there are no more backups than it keeps", () => {
    const api = fakeFilestore(FIXTURE.backups.slice(0, 2), 2);
    run(workflow(14), {}, api);
    expect(api.deleted).toEqual([]);
  });
});
