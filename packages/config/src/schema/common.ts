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

/**
 * A JupyterHub user name as the hub checks it at start-up (jupyterhub 5.5.0, jupyterhub/auth.py
 * `Authenticator.validate_username`: no "/", not empty, no white space at either end; app.py
 * raises "username ... is not valid" for an admin or allowed user that fails it, and the hub does
 * not start). Control characters are refused too: a name is printed in logs and pages.
 */
export const hubUserName = z
  .string()
  .min(1)
  .superRefine((name, ctx) => {
    const problem = hubUserNameProblem(name);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

/** Python's str.strip() white space: JavaScript's, and U+001C-U+001F and U+0085 beside it. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: Python's white space includes these
const PY_SPACE = /^[\s\u001c-\u001f\u0085]|[\s\u001c-\u001f\u0085]$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** Why JupyterHub would refuse `name` as a user name, or undefined. */
export function hubUserNameProblem(name: string): string | undefined {
  if (name.includes("/"))
    return `${JSON.stringify(name)} is not a user name JupyterHub accepts: it refuses names with "/" and would not start; write the name without it`;
  if (PY_SPACE.test(name))
    return `${JSON.stringify(name)} starts or ends with white space, which JupyterHub refuses (the hub would not start): remove it`;
  if (CONTROL.test(name))
    return `${JSON.stringify(name)} holds a control character: a user name is plain text; remove it`;
  return undefined;
}

/**
 * Whether a path segment is a dot segment as browsers read it: the WHATWG URL standard treats
 * `.`, `%2e`, `..`, `.%2e`, `%2e.` and `%2e%2e` (any case) as `.` and `..`, so `/%2e%2e/hub/admin`
 * leaves the user's server for the hub's admin page.
 */
export function isDotSegment(segment: string): boolean {
  return /^(\.|%2e){1,2}$/i.test(segment);
}
