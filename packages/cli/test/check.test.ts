/** `hubnet check` usage: what it refuses before talking to any hub (exit 2), and its help. */
import { describe, expect, it } from "vitest";
import { parseHubUrl } from "../src/actions/check";
import { hubnet, STACK_LINE } from "./run";

const TOKEN = { HUBNET_HEALTH_TOKEN: "t0ken" };

describe("hubnet check usage", () => {
  it.each([
    [["check", "not a url"], "is not a URL"],
    [["check", "ftp://hub.example.org"], "ftp: URLs are not hubs"],
    [["check", "http://hub.example.org"], "would send the token unencrypted"],
    [["check", "https://user:pw@hub.example.org"], "must not contain credentials"],
    [
      ["check", "https://hub.example.org", "--attempts", "0"],
      "--attempts 0: give a whole number from 1 to 10",
    ],
    [["check", "https://hub.example.org", "--timeout", "1.5"], "--timeout 1.5: give a whole number"],
    [["check", "https://hub.example.org", "--token-env", "BAD-NAME"], "not an environment variable name"],
  ])("%j: exit 2", async (args, message) => {
    const r = await hubnet(args, { env: TOKEN });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toContain(STACK_LINE);
    expect(r.stderr).not.toContain("t0ken");
  });

  it("without the token in its variable: exit 2 saying where the token comes from", async () => {
    const r = await hubnet(["check", "https://hub.example.org", "--token-env", "MY_TOKEN"], {
      env: { MY_TOKEN: undefined },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("set MY_TOKEN to the hub's health-check token");
  });

  it("takes the hub's root from a URL of one of its pages", () => {
    expect(parseHubUrl("https://hub.example.org/hub/home").href).toBe("https://hub.example.org/");
    expect(parseHubUrl("https://example.org/prefix/hub/").href).toBe("https://example.org/prefix/");
    expect(parseHubUrl("http://127.0.0.1:8000").href).toBe("http://127.0.0.1:8000/");
  });

  it("help shows an example", async () => {
    const r = await hubnet(["check", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Examples:");
    expect(r.stdout).toContain("--token-env <var>");
  });
});
