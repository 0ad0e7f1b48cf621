import { describe, expect, it } from "vitest";
import { ACCEPTED_BYTE_SUFFIXES, parseBytes, parseCpu, parseDuration } from "../src";

describe("parseBytes", () => {
  it.each([
    ["4G", 4e9, "4G"],
    ["512Mi", 512 * 2 ** 20, "512Mi"],
    ["100Gi", 100 * 2 ** 30, "100Gi"],
    ["1.5Gi", 1.5 * 2 ** 30, "1.5Gi"],
    ["2Ti", 2 * 2 ** 40, "2Ti"],
    ["500M", 5e8, "500M"],
  ])("%s is %d bytes", (input, bytes, text) => {
    expect(parseBytes(input)).toEqual({ ok: true, value: { bytes, text } });
  });

  it("rejects 4GB, naming the accepted spellings", () => {
    const r = parseBytes("4GB");
    expect(r).toEqual({
      ok: false,
      message: `"4GB" uses an ambiguous or unknown unit "GB": write 4G or 4Gi (accepted units: ${ACCEPTED_BYTE_SUFFIXES})`,
    });
  });

  it.each([
    ["4gb", "write 4G or 4Gi"],
    ["4GiB", "write 4Gi"],
    ["4g", "write 4G or 4Gi"],
  ])("rejects %s with a suggestion", (input, hint) => {
    const r = parseBytes(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain(hint);
  });

  it("rejects a bare number, a missing unit, zero and text", () => {
    expect(parseBytes(4)).toEqual({
      ok: false,
      message: `a bare number (4) is ambiguous: add a unit, for example 4G or 4Gi (${ACCEPTED_BYTE_SUFFIXES})`,
    });
    expect(parseBytes("4")).toMatchObject({ ok: false, message: expect.stringContaining("has no unit") });
    expect(parseBytes("0Gi")).toEqual({ ok: false, message: '"0Gi" must be larger than zero' });
    expect(parseBytes("lots")).toMatchObject({
      ok: false,
      message: expect.stringContaining("is not a size"),
    });
    expect(parseBytes(null)).toEqual({ ok: false, message: "expected a size such as 4G or 512Mi" });
  });
});

describe("parseCpu", () => {
  it.each([
    [0.5, 0.5, "0.5"],
    ["0.5", 0.5, "0.5"],
    [2, 2, "2"],
    ["500m", 0.5, "500m"],
    ["250m", 0.25, "250m"],
  ])("%s is %d cores", (input, cores, text) => {
    expect(parseCpu(input)).toEqual({ ok: true, value: { cores, text } });
  });

  it.each([["0m"], [0], [-1], ["2 cores"], ["1.5m"], [null]])("rejects %s", (input) => {
    expect(parseCpu(input).ok).toBe(false);
  });

  it("says how to write cpu", () => {
    expect(parseCpu("2 cores")).toEqual({
      ok: false,
      message: '"2 cores" is not a cpu amount: write cores (2, 0.5) or millicores (500m)',
    });
  });
});

describe("parseDuration", () => {
  it("accepts 30m, 1h, 2d and seconds", () => {
    expect(parseDuration("30m")).toEqual({ ok: true, value: { seconds: 1800, text: "30m" } });
    expect(parseDuration("2d")).toEqual({ ok: true, value: { seconds: 172800, text: "2d" } });
    expect(parseDuration(90)).toEqual({ ok: true, value: { seconds: 90, text: "90s" } });
  });
  it("rejects 1 hour", () => {
    expect(parseDuration("1 hour").ok).toBe(false);
  });
});
