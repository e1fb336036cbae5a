// Lesson 04's exercises (adamStep, effectiveStepSizes), checked against the reference: `npm run check -- 04`.
import { checkLesson } from "./lesson";

checkLesson("04-adam", () => import("../../exercises/04-adam"));
