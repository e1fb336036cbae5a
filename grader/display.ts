// The only module of the grader that touches the notebook kernel: HTML through tslab's display (figures
// through lib's show), plain text elsewhere.
import { show, type Figure } from "@optlab/lib";
import * as tslab from "tslab";

/** Shows HTML in a tslab notebook; outside a kernel (tsx, vitest, a terminal) prints the text instead. */
export function showHtml(html: string, text: string): void {
  try {
    tslab.display.html(html);
  } catch {
    console.log(text);
  }
}

/** Draws a figure with the course's plotting (lib's show): in a notebook as an interactive plot, elsewhere a line of text. */
export function showFigure(figure: Figure): void {
  show(figure);
}
