// The only module that touches the notebook kernel: HTML through tslab's display, plain text elsewhere.
import * as tslab from "tslab";

/** Shows HTML in a tslab notebook; outside a kernel (tsx, vitest, a terminal) prints the text instead. */
export function showHtml(html: string, text: string): void {
  try {
    tslab.display.html(html);
  } catch {
    console.log(text);
  }
}
