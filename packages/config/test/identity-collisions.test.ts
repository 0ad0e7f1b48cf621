/**
 * Identity collisions by construction (issue 21): on a CILogon hub every provider's users become
 * JupyterHub users by name, and JupyterHub keeps one allowed_users and one admin_users list for all
 * providers (oauthenticator 17.4.0, oauthenticator/cilogon.py `check_allowed`; jupyterhub 5.5.0
 * `normalize_username` lower-cases). So a name two providers can give lets one provider's user in as
 * the other's, or as an admin. The check must find every such pair of rules and nothing else.
 *
 * The combinations below are checked against a simulation of CILogonOAuthenticator: each provider
 * gives user names from a set of claim values (`prefix:value` with a usernamePrefix, lower-cased),
 * admits them by its rules or by the hub's lists, and two identities that end as the same admitted
 * name are a collision. The check must report one exactly when the simulation finds one.
 */
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { CILOGON_GITHUB_IDP, CILOGON_GOOGLE_IDP, formatProblem, loadCommunityFile } from "../src";

const ROOT = "/checkout";
const FILE = path.join(ROOT, "communities/c/community.yaml");
const UNI = "https://idp.uni.example.edu/idp/shibboleth";

interface Idp {
  entityId: string;
  usernameClaim: string;
  usernamePrefix?: string;
  allowAll?: boolean;
  allowedDomains?: string[];
  allowedUsers?: string[];
}

function file(idps: Idp[], admins: string[] = [], allowedUsers: string[] = []): string {
  return `name: c
displayName: C
owners: [someone]
cluster: gke
hubs:
  - { name: prod, domain: c.example.org }
auth:
  provider: cilogon
  identityProviders:
${idps.map((i) => `    - ${JSON.stringify(i)}`).join("\n")}
  admins: ${JSON.stringify(admins)}
  allowedUsers: ${JSON.stringify(allowedUsers)}
image: { name: quay.io/jupyter/base-notebook, tag: "2025-11-03" }
profiles:
  - { name: small, displayName: Small, cpu: 1, memory: 1Gi, default: true }
`;
}

const problems = (idps: Idp[], admins: string[] = [], allowedUsers: string[] = []) =>
  loadCommunityFile(FILE, file(idps, admins, allowedUsers), ROOT).problems.map((p) => formatProblem(p, ROOT));
const COLLISION = /could also be a user|could be a user of|both admit users by rule|could give the names/;
const collisions = (idps: Idp[], admins: string[] = [], allowedUsers: string[] = []) =>
  problems(idps, admins, allowedUsers).filter((p) => COLLISION.test(p));

