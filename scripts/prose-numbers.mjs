// The logic of scripts/check-prose-numbers.mjs: every number a lesson states in a "Reading the experiment"
// paragraph or in a folded answer (<details>) must be one that the code cells of its section printed (stream
// output, text and HTML tables, figure titles and legends), as printed or rounded from a printed value.
//
// What counts as a number of the prose: decimals (0.63, 1.4e-7), percentages (96 %, 2%) and integers of 100
// and more (2559, 10,000). Smaller integers are counts, steps and labels ("3 steps", "lesson 01", "seed 7").
// Numbers inside $…$ math are checked too: the readings state measured results in formulas
// ("$2/1001.6 = 0.001997$"), so skipping math would skip exactly the numbers to check. Signs are ignored (the
// prose says "a drop of 0.3" where the code printed −0.3). The few exemptions:
//   - fenced code blocks (```…```) in the prose: they are code, not claims; addresses (URLs, arXiv and DOI
//     identifiers): they are names;
//   - years of citations ("Kingma & Ba 2015", "(Goh 2017)"), software versions ("PyTorch 1.13") and section
//     numbers ("section 4.2"): they name things, they measure nothing;
//   - a setting: a number that is, as it stands, a numeric literal in a code cell of the section (a learning
//     rate of 0.001, 5000 steps): the learner reads it in the code that ran.

/** Headings of these levels start a section; deeper ones (####) belong to the section they are in. */
export const SECTION_LEVEL = 3;

/** Software whose version numbers are names, not measurements. */
const SOFTWARE = /\b(?:pytorch|torch|tensorflow\.js|tensorflow|python|typescript|node\.js|plotly\.js|tslab|jupyterlab|numpy|debian)\s+v?$/i;

/** Superscript digits and signs, as in 10⁻³. */
const SUPERSCRIPT = { "⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7", "⁸": "8", "⁹": "9", "⁻": "-", "⁺": "+" };

/** A number as written, with sign, thousands separators and exponent. */
const NUMBER = /(?<![\w.])[-−]?(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?:e([-+−]?\d+))?(?![\w])/gi;

/**
 * Parses a number token ("2.322", "1.00e+0", "10,000", "−1.2") into its absolute value and its unit, the place
 * value of its last written digit (0.001 for "2.322", 1e-7·0.01 for "1.43e-7", 1 for "2559").
 */
export function parseNumber(token) {
  const m = /^[-−]?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?:e([-+−]?\d+))?$/i.exec(token.trim());
  if (m === null) return null;
  const int = m[1].replace(/,/g, "");
  const frac = m[2] ?? "";
  const exp = m[3] === undefined ? 0 : Number(m[3].replace("−", "-"));
  const value = Number(`${int}.${frac || "0"}e${exp}`);
  const unit = 10 ** (exp - frac.length);
  return { value, unit, decimals: frac.length, scientific: m[3] !== undefined };
}

/**
 * True when a prose number `stated` (value and unit) is the printed value `printed`, as printed or rounded:
 * 0.63 matches 0.6312, 2559 matches 2559 and 2558.7; 0.6312 does not match 0.63 (the prose has more digits).
 */
export function sameNumber(stated, printed) {
  const tol = 1e-9 * Math.max(Math.abs(stated.value), stated.unit);
  if (Math.abs(printed.value - stated.value) <= tol) return true;
  if (printed.unit > stated.unit * (1 + 1e-9)) return false;
  return Math.abs(printed.value - stated.value) <= stated.unit / 2 + tol;
}

/** True when the prose number is printed: directly, or for a percentage also as a fraction (96 % ← 0.96). */
export function isPrinted(stated, printedList) {
  for (const p of printedList) {
    if (sameNumber(stated, p)) return true;
    if (stated.percent && sameNumber(stated, { value: p.value * 100, unit: p.unit * 100 })) return true;
  }
  return false;
}

/** Every number in printed text, absolute values; a number followed by % also counts as its fraction. */
export function printedNumbers(text) {
  const out = [];
  const re = /(?<![\d.])(\d{1,3}(?:,\d{3})+(?![\d])|\d+)(\.\d+)?(?:e([-+−]?\d+))?(\s?%)?/gi;
  for (const m of text.matchAll(re)) {
    const parsed = parseNumber(`${m[1]}${m[2] ?? ""}${m[3] !== undefined ? `e${m[3]}` : ""}`);
    if (parsed === null) continue;
    out.push(parsed);
    // "100,200" may be a list printed without spaces: its parts count too
    if (m[1].includes(",")) for (const part of m[1].split(",")) out.push(parseNumber(part));
    if (m[4] !== undefined) out.push({ ...parsed, value: parsed.value / 100, unit: parsed.unit / 100 });
  }
  return out;
}

