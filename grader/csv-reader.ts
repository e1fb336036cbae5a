// Reads CSV text as RFC 4180 defines it: fields separated by commas, records by CRLF or LF, a field in
// double quotes may hold commas, line breaks and doubled quotes (""). Strict: a stray quote is an error
// that names its line, so a damaged file is never read as something else.

/** One record of a CSV file, with the line it starts on (1-based; a quoted line break moves later records down). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/** Splits CSV text into records; throws an Error naming the line of the first malformed field. */
export function readCsv(text: string): CsvRecord[] {
  const source = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let line = 1;
  let recordLine = 1;
  let i = 0;
  const endRecord = (): void => {
    fields.push(field);
    // A line with nothing on it is not a record (a trailing blank line, say).
    if (!(fields.length === 1 && fields[0] === "")) records.push({ line: recordLine, fields });
    fields = [];
    field = "";
  };
  while (i < source.length) {
    const c = source[i];
    if (c === '"' && field === "") {
      // A quoted field: runs to the next quote that is not doubled.
      const startLine = line;
      i += 1;
      for (;;) {
        if (i >= source.length) throw new Error(`line ${startLine}: a quoted field is never closed (a " is missing)`);
        const q = source[i];
        if (q === '"' && source[i + 1] === '"') {
          field += '"';
          i += 2;
        } else if (q === '"') {
          i += 1;
          break;
        } else {
          if (q === "\n") line += 1;
          field += q;
          i += 1;
        }
      }
      const next = source[i];
      if (next !== undefined && next !== "," && next !== "\n" && next !== "\r") {
        throw new Error(`line ${line}: text after the closing quote of a field (${JSON.stringify(source.slice(i, i + 20))}); a quote inside a quoted field is written ""`);
      }
      fields.push(field);
      field = "";
      if (next === ",") i += 1;
      else if (next === undefined) {
        records.push({ line: recordLine, fields });
        fields = [];
        return records;
      } else {
        i += next === "\r" && source[i + 1] === "\n" ? 2 : 1;
        records.push({ line: recordLine, fields });
        fields = [];
        line += 1;
        recordLine = line;
      }
      continue;
    }
    if (c === '"') throw new Error(`line ${line}: a " inside an unquoted field (${JSON.stringify(field + '"')}); quote the whole field and double the quote`);
    if (c === ",") {
      fields.push(field);
      field = "";
      i += 1;
    } else if (c === "\n" || c === "\r") {
      i += c === "\r" && source[i + 1] === "\n" ? 2 : 1;
      endRecord();
      line += 1;
      recordLine = line;
    } else {
      field += c;
      i += 1;
    }
  }
  if (field !== "" || fields.length > 0) endRecord();
  return records;
}