describe("the issue's cases", () => {
  it("a CILogon admin psmith next to CILogon's GitHub provider, open to all and unprefixed", () => {
    expect(
      collisions(
        [
          { entityId: UNI, usernameClaim: "sub", allowAll: true },
          { entityId: CILOGON_GITHUB_IDP, usernameClaim: "preferred_username", allowAll: true },
        ],
        ["psmith"],
      ),
    ).toEqual(
      expect.arrayContaining([
        expect.stringContaining("identityProviders[1] and identityProviders[0]"),
        expect.stringContaining('auth.admins[0]: "psmith" could be a user of identityProviders[0]'),
      ]),
    );
  });

  it("two providers open to all with the same claim and no prefixes", () => {
    expect(
      collisions([
        { entityId: UNI, usernameClaim: "email", allowAll: true },
        { entityId: CILOGON_GOOGLE_IDP, usernameClaim: "email", allowAll: true },
      ]),
    ).toEqual([
      "communities/c/community.yaml:10:7: auth.identityProviders[0]: identityProviders[0] (https://idp.uni.example.edu/idp/shibboleth) could give the names that http://google.com/accounts/o8/id gives, under which the platform's operators are admins (through http://google.com/accounts/o8/id): give it a usernamePrefix",
      "communities/c/community.yaml:11:7: auth.identityProviders[1]: identityProviders[1] and identityProviders[0] (https://idp.uni.example.edu/idp/shibboleth) both admit users by rule and can give the same user names, so a user of one would log in to the account of a user of the other: give one of them a usernamePrefix",
    ]);
  });

  it("usernamePrefix: google on an email-claim provider clears it", () => {
    expect(
      problems([
        { entityId: UNI, usernameClaim: "email", allowAll: true },
        { entityId: CILOGON_GOOGLE_IDP, usernameClaim: "email", usernamePrefix: "google", allowAll: true },
      ]),
    ).toEqual([]);
    // Listed users of the prefixed provider are no names of the other (today's main reported them).
    expect(
      problems([
        { entityId: UNI, usernameClaim: "email", allowAll: true },
        {
          entityId: CILOGON_GOOGLE_IDP,
          usernameClaim: "email",
          usernamePrefix: "google",
          allowedUsers: ["google:jo@gmail.com"],
        },
      ]),
    ).toEqual([]);
  });

  it("Google only for admins: a provider with no rule that gives an admin's name can be written", () => {
    expect(
      problems(
        [
          { entityId: UNI, usernameClaim: "email", allowAll: true },
          { entityId: CILOGON_GOOGLE_IDP, usernameClaim: "email", usernamePrefix: "google" },
        ],
        ["google:jo@gmail.com"],
      ),
    ).toEqual([]);
    // Without an admin it would serve, it is still a provider that admits nobody.
    expect(
      problems([
        { entityId: UNI, usernameClaim: "email", allowAll: true },
        { entityId: CILOGON_GOOGLE_IDP, usernameClaim: "email", usernamePrefix: "google" },
      ]),
    ).toEqual([expect.stringContaining("has no rule, so it would admit nobody")]);
  });

  it("a provider that could give the operators' github:<handle> names", () => {
    expect(collisions([{ entityId: UNI, usernameClaim: "sub", allowAll: true }])).toEqual([
      expect.stringContaining(
        "could give the names github:<name>, under which the platform's operators are admins",
      ),
      expect.stringContaining("could give the names google:<name>"),
    ]);
    expect(
      collisions([{ entityId: UNI, usernameClaim: "email", usernamePrefix: "github", allowAll: true }]),
    ).toEqual([]);
    expect(
      collisions([{ entityId: UNI, usernameClaim: "sub", usernamePrefix: "github", allowAll: true }]),
    ).toEqual([expect.stringContaining("choose another usernamePrefix")]);
  });

  it("names differing only in case are one JupyterHub user", () => {
    expect(
      collisions(
        [
          { entityId: UNI, usernameClaim: "email", allowAll: true },
          { entityId: CILOGON_GITHUB_IDP, usernameClaim: "email", usernamePrefix: "gh", allowAll: true },
        ],
        ["GH:Jo@Uni.Example.Edu"],
      ),
    ).toEqual([]);
  });
});

// --- the simulation -----------------------------------------------------------------------------

const OPERATORS = { github: ["ops"], google: ["jo@gmail.com"] };
/** Claim values each kind of claim can hold (enough that every overlap has a common name). */
function values(idp: Idp): string[] {
  const email = ["psmith@uni.example.edu", "jo@gmail.com"];
  const handles = ["psmith", "ops"];
  if (idp.usernameClaim === "email" || idp.usernameClaim === "eppn") return email;
  if (idp.entityId === CILOGON_GITHUB_IDP && idp.usernameClaim === "preferred_username") return handles;
  return [
    ...email,
    ...handles,
    "a:psmith",
    "a:psmith@uni.example.edu",
    "github:ops",
    "google:jo@gmail.com",
    "a:ops",
  ];
}
const username = (idp: Idp, v: string) =>
  (idp.usernamePrefix ? `${idp.usernamePrefix}:${v}` : v).toLowerCase();
