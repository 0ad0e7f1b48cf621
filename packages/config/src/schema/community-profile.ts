/**
 * `profiles` of a community file: the machine choices users pick from when they start a server,
 * with burstable sizes, node shares, images, spot capacity and profiles for some groups only.
 */
import { z } from "zod";
import { type ByteQuantity, type CpuQuantity, type ParseResult, parseBytes, parseCpu } from "../quantity";
import { dnsLabel, isDotSegment } from "./common";

/** A resource's guarantee (what the scheduler packs by) and limit (what a server may burst to). */
export interface Resource<Q> {
  guarantee: Q;
  limit: Q;
}

/**
 * One quantity (guarantee equals limit) or `{ guarantee, limit }`, with the guarantee at most the limit.
 * Parsed by hand rather than as a zod union, so that a mistyped quantity keeps the parser's message
 * ("4GB" names the accepted units) instead of a union's "not valid here".
 */
function resource<Q extends { text: string }>(
  parse: (v: unknown) => ParseResult<Q>,
  size: (q: Q) => number,
  what: string,
  example: string | number,
) {
  const scalar = z.union([z.string(), z.number()]);
  return z
    .union([scalar, z.record(z.string(), z.unknown())])
    .transform((v, ctx): Resource<Q> => {
      const one = (x: unknown, path: string[]): Q | undefined => {
        const r = parse(x);
        if (r.ok) return r.value;
        ctx.addIssue({ code: "custom", message: r.message, path });
        return undefined;
      };
      if (typeof v !== "object") {
        const q = one(v, []);
        return q ? { guarantee: q, limit: q } : z.NEVER;
      }
      const extra = Object.keys(v).filter((k) => k !== "guarantee" && k !== "limit");
      if (extra.length > 0) ctx.addIssue({ code: "unrecognized_keys", keys: extra, message: "" });
      for (const k of ["guarantee", "limit"])
        if (!(k in v)) ctx.addIssue({ code: "invalid_type", expected: "string", path: [k], message: "" });
      if (extra.length > 0 || !("guarantee" in v) || !("limit" in v)) return z.NEVER;
      const guarantee = one(v.guarantee, ["guarantee"]);
      const limit = one(v.limit, ["limit"]);
      if (!guarantee || !limit) return z.NEVER;
      if (size(guarantee) > size(limit)) {
        ctx.addIssue({
          code: "custom",
          path: ["guarantee"],
          message: `the guarantee (${guarantee.text}) is above the limit (${limit.text}): make the guarantee at most the limit`,
        });
        return z.NEVER;
      }
      return { guarantee, limit };
    })
    .meta({
      anyOf: [
        { type: typeof example === "number" ? ["number", "string"] : "string" },
        {
          type: "object",
          additionalProperties: false,
          required: ["guarantee", "limit"],
          properties: {
            guarantee: { description: `${what} reserved for each server (the scheduler packs nodes by it).` },
            limit: { description: `${what} each server may use at most.` },
          },
        },
      ],
      examples: [example, { guarantee: example, limit: example }],
    });
}

export const cpuResource = resource<CpuQuantity>(parseCpu, (q) => q.cores, "CPU", 2).describe(
  "CPU cores of each server: one amount (guaranteed and the limit), or `{ guarantee, limit }`, e.g. 2, 500m.",
);
export const memoryResource = resource<ByteQuantity>(parseBytes, (q) => q.bytes, "Memory", "4G").describe(
  "Memory of each server: one size (guaranteed and the limit), or `{ guarantee, limit }`, e.g. 4G, 512Mi.",
);

/**
 * The paths users land on: JupyterLab, the classic tree, RStudio or a desktop, or any other path of
 * the server (no scheme, no host, no `..`).
 */
export const landingPath = z
  .string()
  .regex(/^\/(?!\/)[A-Za-z0-9._~!$&'()*+,;=:@%/-]*$/, {
    message: "must be a path on the user's server such as /lab, /tree, /rstudio or /desktop",
  })
  .refine((p) => !p.split("/").includes(".."), { message: "must not contain .." })
  // Checked as the browser reads it: `%2e%2e` is `..` (WHATWG URL), so `/%2e%2e/hub/admin` is refused too.
  .refine((p) => p.split("/").includes("..") || !p.split(/[?#]/)[0].split("/").some(isDotSegment), {
    message:
      "must not contain . or .. segments, also written %2e or %2e%2e (browsers read them as . and ..): write the path they lead to",
  })
  .refine((p) => !/%(2f|5c|[01][0-9a-f]|7f)/i.test(p), {
    message: "must not hold an encoded /, \\ or control character (%2f, %5c, %00): write the path plainly",
  })
  .describe("Where users land when their server starts: /lab, /tree, /rstudio, /desktop or another path.");

/** Image names: registry, path and a tag (not `latest`), as `otherImage` accepts them. */
export const IMAGE_NAME_PATTERN =
  "[a-z0-9]+(?:[._\\-/][a-z0-9]+)*(?::[0-9]+)?(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)*";
export const IMAGE_TAG_PATTERN = "(?!latest$)[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}";
/** What a user may type as another image: `name:tag`, the tag pinned (anchored; Python and JavaScript read it alike). */
export const OTHER_IMAGE_REGEX = `^${IMAGE_NAME_PATTERN}:${IMAGE_TAG_PATTERN}$`;

export const ImageRef = z
  .strictObject({
    name: z
      .string()
      .regex(new RegExp(`^${IMAGE_NAME_PATTERN}$`), {
        message: "must be an image name such as quay.io/jupyter/scipy-notebook (no tag)",
      })
      .describe("Image name without tag."),
    tag: z
      .union([z.string(), z.number()])
      .transform((v) => String(v))
      .pipe(
        z
          .string()
          .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, { message: "must be an image tag" })
          .refine((t) => t !== "latest", {
            message: "pin a tag: `latest` changes under users without review",
          }),
      )
      .describe("Image tag. Pin one; `latest` is refused."),
  })
  .describe("A container image.");

