/**
 * Resource quantities as people write them in config files.
 *
 * Memory and storage use Kubernetes spellings: binary suffixes `Ki Mi Gi Ti Pi`
 * and decimal suffixes `k M G T P` (so `4G` is 4 * 10^9 bytes and `4Gi` is
 * 4 * 2^30 bytes). Spellings such as `4GB`, `4gb` or `4GiB` are ambiguous (is
 * `GB` 10^9 or 2^30?) and are rejected with the accepted spellings named.
 * CPU is a number of cores (`2`, `0.5`) or millicores (`500m`).
 *
 * Every quantity is checked after it is normalised (exact decimal arithmetic, no floating-point
 * rounding): nothing rounds to zero or to a spelling that means something else, nothing overflows
 * into exponent notation, and each has a stated upper bound (MAX_BYTES, MAX_CPU_CORES,
 * MAX_DURATION_SECONDS). The schemas use these through schema/common.ts, so every field of a
 * quantity gets the same checks.
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

/** Smallest size accepted: 1Mi (no container runs in less; anything smaller is a mistake of unit). */
export const MIN_BYTES = 2 ** 20;
/** Largest size accepted: 8Pi (2^53 bytes, the largest whole number a size is exact in). */
export const MAX_BYTES = 2 ** 53;
/** Most CPU cores accepted: 1024 (more than the largest machine of any cloud). */
export const MAX_CPU_CORES = 1024;
/** Longest duration accepted: 365d (one year). */
export const MAX_DURATION_SECONDS = 365 * 86400;

/** A decimal number as written (`"1.50"`) as an exact fraction: digits / 10^scale. */
function decimal(num: string): { digits: bigint; scale: bigint } {
  const [int, frac = ""] = num.split(".");
  return { digits: BigInt(int + frac), scale: 10n ** BigInt(frac.length) };
}

/** A decimal number in its shortest spelling: `007.50` → `7.5`. */
function canonicalNumber(num: string): string {
  const [int, frac = ""] = num.split(".");
  const i = int.replace(/^0+(?=\d)/, "");
  const f = frac.replace(/0+$/, "");
  return f ? `${i}.${f}` : i;
}

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
  const factor = BINARY[unit] ?? DECIMAL[unit];
  if (factor === undefined) {
    const suggestion = suggestUnit(num, unit);
    return {
      ok: false,
      message:
        unit === ""
          ? bareNumberHint(Number(num), `"${input}" has no unit`)
          : `"${input}" uses an ambiguous or unknown unit "${unit}"${suggestion ? `: write ${suggestion}` : ""} (accepted units: ${ACCEPTED_BYTE_SUFFIXES})`,
    };
  }
  // Exact: bytes = digits * factor / 10^scale, in whole numbers.
  const { digits, scale } = decimal(num);
  const scaled = digits * BigInt(factor);
  if (scaled === 0n) return { ok: false, message: `"${input}" must be larger than zero` };
  if (scaled % scale !== 0n)
    return {
      ok: false,
      message: `"${input}" is not a whole number of bytes: use fewer decimals or a smaller unit`,
    };
  const whole = scaled / scale;
  if (whole < BigInt(MIN_BYTES))
    return {
      ok: false,
      message: `"${input}" is too small: a size is at least 1Mi (1048576 bytes); check the unit`,
    };
  if (whole > BigInt(MAX_BYTES))
    return { ok: false, message: `"${input}" is too large: a size is at most 8Pi` };
  return { ok: true, value: { bytes: Number(whole), text: `${canonicalNumber(num)}${unit}` } };
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

/** A number in its shortest spelling, without exponent notation for the sizes hints show. */
function trimNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toFixed(6)));
}

/** Whether a size was written in binary units (Ki, Mi, Gi, …), so messages about it use them too. */
export function isBinary(q: ByteQuantity): boolean {
  return /i$/.test(q.text);
}

