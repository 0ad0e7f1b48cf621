/**
 * Credentials by meaning, not by name: a value is a credential because of its shape (a private
 * key, a token of a known kind, a bearer header, a kubeconfig, a URL holding a password) or its
 * place (a key that names a secret, a kubeconfig user's `token` or `client-key-data`, the cluster
 * stack's `hubnet:kubeconfig`). Every file of the checkout is walked with these rules
 * (validate-schema.ts `findPlaintextSecrets`); a credential is accepted only as a Pulumi secret
 * (`{secure: v1:...}`, what `pulumi config set --secret` writes).
 *
 * False positives matter as much: a public OAuth client ID, a commit hash or digest in a URL, a
 * base64 image and a GUID are not credentials (test/secrets-by-meaning.test.ts measures both).
 */

/** The cluster stack's secret config key holding an existing cluster's kubeconfig. */
export const EXISTING_KUBECONFIG_KEY = "hubnet:kubeconfig";

/** Keys that name a secret (`clientSecret`, `apiToken`, `password`). */
export const SECRET_KEY_RE = /(secret|password|passwd|token|private[-_]?key|api[-_]?key|credential)/i;

/**
 * The fields of a kubeconfig's `users[].user` that hold credentials (client-go's clientcmd API,
 * kubernetes/client-go tools/clientcmd/api/v1/types.go `AuthInfo`): the client certificate goes
 * with its key and is refused with it.
 */
export const KUBECONFIG_USER_FIELDS = ["client-certificate-data", "client-key-data", "token", "password"];

/** A variable or key named as a public identifier (`OAUTH_CLIENT_ID`, `clientId`, `APP_ID`). */
const IDENTIFIER_NAME_RE = /(^|[_-])id$|[a-z]Id$|client[-_]?id/i;

/** Shapes of credentials, with what they are (checked in this order). */
const SHAPES: [RegExp, string][] = [
  [/-----BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----/, "a private key"],
  [/\b(AKIA|ASIA)[0-9A-Z]{16}\b/, "an AWS access key"],
  [/\bgh[pousr]_[A-Za-z0-9]{30,}\b|\bgithub_pat_[A-Za-z0-9_]{40,}/, "a GitHub token"],
  [/\bglpat-[A-Za-z0-9_-]{20,}/, "a GitLab token"],
  [/\bxox[abprs]-[A-Za-z0-9-]{10,}\b/, "a Slack token"],
  [/\bpul-[0-9a-f]{40}\b/, "a Pulumi access token"],
  [/\bhf_[A-Za-z0-9]{30,}\b/, "a Hugging Face token"],
  [/\bnpm_[A-Za-z0-9]{36}\b/, "an npm token"],
  [/\b(sk|rk)_(live|test)_[A-Za-z0-9]{16,}\b|\bsk-[A-Za-z0-9_-]{32,}/, "an API secret key"],
  [/\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/, "a JSON web token"],
  [/\bAIza[0-9A-Za-z_-]{35}\b/, "a Google API key"],
  [/"type"\s*:\s*"service_account"/, "a Google service account key"],
  // `Bearer <token>`, `Basic <base64>`: a token mixes letters and digits ("Basic Statistics" does not).
  [
    /(^|[\s"'])(authorization:\s*)?(bearer|basic)\s+(?=[A-Za-z0-9._~+/=-]*\d)(?=[A-Za-z0-9._~+/=-]*[A-Za-z])[A-Za-z0-9._~+/=-]{12,}/i,
    "a bearer token",
  ],
  [/authorization:\s*(bearer|basic|token)\s+\S{8,}/i, "a bearer token"],
  [/^\s*kind:\s*Config\s*$/m, "a kubeconfig"],
  [/[a-z][a-z0-9+.-]*:\/\/[^\s/?#@:]*:[^\s/?#@]+@/i, "a URL with a password"],
  [/https?:\/\/[A-Za-z0-9_-]{20,}@/i, "a URL with a token in it"],
  [
    /[?&](access_token|id_token|token|api_?key|apikey|sig|signature|x-amz-signature|x-amz-credential|x-goog-signature|x-goog-credential|password|secret|client_secret)=(?=[^&#\s]*\d)[^&#\s]{8,}/i,
    "a URL with a credential in its query",
  ],
];

/** A kubeconfig's user section with a credential, in YAML or JSON text. */
const KUBECONFIG_TEXT =
  /(^|\n)\s*"?users"?\s*:[\s\S]*"?(token|client-key-data|client-certificate-data|password)"?\s*:\s*"?[^\s"]/;

/** What credential `value` is by its shape, or undefined. */
export function credentialShape(value: string): string | undefined {
  for (const [re, what] of SHAPES) if (re.test(value)) return what;
  if (KUBECONFIG_TEXT.test(value) && /(^|\n)\s*"?clusters"?\s*:/.test(value)) return "a kubeconfig";
  // A private key encoded once more in base64 (`client-key-data`, a Kubernetes Secret's data).
  for (const run of value.match(/LS0tLS1CRUdJTi[A-Za-z0-9+/=]{20,}/g) ?? []) {
    const decoded = Buffer.from(run, "base64").toString("latin1");
    if (/-----BEGIN [A-Z0-9 ]*PRIVATE KEY/.test(decoded)) return "a private key (base64)";
  }
  return undefined;
}

/**
 * Whether `value` holds a long random key: a run of 32 or more letters and digits mixing lower
 * case, upper case and digits. Not one: hex (a hash, a commit), a GUID, a word with dashes, a
 * `data:` URI (a base64 image), a URL's path (a file's or commit's identifier in a link), or a
 * value under a name that says it is a public identifier (`OAUTH_CLIENT_ID`).
 */
export function randomKey(value: string, name?: string): boolean {
  if (name !== undefined && IDENTIFIER_NAME_RE.test(name)) return false;
  if (/^\s*data:[a-z]+\/[a-z0-9.+-]+(;[a-z0-9=-]+)*;base64,/i.test(value)) return false;
  // Links: a random-looking path segment is a file's name; what a URL can leak is in SHAPES.
  const text = value.replace(/[a-z][a-z0-9+.-]*:\/\/[^\s?#]*/gi, " ");
  const runs = text.match(/[A-Za-z0-9+/_=-]{32,}/g) ?? [];
  return runs.some(
    (w) =>
      /[a-z]/.test(w) &&
      /[A-Z]/.test(w) &&
      /[0-9]/.test(w) &&
      !/^[0-9a-fA-F-]+$/.test(w) &&
      !/^[A-Za-z]+(-[A-Za-z]+)*$/.test(w),
  );
}

/** What a value in `env` (or another free-form text) is when it is a credential; `name` is its key. */
export function credentialValue(value: string, name?: string): string | undefined {
  return credentialShape(value) ?? (randomKey(value, name) ? "a random key" : undefined);
}

/** Whether a key names a secret by itself (`password`, `clientSecret`, a kubeconfig user's `token`). */
export function secretPlace(key: string, path: readonly (string | number)[]): string | undefined {
  if (SECRET_KEY_RE.test(key)) return "a secret";
  if (key === EXISTING_KUBECONFIG_KEY && path.length === 1) return "a kubeconfig";
  // A kubeconfig written as YAML: users: [{name, user: {client-key-data: ...}}].
  const i = path.lastIndexOf("user");
  if (i >= 2 && i === path.length - 2 && path[i - 2] === "users" && KUBECONFIG_USER_FIELDS.includes(key))
    return `a kubeconfig user's ${key}`;
  if (key === "client-key-data" || key === "client-certificate-data") return `a kubeconfig user's ${key}`;
  return undefined;
}
