// Lesson 09's exercises (lionStep, adafactorFactors), checked against the reference: `npm run check -- 09`.
import { checkLesson } from "./lesson";

checkLesson("09-after-adam", () => import("../../exercises/09-after-adam"));
