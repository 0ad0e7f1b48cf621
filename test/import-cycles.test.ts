/**
 * No import cycle between files or between folders, in any package, the stack
 * programs or the tests. Lazy `require()` calls inside functions (the cloud
 * registry's) and type-only imports count like any import.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO, tmpDir } from "./support/cli";
import { findImportCycles } from "./support/import-cycles";

const show = (cycles: string[][]) => cycles.map((c) => c.join(" → "));

describe("import cycles", () => {
  it("there are none between files or folders of packages/, stacks/, policies/ and test/", async () => {
    const found = await findImportCycles(REPO, ["packages", "stacks", "policies", "test"]);
    expect(found.cruised).toBeGreaterThan(100);
    expect(found.unresolved).toEqual([]);
    expect(show(found.files)).toEqual([]);
    expect(show(found.folders)).toEqual([]);
  }, 120_000);

  it("the check finds each kind of cycle in a tree that has them (it is live)", async () => {
    const root = tmpDir("cycles");
    const write = (file: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.writeFileSync(path.join(root, file), text);
    };
    // Files: a lazy require inside a function closes the loop a → b → a.
    write("src/a.ts", 'import { b } from "./b";\nexport const a = () => b;\n');
    write("src/b.ts", 'export function b() {\n  return (require("./a") as typeof import("./a")).a;\n}\n');
    // Files: type-only imports both ways.
    write("src/t1.ts", 'import type { T2 } from "./t2";\nexport type T1 = { t2?: T2 };\n');
    write("src/t2.ts", 'import type { T1 } from "./t1";\nexport type T2 = { t1?: T1 };\n');
    // Folders: cloud/ → hub/ → cloud/ through different files, with no cycle between files.
    write("src/cloud/entry.ts", 'import { naming } from "../hub/naming";\nexport const entry = naming;\n');
    write("src/hub/naming.ts", "export const naming = 1;\n");
    write("src/hub/pick.ts", 'export const pick = () => require("../cloud/entry");\n');
    // No cycle: a registry that lazily loads a folder whose files import a sibling of the registry.
    write("src/registry.ts", 'export const load = () => require("./impl/one");\n');
    write("src/versions.ts", "export const v = 1;\n");
    write("src/impl/one.ts", 'import { v } from "../versions";\nexport const one = v;\n');

    const found = await findImportCycles(root, ["src"]);
    expect(found.unresolved).toEqual([]);
    expect(show(found.files).sort()).toEqual([
      "src/a.ts → src/b.ts → src/a.ts",
      "src/t1.ts → src/t2.ts → src/t1.ts",
    ]);
    expect(show(found.folders)).toEqual(["src/cloud → src/hub → src/cloud"]);
  }, 60_000);
});
