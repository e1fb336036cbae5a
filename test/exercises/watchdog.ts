// A watchdog for one check file. The grader's node:vm time limit stops an endless loop inside a call of
// the learner's function, but not one that runs outside such a call: at the top level of a lesson file
// (while it loads), or in code a function left to run later (the rest of an async function after an
// await, a promise or timer callback). Such a loop blocks the event loop of the vitest worker process
// running the check file, so no timer, hook timeout or message from vitest's parent can run any more.
// The only way to stop it is from outside that event loop: a second thread. The check file's thread adds
// one to a heartbeat counter in shared memory every 100 ms; the watchdog thread reads the counter, and
// when it has not moved for longer than the current phase allows, it writes what was running (under
// `npm run check` in a note that scripts/check.ts shows, else on stderr), then ends the worker process.
// vitest reports the ended worker ("Worker exited unexpectedly") and goes on with the other check files.
import { Worker } from "node:worker_threads";

/** Under `npm run check`, the folder where the watchdog leaves a note for each lesson it stopped. */
export const NOTES_DIR_VARIABLE = "OPTLAB_CHECK_NOTES";

/** What the watchdog leaves in the notes folder (as `<lesson>.json`) when it stops a lesson's checks. */
export interface StopNote {
  /** The lesson file, e.g. "04-adam". */
  lesson: string;
  /** The exercise whose code was running; absent while the lesson file was loading. */
  exercise?: string;
  /** The sentence for the learner, naming the file or the function and the likely cause. */
  message: string;
}

/** What the check file is doing: how long its thread may stay busy without a break, and what to say if it does. */
export interface Phase {
  limitMs: number;
  note: StopNote;
}

/** How often the check file's thread beats, and how often the watchdog looks. */
const BEAT_MS = 100;
const LOOK_MS = 200;

// The watchdog thread, in plain JavaScript (a worker thread does not go through vitest's TypeScript
// transform). It ends the whole process with SIGKILL, since a blocked thread cannot run a signal handler.
const WATCHDOG_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const { writeFileSync, writeSync } = require("node:fs");
const { join } = require("node:path");
const beats = new Int32Array(workerData.beats);
let phase = null;
let seen = -1;
let since = Date.now();
parentPort.on("message", (next) => {
  phase = next;
  since = Date.now();
});
setInterval(() => {
  const now = Atomics.load(beats, 0);
  if (now !== seen) {
    seen = now;
    since = Date.now();
  } else if (phase && Date.now() - since > phase.limitMs) {
    if (workerData.notes) writeFileSync(join(workerData.notes, phase.note.lesson + ".json"), JSON.stringify(phase.note));
    else writeSync(2, "\\n" + phase.note.message + "\\n");
    process.kill(process.pid, "SIGKILL");
  }
}, ${LOOK_MS});
`;

let watchdog: Worker | null = null;

/**
 * Tells the watchdog what the check file does from now on (starting the watchdog and the heartbeat the
 * first time). The phase's limit counts time without a single turn of this thread's event loop.
 */
export function setPhase(phase: Phase): void {
  if (!watchdog) {
    const beats = new Int32Array(new SharedArrayBuffer(4));
    setInterval(() => Atomics.add(beats, 0, 1), BEAT_MS).unref();
    const notes = process.env[NOTES_DIR_VARIABLE] ?? null;
    watchdog = new Worker(WATCHDOG_SOURCE, { eval: true, workerData: { beats: beats.buffer, notes } });
    watchdog.unref();
  }
  watchdog.postMessage(phase);
}