export const Gpu = z
  .strictObject({
    type: z
      .string()
      .min(1)
      .describe("Accelerator type, e.g. nvidia-tesla-t4 (GCP) or nvidia-t4 (AWS, Azure)."),
    count: z.number().int().min(1).max(8).prefault(1).describe("GPUs per user server."),
  })
  .describe("A GPU for each user server of this profile.");

export const ProfileSize = z
  .strictObject({
    name: dnsLabel("a size name").describe("Short identifier (a DNS-1123 label)."),
    displayName: z.string().min(1).describe("What users see in the size dropdown, e.g. `1/4 of a node`."),
    cpu: cpuResource,
    memory: memoryResource,
    default: z.boolean().prefault(false).describe("Pre-selected size; at most one, else the first."),
  })
  .describe("One size of a profile's dropdown, on the profile's machine type.")
  .meta({
    examples: [
      {
        name: "quarter",
        displayName: "1/4 node",
        cpu: { guarantee: "900m", limit: 3.5 },
        memory: { guarantee: "6.6G", limit: "13.2G" },
        default: true,
      },
    ],
  });

export const ImageChoice = z
  .strictObject({
    name: dnsLabel("an image choice name"),
    displayName: z.string().min(1),
    image: ImageRef,
    defaultUrl: landingPath.optional(),
    default: z.boolean().prefault(false),
  })
  .describe("An image offered with a profile.")
  .meta({
    examples: [
      {
        name: "r",
        displayName: "R and RStudio",
        image: { name: "rocker/binder", tag: "4.4.2" },
        defaultUrl: "/rstudio",
      },
    ],
  });

export const Profile = z
  .strictObject({
    name: dnsLabel("a profile name").describe("Short identifier (a DNS-1123 label)."),
    displayName: z.string().min(1).describe("What users see in the server options form."),
    description: z.string().optional().describe("One line under the display name."),
    cpu: cpuResource.optional(),
    memory: memoryResource.optional(),
    sizes: z
      .array(ProfileSize)
      .min(1, { message: "list at least one size" })
      .optional()
      .describe(
        "Node shares: sizes offered as a dropdown inside this profile, all on one machine type (the smallest " +
          "that fits the largest size), from a fraction of a node to a whole one. Instead of `cpu` and `memory`.",
      ),
    gpu: Gpu.optional(),
    spot: z
      .boolean()
      .prefault(false)
      .describe(
        "Run on spot / preemptible nodes (cheaper, may be reclaimed, losing unsaved work). Only then.",
      ),
    images: z
      .array(ImageChoice)
      .optional()
      .describe("Image choices offered with this profile; otherwise the community image."),
    otherImage: z
      .boolean()
      .prefault(false)
      .describe("Also offer a free-text field for any image `name:tag` (a pinned tag; `latest` is refused)."),
    defaultUrl: landingPath.optional(),
    allowedGroups: z
      .array(z.string().min(1))
      .prefault([])
      .describe(
        "Only members of these groups (GitHub `org:team`, OIDC or CILogon group claims) see and can start " +
          "this profile. Needs a provider that gives groups.",
      ),
    default: z
      .boolean()
      .prefault(false)
      .describe("Pre-selected profile. Exactly one profile is the default, open to everyone."),
  })
  .describe("A machine choice offered to users when they start a server.")
  .meta({
    examples: [
      {
        name: "small",
        displayName: "Small (up to 2 CPU, 4G)",
        cpu: { guarantee: 0.5, limit: 2 },
        memory: { guarantee: "1G", limit: "4G" },
        default: true,
      },
      {
        name: "gpu",
        displayName: "GPU for the ML team",
        cpu: 3,
        memory: "14G",
        gpu: { type: "nvidia-t4" },
        allowedGroups: ["my-org:ml-team"],
        otherImage: true,
      },
    ],
  });

export type CommunityProfile = z.output<typeof Profile>;
export type CommunityProfileSize = z.output<typeof ProfileSize>;

/** What one server of a profile (or of one of its sizes) asks for. */
export interface ServerShape {
  cpu: Resource<CpuQuantity>;
  memory: Resource<ByteQuantity>;
}

/** The shapes a profile offers: its sizes, or its own cpu and memory (checks refuse a profile with neither). */
export function profileShapes(p: CommunityProfile): ServerShape[] {
  if (p.sizes) return p.sizes.map((s) => ({ cpu: s.cpu, memory: s.memory }));
  if (p.cpu && p.memory) return [{ cpu: p.cpu, memory: p.memory }];
  return [];
}
