// The error every exercise stub throws until the learner writes it. The grader recognises it by name and
// reports "not implemented yet" instead of a failure.

/** Thrown by an exercise that has not been written yet; `exercise` names it, `file` says where it lives. */
export class NotImplementedError extends Error {
  /** The exercise's export name, e.g. "adamStep". */
  readonly exercise: string;

  /** Builds the message "<exercise> is not implemented yet: write it in exercises/<file>". */
  constructor(exercise: string, file: string) {
    super(`${exercise} is not implemented yet: write it in exercises/${file}`);
    this.name = "NotImplementedError";
    this.exercise = exercise;
  }
}
