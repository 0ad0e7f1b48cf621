/**
 * The usage file `hubnet usage --out` writes (its JSON report) and `hubnet catalog --usage` reads:
 * the one reader of that format, next to its writer, checking what it shows (a file handed to the
 * catalog is as untrusted as any other input).
 */
import * as fs from "node:fs";
import type { UsageView } from "@hubnet/catalog";
import { z } from "zod";

/** The largest usage file read: a network of thousands of communities is a few megabytes. */
export const MAX_USAGE_BYTES = 16 * 1024 * 1024;

const n = z.number().finite().nonnegative();
const figures = {
  activeUsers: n,
  serverHours: n,
  peakServers: n,
  gpuHours: n,
  daily: z.array(n).max(31),
  estimatedUsd: n.optional(),
};

const UsageFile = z.object({
  month: z.object({ name: z.string().regex(/^\d{4}-\d{2}$/) }),
  communities: z
    .array(
      z.object({
        community: z.string().regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/),
        ...figures,
        budgetUsd: n.optional(),
        missing: z.array(z.string().max(63)).max(100),
      }),
    )
    .max(100_000),
  network: z.object(figures),
  assumptions: z.array(z.string().max(1000)).max(20),
});

export class UsageFileError extends Error {}

export function readUsageFile(file: string): UsageView {
  let text: string;
  try {
    const st = fs.lstatSync(file);
    if (!st.isFile()) throw new UsageFileError(`${file}: not a regular file`);
    if (st.size > MAX_USAGE_BYTES) throw new UsageFileError(`${file}: larger than ${MAX_USAGE_BYTES} bytes`);
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    if (e instanceof UsageFileError) throw e;
    throw new UsageFileError(
      `${file}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "does not exist" : (e as Error).message}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UsageFileError(`${file}: not JSON (write it with \`hubnet usage --out ${file}\`)`);
  }
  const parsed = UsageFile.safeParse(json);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new UsageFileError(
      `${file}: ${i?.path.join(".") || "(top)"}: ${i?.message} (write it with \`hubnet usage --out\`)`,
    );
  }
  const u = parsed.data;
  return { month: u.month.name, communities: u.communities, network: u.network, assumptions: u.assumptions };
}