/** A size in gigabytes (G) or gibibytes (Gi), so one message states every size in the same unit. */
export function formatSizeIn(bytes: number, binary: boolean): string {
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

/** Parsed CPU quantity in cores. */
export interface CpuQuantity {
  cores: number;
  text: string;
}

export function parseCpu(input: unknown): ParseResult<CpuQuantity> {
  const notCpu = {
    ok: false as const,
    message: `${JSON.stringify(input)} is not a cpu amount: write cores (2, 0.5) or millicores (500m)`,
  };
  let millicores: bigint;
  let text: string;
  if (typeof input === "number") {
    if (!Number.isFinite(input) || input <= 0)
      return { ok: false, message: "cpu must be a positive number of cores" };
    // The number as YAML wrote it; exponent spellings (1e-7, 1e+21) are never a sane amount.
    const written = String(input);
    if (!/^[0-9]+(\.[0-9]+)?$/.test(written)) return cpuOutOfRange(written, input < 1);
    const r = coresToMillicores(written);
    if (!r) return finerThanMilli(written);
    millicores = r;
    text = canonicalNumber(written);
  } else if (typeof input === "string") {
    const s = input.trim();
    const milli = /^([0-9]+)m$/.exec(s);
    if (milli) {
      millicores = BigInt(milli[1]);
      text = `${millicores}m`;
    } else if (/^[0-9]+(\.[0-9]+)?$/.test(s)) {
      const r = coresToMillicores(s);
      if (!r) return finerThanMilli(s);
      millicores = r;
      text = canonicalNumber(s);
    } else return notCpu;
  } else return notCpu;
  if (millicores === 0n) return { ok: false, message: "cpu must be larger than zero" };
  if (millicores > BigInt(MAX_CPU_CORES * 1000)) return cpuOutOfRange(text, false);
  return { ok: true, value: { cores: Number(millicores) / 1000, text } };
}

/** Cores written as a decimal (`0.25`) in whole millicores, or undefined when finer than 1m. */
function coresToMillicores(num: string): bigint | undefined {
  const { digits, scale } = decimal(num);
  const milli = digits * 1000n;
  return milli % scale === 0n ? milli / scale : undefined;
}

function finerThanMilli(written: string): ParseResult<CpuQuantity> {
  return {
    ok: false,
    message: `cpu ${written} is finer than 1m (a thousandth of a core), the smallest amount Kubernetes schedules: write at least 1m, in whole millicores`,
  };
}

function cpuOutOfRange(written: string, small: boolean): ParseResult<CpuQuantity> {
  return small
    ? finerThanMilli(written)
    : { ok: false, message: `cpu ${written} is too large: at most ${MAX_CPU_CORES} cores` };
}

export const GIB = 2 ** 30;

/** Durations such as `30m`, `1h`, `8h`, `2d`, or a whole number of seconds; at most MAX_DURATION_SECONDS. */
export function parseDuration(input: unknown): ParseResult<{ seconds: number; text: string }> {
  const tooLong = (written: string) => ({
    ok: false as const,
    message: `${JSON.stringify(written)} is too long: a duration is at most 365d (one year)`,
  });
  if (typeof input === "number" && Number.isInteger(input) && input > 0) {
    if (input > MAX_DURATION_SECONDS) return tooLong(String(input));
    return { ok: true, value: { seconds: input, text: `${input}s` } };
  }
  if (typeof input === "string") {
    const m = /^([0-9]+)(s|m|h|d)$/.exec(input.trim());
    if (m) {
      const mult = { s: 1n, m: 60n, h: 3600n, d: 86400n }[m[2] as "s" | "m" | "h" | "d"];
      const seconds = BigInt(m[1]) * mult;
      if (seconds > BigInt(MAX_DURATION_SECONDS)) return tooLong(input.trim());
      if (seconds > 0n)
        return { ok: true, value: { seconds: Number(seconds), text: `${canonicalNumber(m[1])}${m[2]}` } };
    }
  }
  return {
    ok: false,
    message: `${JSON.stringify(input)} is not a duration: write a whole number with s, m, h or d, for example 30m, 1h or 2d`,
  };
}
