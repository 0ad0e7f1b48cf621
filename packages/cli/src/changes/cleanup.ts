/**
 * Things to undo however the process ends: on return, on an error, and on SIGINT (Ctrl-C), SIGTERM
 * or SIGHUP, where the process then exits with 128 + the signal's number. `hubnet diff` registers
 * its temporary worktrees and the plans it runs in child processes.
 */
import * as os from "node:os";

type Undo = () => void;
const pending = new Set<Undo>();
let installed = false;

function runAll(): void {
  for (const undo of [...pending].reverse()) {
    pending.delete(undo);
    try {
      undo();
    } catch {
      // Cleaning up must not hide why the process is ending.
    }
  }
}

function install(): void {
  if (installed) return;
  installed = true;
  process.once("exit", runAll);
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.once(signal, () => {
      runAll();
      process.exit(128 + (os.constants.signals[signal] ?? 1));
    });
  }
}

/** Registers `undo`; returns a function that runs it now (once) and forgets it. */
export function onCleanup(undo: Undo): () => void {
  install();
  pending.add(undo);
  return () => {
    if (!pending.delete(undo)) return;
    undo();
  };
}
