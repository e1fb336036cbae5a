// A tiny assembler from WebAssembly text to binary, for the fast path. It knows only what the kernels in
// this folder use: one function body at a time written as flat WAT instructions (one per line, no folded
// S-expressions), named parameters and locals, and the module around them (one imported memory, exported
// functions). Opcode numbers are from the WebAssembly core specification and its SIMD proposal (§5.4).

/** Value types of parameters and locals. */
export type ValueType = "i32" | "f64" | "v128";

/** A function to assemble: named, typed parameters and locals, and flat WAT instructions as text. */
export interface WatFunction {
  name: string;
  params: [string, ValueType][];
  locals: [string, ValueType][];
  body: string;
}

const TYPE_CODE: Record<ValueType, number> = { i32: 0x7f, f64: 0x7c, v128: 0x7b };

// Instructions without immediates, and their opcodes (SIMD ones after the 0xfd prefix).
const PLAIN: Record<string, number> = {
  end: 0x0b,
  "i32.add": 0x6a,
  "i32.sub": 0x6b,
  "i32.and": 0x71,
  "i32.shl": 0x74,
  "i32.eqz": 0x45,
  "i32.ge_u": 0x4f,
  "i32.lt_u": 0x49,
  "f64.add": 0xa0,
  "f64.sub": 0xa1,
  "f64.mul": 0xa2,
  "f64.div": 0xa3,
  "f64.sqrt": 0x9f,
  "f64.max": 0xa5,
};
const SIMD: Record<string, number> = {
  "f64x2.splat": 0x14,
  "f64x2.sqrt": 0xef,
  "f64x2.add": 0xf0,
  "f64x2.sub": 0xf1,
  "f64x2.mul": 0xf2,
  "f64x2.div": 0xf3,
  "f64x2.max": 0xf5,
};
// Memory instructions: opcode and the natural alignment (log2 of the access size).
const MEMORY: Record<string, { prefix?: number; code: number; align: number }> = {
  "f64.load": { code: 0x2b, align: 3 },
  "f64.store": { code: 0x39, align: 3 },
  "v128.load": { prefix: 0xfd, code: 0x00, align: 4 },
  "v128.store": { prefix: 0xfd, code: 0x0b, align: 4 },
};

/** Unsigned LEB128. */
function uleb(value: number): number[] {
  const bytes: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    bytes.push(byte);
  } while (value !== 0);
  return bytes;
}

/** Signed LEB128 (32-bit). */
function sleb(value: number): number[] {
  const bytes: number[] = [];
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    if ((value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0)) {
      bytes.push(byte);
      return bytes;
    }
    bytes.push(byte | 0x80);
  }
}

function utf8(text: string): number[] {
  const bytes = Array.from(new TextEncoder().encode(text));
  return [...uleb(bytes.length), ...bytes];
}

function vector(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function section(id: number, content: number[]): number[] {
  return [id, ...uleb(content.length), ...content];
}

/** Assembles the body of one function: its local declarations and instructions, ending with `end`. */
function assembleBody(fn: WatFunction): number[] {
  const index = new Map<string, number>();
  [...fn.params, ...fn.locals].forEach(([name], i) => index.set(name, i));
  const code: number[] = [];
  const lines = fn.body
    .split("\n")
    .map((line) => line.replace(/;;.*$/, "").trim())
    .filter((line) => line.length > 0);
  for (const line of lines) {
    const [op, arg] = line.split(/\s+/);
    const where = `${fn.name}: "${line}"`;
    if (op in PLAIN) code.push(PLAIN[op]);
    else if (op in SIMD) code.push(0xfd, ...uleb(SIMD[op]));
    else if (op in MEMORY) {
      const m = MEMORY[op];
      if (m.prefix !== undefined) code.push(m.prefix);
      code.push(...uleb(m.code), ...uleb(m.align), ...uleb(0));
    } else if (op === "local.get" || op === "local.set" || op === "local.tee") {
      const i = index.get(arg);
      if (i === undefined) throw new Error(`wat: unknown local in ${where}`);
      code.push({ "local.get": 0x20, "local.set": 0x21, "local.tee": 0x22 }[op], ...uleb(i));
    } else if (op === "i32.const") code.push(0x41, ...sleb(Number(arg)));
    else if (op === "block" || op === "loop" || op === "if") code.push({ block: 0x02, loop: 0x03, if: 0x04 }[op], 0x40);
    else if (op === "br" || op === "br_if") code.push(op === "br" ? 0x0c : 0x0d, ...uleb(Number(arg)));
    else throw new Error(`wat: unsupported instruction in ${where}`);
  }
  // Locals are declared one group per local, in order, so their indices follow the parameters.
  const locals = vector(fn.locals.map(([, type]) => [1, TYPE_CODE[type]]));
  const body = [...locals, ...code, 0x0b];
  return [...uleb(body.length), ...body];
}

/**
 * A complete module: imports `env.memory` (at least one 64 KiB page; with `sharedMemory`, a shared memory
 * of at most 65536 pages, as worker threads need) and exports every function by name. The functions
 * return nothing.
 */
export function assembleModule(functions: WatFunction[], sharedMemory = false): Uint8Array {
  const types = vector(functions.map((fn) => [0x60, ...vector(fn.params.map(([, t]) => [TYPE_CODE[t]])), 0]));
  // Memory limits: flag 0x00 = minimum only; 0x03 = shared, minimum and maximum.
  const limits = sharedMemory ? [0x03, ...uleb(1), ...uleb(65536)] : [0x00, ...uleb(1)];
  const imports = vector([[...utf8("env"), ...utf8("memory"), 0x02, ...limits]]);
  const declared = vector(functions.map((_, i) => uleb(i)));
  const exports = vector(functions.map((fn, i) => [...utf8(fn.name), 0x00, ...uleb(i)]));
  const bodies = vector(functions.map(assembleBody));
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, types),
    ...section(2, imports),
    ...section(3, declared),
    ...section(7, exports),
    ...section(10, bodies),
  ]);
}
