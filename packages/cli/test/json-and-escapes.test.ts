/**
 * `--json` prints exactly one JSON document on stdout, whatever happens (usage errors included),
 * and human output never passes a control character through: hubnet's own colours are the only
 * escape sequences it writes, and a value from a file cannot forge one.
 */
import { describe, expect, it } from "vitest";
import { Output, safeJson } from "../src/output";
import { hubnet } from "./run";

describe("--json: one JSON document on stdout, failures included", () => {
  it.each([
    [["--json"], "no command given"],
    [["--json", "frobnicate"], "unknown command 'frobnicate'"],
    [["validate", "--json", "--bogus"], "unknown option '--bogus'"],
    [["validate", "--json", "--root", "/nonexistent/hubnet"], "--root /nonexistent/hubnet: no such folder"],
    [["plan", "--json"], "name at least one community, or use --all"],
    [["plan", "--json", "../../etc"], "is not a community name"],
    [["new", "--json", "x", "--cluster", "a/b"], "is not a cluster name"],
  ])("hubnet %j: exit 2 and {ok: false, problems: [{message}]}", async (args, says) => {
    const r = await hubnet(args);
    expect(r.code).toBe(2);
    const doc = JSON.parse(r.stdout) as { ok: boolean; problems: Record<string, unknown>[] };
    expect(doc.ok).toBe(false);
    expect(doc.problems).toHaveLength(1);
    expect(doc.problems[0]).toMatchObject({ file: null, line: null, column: null, path: null });
    expect(String(doc.problems[0].message)).toContain(says);
  });

  it("without --json a usage error prints nothing on stdout", async () => {
    const r = await hubnet(["frobnicate"]);
    expect(r).toMatchObject({ code: 2, stdout: "" });
  });
});

describe("printing values from files", () => {
  const capture = (color: boolean) => {
    let text = "";
    const stream = { isTTY: true, write: (s: string) => (text += s) };
    const out = new Output({ out: stream, err: stream, color });
    return { out, text: () => text };
  };

  it("escapes every control character, and only hubnet's own colours are escape sequences", () => {
    const prev = process.env.FORCE_COLOR;
    process.env.FORCE_COLOR = "1";
    try {
      const { out, text } = capture(true);
      const forged = "\u001b[31mred\u001b]0;title\u0007\u202eevil";
      out.line(`${out.style.red("ok")} ${forged}`);
      expect(text()).toBe("\u001b[31mok\u001b[39m \\u001b[31mred\\u001b]0;title\\u0007\\u202eevil\n");
      // A marker that imitates hubnet's own (without its random token) stays text.
      const { out: again, text: text2 } = capture(true);
      again.line("\uE000deadbeef:31\uE000x");
      expect(text2()).not.toContain("\u001b");
    } finally {
      if (prev === undefined) delete process.env.FORCE_COLOR;
      else process.env.FORCE_COLOR = prev;
    }
  });

  it("problems print their file, path and message escaped, one line each", () => {
    const { out, text } = capture(false);
    out.problems([
      { file: "/r/f.yaml", line: 2, col: 1, path: "a\u001b[2Jb", message: 'unknown field "a\u001b[2Jb"\nx' },
    ]);
    expect(text()).toMatch(/: a\\u001b\[2Jb: unknown field "a\\u001b\[2Jb"\\nx\n$/);
    expect(text().split("\n")).toHaveLength(2);
  });

  it("JSON escapes the characters JSON.stringify leaves raw, keeping the same value", () => {
    const value = { s: "\u0085\u009b\u202e\u2028\u007f" };
    const text = safeJson(value);
    expect(text).not.toMatch(/[\u007f-\u009f\u2028\u202e]/);
    expect(JSON.parse(text)).toEqual(value);
  });
});
