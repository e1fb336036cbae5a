// `npm run grade [-- options]`: the grading command (see grader/cli.ts, or run with --help).
import { main } from "../grader/cli";

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
