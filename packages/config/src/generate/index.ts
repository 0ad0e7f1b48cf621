import { generatedSchemaFiles } from "./json-schema";
import { generatedReferenceFiles } from "./reference";

export * from "./json-schema";
export * from "./reference";

/** Every file `hubnet generate` writes, keyed by path relative to the repository root. */
export function generatedFiles(): Record<string, string> {
  return { ...generatedSchemaFiles(), ...generatedReferenceFiles() };
}
