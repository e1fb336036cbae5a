#!/usr/bin/env bash
# PrairieLearn's external-grading entry point (info.json's "entrypoint"): grades the job folder (/grade, or
# OPTLAB_GRADE_DIR) with `npm run grade -- --prairielearn`, the same cases, diagnosis and sandbox as on a
# learner's machine. If the grader itself fails, it still writes a results.json, marked not gradable, so
# the learner loses no attempt and sees that the fault is not theirs.
set -uo pipefail
course="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
job="${OPTLAB_GRADE_DIR:-/grade}"
mkdir -p "$job/results"
rm -f "$job/results/results.json"
"$course/node_modules/.bin/tsx" "$course/scripts/grade.ts" --prairielearn "$job"
code=$?
if [ "$code" -ne 0 ] || [ ! -s "$job/results/results.json" ]; then
  printf '{"gradable": false, "score": 0, "message": "The grader itself failed (exit code %d); this is not a mistake in your files, and no attempt was used. Your instructor can see the log.", "format_errors": ["The grader itself failed (exit code %d)."], "tests": []}\n' "$code" "$code" >"$job/results/results.json"
fi
exit 0
