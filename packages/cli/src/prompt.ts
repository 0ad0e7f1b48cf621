/**
 * Questions on a terminal. One line reader for the whole command, so answers
 * typed ahead (or pasted) are not lost between questions; end of input
 * (Ctrl+D) cancels the command cleanly instead of failing.
 */
import { createInterface, type Interface } from "node:readline";
import { UsageError } from "./exit-codes";

export class Cancelled extends UsageError {
  constructor(command: string) {
    super("cancelled: no answer was given, nothing was written", command);
    this.name = "Cancelled";
  }
}

export class Prompter {
  private rl?: Interface;
  private lines?: AsyncIterator<string>;

  constructor(
    private readonly command: string,
    private readonly input: NodeJS.ReadableStream = process.stdin,
    private readonly output: NodeJS.WritableStream = process.stdout,
  ) {}

  async ask(question: string, fallback?: string): Promise<string> {
    if (!this.rl) {
      this.rl = createInterface({ input: this.input, output: this.output, terminal: false });
      this.lines = this.rl[Symbol.asyncIterator]();
    }
    this.output.write(`${question}${fallback ? ` [${fallback}]` : ""}: `);
    const next = await this.lines!.next();
    if (next.done) {
      this.output.write("\n");
      throw new Cancelled(this.command);
    }
    return next.value.trim() || fallback || "";
  }

  close(): void {
    this.rl?.close();
  }
}