const fnmatch = (pattern: string, text: string) =>
  new RegExp(`^${pattern.replace(/[.+^${}()|\\]/g, "\\$&").replace(/\*/g, ".*")}$`, "i").test(text);

/** Whether two different identities end as the same admitted JupyterHub user. */
function simulate(idps: Idp[], admins: string[], allowedUsers: string[]): boolean {
  const listed = new Set(
    [...admins, ...allowedUsers, ...idps.flatMap((i) => i.allowedUsers ?? [])].map((n) => n.toLowerCase()),
  );
  const all = [...idps];
  // The operators' providers hubnet adds when the community does not list them (components hub/auth.ts).
  if (!idps.some((i) => i.entityId === CILOGON_GITHUB_IDP)) {
    all.push({ entityId: CILOGON_GITHUB_IDP, usernameClaim: "preferred_username", usernamePrefix: "github" });
    for (const h of OPERATORS.github) listed.add(`github:${h}`);
  } else
    for (const h of OPERATORS.github)
      listed.add(username(idps.find((i) => i.entityId === CILOGON_GITHUB_IDP)!, h));
  if (!idps.some((i) => i.entityId === CILOGON_GOOGLE_IDP)) {
    all.push({ entityId: CILOGON_GOOGLE_IDP, usernameClaim: "email", usernamePrefix: "google" });
    for (const e of OPERATORS.google) listed.add(`google:${e}`);
  } else
    for (const e of OPERATORS.google)
      listed.add(username(idps.find((i) => i.entityId === CILOGON_GOOGLE_IDP)!, e));
  const owner = new Map<string, string>();
  for (const idp of all)
    for (const v of values(idp)) {
      const name = username(idp, v);
      const admitted =
        listed.has(name) ||
        idp.allowAll ||
        (idp.allowedDomains ?? []).some((d) => fnmatch(d, v.split("@").pop()!.toLowerCase()));
      if (!admitted) continue;
      const prev = owner.get(name);
      if (prev !== undefined && prev !== idp.entityId) return true;
      owner.set(name, idp.entityId);
    }
  return false;
}

describe("every combination of two providers' rules: the check reports a collision exactly when there is one", () => {
  const kinds: Idp[] = [
    { entityId: UNI, usernameClaim: "email" },
    { entityId: UNI, usernameClaim: "sub" },
    { entityId: CILOGON_GITHUB_IDP, usernameClaim: "preferred_username" },
    { entityId: CILOGON_GOOGLE_IDP, usernameClaim: "email" },
  ];
  const prefixes = [undefined, "a", "github"];
  const rules: Partial<Idp>[] = [{ allowAll: true }, { allowedUsers: ["psmith"] }, {}];
  const options: Idp[] = kinds.flatMap((k) =>
    prefixes.flatMap((usernamePrefix) =>
      rules.map((r) => ({ ...k, ...(usernamePrefix ? { usernamePrefix } : {}), ...r })),
    ),
  );
  const adminChoices = [[], ["psmith"], ["a:psmith"]];
  it(`${options.length} providers, in pairs of different entities, with ${adminChoices.length} choices of admins`, () => {
    let cases = 0;
    const wrong: string[] = [];
    for (const a of options)
      for (const b of options) {
        if (a.entityId === b.entityId) continue;
        for (const admins of adminChoices) {
          const idps = [a, b];
          // A provider listed with allowedUsers it cannot give is a different mistake, reported as such.
          const all = problems(idps, admins);
          if (
            all.some(
              (p) =>
                p.includes("is not a name this provider gives") ||
                p.includes("none of the identity providers gives"),
            )
          )
            continue;
          cases++;
          const reported = all.some((p) => COLLISION.test(p));
          if (reported !== simulate(idps, admins, []))
            wrong.push(`${JSON.stringify({ idps, admins })}: check ${reported}`);
        }
      }
    expect(cases).toBeGreaterThan(300);
    expect(wrong).toEqual([]);
  });
});