/** The numeric literals of a code cell's source (1e-3, 20_000, 0.9), the settings a learner reads in the code. */
export function codeLiterals(source) {
  const out = [];
  const code = source.replace(/\/\/.*$/gm, ""); // comments are prose, not settings
  for (const m of code.matchAll(/(?<![\w.])(\d[\d_]*)(\.\d[\d_]*)?(?:e([-+]?\d+))?(?![\w])/gi)) {
    const token = m[0].replace(/_/g, "");
    const parsed = parseNumber(token);
    if (parsed !== null) out.push(parsed);
  }
  return out;
}

/** Removes fenced code blocks (code, not prose) and addresses (URLs, arXiv and DOI identifiers) from Markdown. */
function withoutCodeAndAddresses(markdown) {
  return markdown
    .replace(/^\s*(```|~~~)[^\n]*\n[\s\S]*?^\s*\1[^\n]*$/gm, "")
    .replace(/\]\([^)\s]*\)/g, "]")
    .replace(/\b(?:https?:\/\/|www\.)[^\s)>\]]+/gi, "")
    .replace(/\b(?:arxiv:\s*\d{4}\.\d{4,5}(?:v\d+)?|doi:\s*\S+|10\.\d{4,9}\/\S+)/gi, "");
}

/**
 * The numbers a piece of prose states (after the exemptions above), each with the token as written and a few
 * words of context. `text` is Markdown.
 */
export function proseNumbers(text) {
  // scientific notation, "$1.655 \times 10^{3}$" or "1.655·10³" (a mantissa from 1 to 10), is one number: 1.655e3
  const prose = withoutCodeAndAddresses(text)
    .replace(/(?<![\d.])([1-9](?:\.\d+)?)\s*(?:\\times|\\cdot|×|·)\s*10\^\{?([-−]?\d+)\}?/g, "$1e$2")
    .replace(/(?<![\d.])([1-9](?:\.\d+)?)\s*(?:×|·)\s*10([⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)/g, (_m, mantissa, exponent) => `${mantissa}e${[...exponent].map((c) => SUPERSCRIPT[c]).join("")}`);
  const out = [];
  for (const m of prose.matchAll(NUMBER)) {
    const token = m[0];
    const parsed = parseNumber(token);
    if (parsed === null) continue;
    const end = m.index + token.length;
    const after = prose.slice(end, end + 12);
    const before = prose.slice(Math.max(0, m.index - 40), m.index);
    const percent = /^\s?(%|\\%|\s?percent\b)/.test(after);
    const isInteger = parsed.decimals === 0 && !parsed.scientific;
    if (isInteger && !percent && parsed.value < 100) continue;
    // exemptions: years of citations, software versions, section numbers
    if (isInteger && parsed.value >= 1900 && parsed.value <= 2099 && /(?:\p{Lu}[\p{L}'’-]+|al\.|&)[ ,]*\(?$/u.test(before) && /^[a-z]?(?:[);,.:]|\s+(?:and|&)\b|\s*$)/.test(after)) continue;
    if (!isInteger && SOFTWARE.test(before)) continue;
    if (/(?:sections?|§)\s*(?:[\d.]+(?:,\s*|\s+and\s+|\s+or\s+|–))*$/i.test(before)) continue;
    const context = prose.slice(Math.max(0, m.index - 30), Math.min(prose.length, end + 30)).replace(/\s+/g, " ");
    out.push({ token, value: parsed.value, unit: parsed.unit, percent, context });
  }
  return out;
}

/** The text of a cell's source. */
export function cellSource(cell) {
  return Array.isArray(cell.source) ? cell.source.join("") : String(cell.source ?? "");
}

const ENTITIES = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

/** The visible text of HTML: scripts dropped, tags removed, entities decoded. */
function htmlText(html) {
  return html
    .replace(/<script\b[\s\S]*?<\/script>/gi, " ")
    .replace(/<style\b[\s\S]*?<\/style>/gi, " ")
    .replace(/<[^>]*>/g, " ")
    .replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (e, name) => {
      if (name[0] === "#") return String.fromCodePoint(name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : Number(name.slice(1)));
      return ENTITIES[name.toLowerCase()] ?? e;
    });
}

/** Every string a reader sees in a Plotly figure: titles, legends (trace names), axis titles, annotations, slider labels. */
function figureStrings(figure) {
  const out = [];
  const walk = (v, key) => {
    if (typeof v === "string") {
      if (key !== "type" && key !== "mode" && !/color|font|family|symbol|dash|anchor|ref$|^x$|^y$|^z$|hovertemplate/i.test(key)) out.push(v);
    } else if (Array.isArray(v)) {
      for (const item of v) walk(item, key);
    } else if (v !== null && typeof v === "object") {
      for (const [k, item] of Object.entries(v)) walk(item, k);
    }
  };
  for (const trace of figure.data ?? []) {
    walk(trace.name, "name");
    walk(trace.text, "text");
    walk(trace.colorbar, "colorbar");
  }
  walk(figure.layout ?? {}, "layout");
  return out;
}

/** The figures drawn by a course HTML output (lib/plot/show.ts writes `var figure = {…};` on one line). */
export function figuresInHtml(html) {
  const out = [];
  for (const m of html.matchAll(/^var figure = (\{.*\});$/gm)) {
    try {
      out.push(JSON.parse(m[1]));
    } catch {
      // not a course figure
    }
  }
  return out;
}

/** The text a reader sees in one output of a code cell: stream text, text/plain, HTML tables, figure strings. */
export function outputText(output) {
  const join = (v) => (Array.isArray(v) ? v.join("") : String(v ?? ""));
  if (output.output_type === "stream") return join(output.text);
  if (output.output_type !== "display_data" && output.output_type !== "execute_result") return "";
  const data = output.data ?? {};
  const parts = [];
  if (data["text/html"] !== undefined) {
    const html = join(data["text/html"]);
    parts.push(htmlText(html));
    for (const figure of figuresInHtml(html)) parts.push(...figureStrings(figure));
  } else if (data["text/plain"] !== undefined) parts.push(join(data["text/plain"]));
  if (data["text/markdown"] !== undefined) parts.push(join(data["text/markdown"]));
  return parts.join("\n");
}

/** The heading level of a Markdown line (0 when it is not a heading). */
function headingLevel(line) {
  const m = /^(#{1,6})\s+\S/.exec(line);
  return m === null ? 0 : m[1].length;
}

const READING_MARK = /^\s*\*\*Reading the experiments?[.:]?\*\*/;
const READING_HEADING = /^#{1,6}\s+Reading the experiments?\s*$/;

/**
 * Splits a notebook into sections: a heading of level 1 to SECTION_LEVEL starts one, except a heading
 * "Reading the experiment", which heads the reading of the section it is in. Headings inside fenced code
 * blocks are code. Each section lists its prose pieces to check (readings and folded answers, with their cell
 * index) and its code cells.
 */
export function sections(notebook) {
  const result = [];
  let current = { heading: "(before the first heading)", pieces: [], codeCells: [] };
  result.push(current);
  notebook.cells.forEach((cell, index) => {
    const source = cellSource(cell);
    if (cell.cell_type === "code") {
      current.codeCells.push({ index, source, outputs: cell.outputs ?? [] });
      return;
    }
    if (cell.cell_type !== "markdown") return;
    // walk the cell line by line: headings switch sections, readings run to the next heading or the cell's end
    let inFence = false;
    let reading = null;
    const flush = () => {
      if (reading !== null) current.pieces.push({ cell: index, kind: "reading", text: reading.join("\n") });
      reading = null;
    };
    let details = null;
    for (const line of source.split("\n")) {
      if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
      const level = inFence ? 0 : headingLevel(line);
      if (level > 0 && details === null) {
        flush();
        if (READING_HEADING.test(line)) {
          reading = [];
          continue;
        }
        if (level <= SECTION_LEVEL) {
          current = { heading: line.replace(/^#+\s*/, ""), pieces: [], codeCells: [] };
          result.push(current);
        }
        continue;
      }
      if (!inFence && READING_MARK.test(line)) {
        flush();
        reading = [];
      }
      if (reading !== null) reading.push(line);
      // folded answers: from <details> to </details>, possibly on one line
      let rest = line;
      for (;;) {
        if (details === null) {
          const open = rest.search(/<details\b/i);
          if (open < 0) break;
          details = [];
          rest = rest.slice(open);
        }
        const close = rest.search(/<\/details>/i);
        if (close < 0) {
          details.push(rest);
          break;
        }
        details.push(rest.slice(0, close));
        if (reading === null) current.pieces.push({ cell: index, kind: "answer", text: details.join("\n") });
        details = null;
        rest = rest.slice(close + "</details>".length);
      }
    }
    if (details !== null && reading === null) current.pieces.push({ cell: index, kind: "answer", text: details.join("\n") });
    flush();
  });
  return result;
}

/**
 * Checks one notebook: every number of its readings and folded answers against what the code cells of its
 * section printed (or set, as a literal). Returns the counts (all numbers, those in folded answers, those
 * printed, those that are settings in the code) and the offenders.
 */
export function checkNotebook(notebook) {
  let numbers = 0;
  let printed = 0;
  let settings = 0;
  let inAnswers = 0;
  const offenders = [];
  for (const section of sections(notebook)) {
    if (section.pieces.length === 0) continue;
    const shown = section.codeCells.flatMap((c) => c.outputs.flatMap((o) => printedNumbers(outputText(o))));
    const literals = section.codeCells.flatMap((c) => codeLiterals(c.source));
    for (const piece of section.pieces) {
      for (const n of proseNumbers(piece.text)) {
        numbers += 1;
        if (piece.kind === "answer") inAnswers += 1;
        if (isPrinted(n, shown)) printed += 1;
        else if (literals.some((l) => l.value === n.value || (n.percent && Math.abs(l.value * 100 - n.value) < 1e-9 * n.value))) settings += 1;
        else offenders.push({ cell: piece.cell, kind: piece.kind, section: section.heading, number: n.token, context: n.context });
      }
    }
  }
  return { numbers, inAnswers, printed, settings, offenders };
}
