/** The options of the root command, which every command takes (declared once in main.ts). */
export interface GlobalOptions {
  /** `--root <dir>`: the hubnet checkout to work on. */
  root?: string;
  /** `--json`: the result as one JSON object on stdout. */
  json?: boolean;
  /** false with `--no-color`. */
  color: boolean;
}
