/** Building blocks shared by the community and cluster schemas. */
import { z } from "zod";
import { DNS_LABEL_RE } from "../layout";
import { parseBytes, parseCpu, parseDuration } from "../quantity";

export const dnsLabel = (what: string) =>
  z
    .string()
    .max(63, { message: `${what} must be at most 63 characters (a DNS-1123 label)` })
    .regex(DNS_LABEL_RE, {
      message: `${what} must be a DNS-1123 label: lower-case letters, digits and '-', starting and ending with a letter or digit`,
    });

/**
 * A domain name: DNS-1123 labels separated by dots, at most 253 characters, ending in an alphabetic
 * top-level label (or an internationalised one, `xn--...`), so an IP address is not one.
 */
const DOMAIN_RE =
  /^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+([a-z]{2,63}|xn--[a-z0-9]([-a-z0-9]{0,57}[a-z0-9])?)$/;

export const domainName = z.string().regex(DOMAIN_RE, {
  message:
    "must be a fully qualified domain name in lower case, such as hub.example.org: labels of letters, digits and '-' separated by dots, the last one alphabetic (an IP address is not a domain name)",
});

export const githubHandle = z
  .string()
  .regex(/^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/, { message: "must be a GitHub user name" });

export const email = z.string().regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, { message: "must be an e-mail address" });

/**
 * A URL as browsers and the hub's Python read it: the WHATWG URL parser (Node's `URL`, the one
 * Chromium implements) must accept it (`https://[idp.example.org]/` is no URL), and it holds no
 * user name or password (`https://user:pass@idp/`): an endpoint or a link never carries credentials.
 */
function webUrl(schemes: RegExp, message: string) {
  return z
    .string()
    .regex(schemes, { message })
    .superRefine((u, ctx) => {
      if (!URL.canParse(u)) {
        ctx.addIssue({
          code: "custom",
          message: `${JSON.stringify(u)} is not a URL a browser can open: check the host name (brackets are only for IPv6 addresses) and escape spaces and special characters`,
        });
        return;
      }
      const url = new URL(u);
      if (url.username || url.password)
        ctx.addIssue({
          code: "custom",
          message: "must not hold credentials (user@ or user:password@)",
        });
    });
}

export const httpsUrl = webUrl(/^https:\/\/[^\s]+$/, "must be an https:// URL");

/** A link a page shows as text: http or https (only images, such as logos, must be https). */
export const httpUrl = webUrl(/^https?:\/\/[^\s]+$/, "must be an http:// or https:// URL");

function fromParser<T>(parse: (v: unknown) => { ok: true; value: T } | { ok: false; message: string }) {
  return (v: unknown, ctx: z.RefinementCtx) => {
    const r = parse(v);
    if (!r.ok) {
      ctx.addIssue({ code: "custom", message: r.message });
      return z.NEVER;
    }
    return r.value;
  };
}

/** A size such as `4G`, `512Mi` or `100Gi`. */
export const bytesQuantity = z
  .union([z.string(), z.number()])
  .transform(fromParser(parseBytes))
  .meta({
    type: "string",
    pattern: "^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|k|M|G|T|P)$",
    examples: ["4G", "512Mi"],
  });

/** CPU cores: `2`, `0.5` or `500m`. */
export const cpuQuantity = z
  .union([z.number(), z.string()])
  .transform(fromParser(parseCpu))
  .meta({ examples: [2, 0.5, "500m"] });

/** A duration: `30m`, `1h`, `2d` or seconds. */
export const duration = z
  .union([z.string(), z.number()])
  .transform(fromParser(parseDuration))
  .meta({ examples: ["1h", "30m", "8h"] });
