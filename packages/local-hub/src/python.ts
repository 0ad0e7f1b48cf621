/**
 * Python source from data: literals that cannot break out of their place,
 * whatever a community file contains.
 */

/** A Python literal for a JSON-like value (strings, finite numbers, booleans, null, arrays, objects). */
export function pyLiteral(value: unknown): string {
  if (value === null || value === undefined) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
    return String(value);
  }
  // JSON's string escapes (\" \\ \n \uXXXX ...) are all valid in a Python string literal, and
  // JSON.stringify escapes every control character, so the literal is one line.
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(pyLiteral).join(", ")}]`;
  if (typeof value === "object")
    return `{${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${JSON.stringify(k)}: ${pyLiteral(v)}`)
      .join(", ")}}`;
  throw new Error(`no Python literal for a ${typeof value}`);
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `c.Class.trait = value`; class and trait names must be identifiers. */
export function pyAssign(cls: string, trait: string, value: unknown): string {
  if (!IDENTIFIER.test(cls) || !IDENTIFIER.test(trait))
    throw new Error(`not a traitlets name: ${JSON.stringify(`${cls}.${trait}`)}`);
  return `c.${cls}.${trait} = ${pyLiteral(value)}`;
}
