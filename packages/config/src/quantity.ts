/**
 * Resource quantities as people write them in config files.
 *
 * Memory and storage use Kubernetes spellings: binary suffixes `Ki Mi Gi Ti Pi`
 * and decimal suffixes `k M G T P` (so `4G` is 4 * 10^9 bytes and `4Gi` is
 * 4 * 2^30 bytes). Spellings such as `4GB`, `4gb` or `4GiB` are ambiguous (is
 * `GB` 10^9 or 2^30?) and are rejected with the accepted spellings named.
 * CPU is a number of cores (`2`, `0.5`) or millicores (`500m`).
 */

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50 };
const DECIMAL: Record<string, number> = { k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15 };

export const ACCEPTED_BYTE_SUFFIXES = "Ki, Mi, Gi, Ti (powers of 1024) or k, M, G, T (powers of 1000)";

export type ParseResult<T> = { ok: true; value: T } | { ok: false; message: string };

/** A parsed byte quantity: its exact size and the canonical spelling. */
export interface ByteQuantity {
  bytes: number;
  /** Canonical Kubernetes spelling, e.g. `4G`, `512Mi`. */
  text: string;
}

const BYTES_RE = /^([0-9]+(?:\.[0-9]+)?)\s*([A-Za-z]*)$/;

export function parseBytes(input: unknown): ParseResult<ByteQuantity> {
  if (typeof input === "number") {
    if (!Number.isFinite(input) || input < 0)
      return { ok: false, message: `expected a size such as 4G or 512Mi` };
    return { ok: false, message: bareNumberHint(input) };
  }
  if (typeof input !== "string") return { ok: false, message: "expected a size such as 4G or 512Mi" };
  const m = BYTES_RE.exec(input.trim());
  if (!m) {
    return {
      ok: false,
      message: `"${input}" is not a size: write a number and a unit, for example 4G or 512Mi`,
    };
  }
  const [, num, unit] = m;
  const n = Number(num);
  const factor = BINARY[unit] ?? DECIMAL[unit];
  if (factor === undefined) {
    const suggestion = suggestUnit(num, unit);
    return {
      ok: false,
      message:
        unit === ""
          ? bareNumberHint(n, `"${input}" has no unit`)
          : `"${input}" uses an ambiguous or unknown unit "${unit}"${suggestion ? `: write ${suggestion}` : ""} (accepted units: ${ACCEPTED_BYTE_SUFFIXES})`,
    };
  }
  const bytes = n * factor;
  if (!Number.isFinite(bytes) || bytes <= 0)
    return { ok: false, message: `"${input}" must be larger than zero` };
  return { ok: true, value: { bytes, text: `${trimNumber(n)}${unit}` } };
}

/**
 * The hint for a size written without a unit. A small number is most likely gigabytes; a large one is
 * a byte count, so the hint gives the same size in G and Gi rather than appending a unit to it.
 */
function bareNumberHint(n: number, what = `a bare number (${n}) is ambiguous`): string {
  if (n >= 1e6) {
    const unit =
      n >= 1e9 ? { d: "G", b: "Gi", dv: 1e9, bv: 2 ** 30 } : { d: "M", b: "Mi", dv: 1e6, bv: 2 ** 20 };
    return `${what}: ${n} bytes is ${trimNumber(round3(n / unit.dv))}${unit.d} (${trimNumber(round3(n / unit.bv))}${unit.b}); write it with a unit, for example ${trimNumber(round3(n / unit.dv))}${unit.d} (${ACCEPTED_BYTE_SUFFIXES})`;
  }
  return `${what}: add a unit, for example ${trimNumber(n)}G or ${trimNumber(n)}Gi (${ACCEPTED_BYTE_SUFFIXES})`;
}

function round3(v: number) {
  return Math.round(v * 1000) / 1000;
}

/** Whether a size was written in binary units (Ki, Mi, Gi, …), so messages about it use them too. */
export function isBinary(q: ByteQuantity): boolean {
  return /i$/.test(q.text);
}

/** A size in gigabytes (G) or gibibytes (Gi), so one message states every size in the same unit. */
export function formatSize(bytes: number, binary: boolean): string {
  const v = bytes / (binary ? 2 ** 30 : 1e9);
  return `${Math.floor(v * 10) / 10}${binary ? "Gi" : "G"}`;
}

function suggestUnit(num: string, unit: string): string | undefined {
  const u = unit.toLowerCase();
  const table: Record<string, string[]> = {
    kb: ["k", "Ki"],
    kib: ["Ki"],
    mb: ["M", "Mi"],
    mib: ["Mi"],
    gb: ["G", "Gi"],
    gib: ["Gi"],
    tb: ["T", "Ti"],
    tib: ["Ti"],
    g: ["G", "Gi"],
    m: ["M", "Mi"],
    t: ["T", "Ti"],
    ki: ["Ki"],
    mi: ["Mi"],
    gi: ["Gi"],
    ti: ["Ti"],
  };
  const options = table[u];
  if (!options) return undefined;
  return options.map((o) => `${num}${o}`).join(" or ");
}

function trimNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toFixed(6)));
}

/** Parsed CPU quantity in cores. */
export interface CpuQuantity {
  cores: number;
  text: string;
}

export function parseCpu(input: unknown): ParseResult<CpuQuantity> {
  if (typeof input === "number") {
    if (!Number.isFinite(input) || input <= 0)
      return { ok: false, message: "cpu must be a positive number of cores" };
    return { ok: true, value: { cores: input, text: trimNumber(input) } };
  }
  if (typeof input === "string") {
    const s = input.trim();
    const milli = /^([0-9]+)m$/.exec(s);
    if (milli) {
      const cores = Number(milli[1]) / 1000;
      if (cores <= 0) return { ok: false, message: "cpu must be larger than zero" };
      return { ok: true, value: { cores, text: s } };
    }
    if (/^[0-9]+(\.[0-9]+)?$/.test(s) && Number(s) > 0) {
      return { ok: true, value: { cores: Number(s), text: trimNumber(Number(s)) } };
    }
  }
  return {
    ok: false,
    message: `${JSON.stringify(input)} is not a cpu amount: write cores (2, 0.5) or millicores (500m)`,
  };
}

export const GIB = 2 ** 30;

/** Durations such as `30m`, `1h`, `8h`, `2d`, or a number of seconds. */
export function parseDuration(input: unknown): ParseResult<{ seconds: number; text: string }> {
  if (typeof input === "number" && Number.isInteger(input) && input > 0) {
    return { ok: true, value: { seconds: input, text: `${input}s` } };
  }
  if (typeof input === "string") {
    const m = /^([0-9]+)(s|m|h|d)$/.exec(input.trim());
    if (m) {
      const mult = { s: 1, m: 60, h: 3600, d: 86400 }[m[2] as "s" | "m" | "h" | "d"];
      const seconds = Number(m[1]) * mult;
      if (seconds > 0) return { ok: true, value: { seconds, text: input.trim() } };
    }
  }
  return {
    ok: false,
    message: `${JSON.stringify(input)} is not a duration: write a whole number with s, m, h or d, for example 30m, 1h or 2d`,
  };
}
