// Lesson 07's exercises (clipGradNorm, clipGradValue), checked against the reference: `npm run check -- 07`.
import { checkLesson } from "./lesson";

checkLesson("07-clipping", () => import("../../exercises/07-clipping"));
