// The opt-in fast path for Adam and AdamW: the same update as lib/optimizers/adam.ts, run by a WebAssembly
// SIMD kernel over state that lives in the kernel's own memory. The readable loop stays the default and
// what the lessons show; this is for large parameter vectors, and agrees with it bit for bit.
import { Adam, type AdamOptions } from "../optimizers/adam";
import { checkNumber } from "../validate";
import { adamKernel } from "./adam-kernel";
import { assembleModule } from "./wat";

// The few WebAssembly APIs used here, typed locally (the project's TypeScript libs do not declare them).
interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
type AdamExport = (pOff: number, gOff: number, mOff: number, vOff: number, xOff: number, n: number, ...scalars: number[]) => void;
interface WasmApi {
  Memory: new (descriptor: { initial: number; maximum: number }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: { env: { memory: WasmMemory } }) => { exports: Record<string, AdamExport> };
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

const PAGE = 65536;
const MAX_PAGES = 65536; // 4 GiB, the most a 32-bit WebAssembly memory can address
const ALIGN = 64; // each array starts on a cache line (and so on a 16-byte SIMD boundary)

let compiled: object | null = null;

/** The compiled kernel module, assembled from its text on first use. */
function kernelModule(): object {
  compiled ??= new wasm.Module(assembleModule([adamKernel(false), adamKernel(true)]));
  return compiled;
}

/** Options of {@link FusedAdam}: Adam's, plus the length of the parameter vector. */
export interface FusedAdamOptions extends AdamOptions {
  /** Number of parameters; the kernel's memory is laid out once for exactly this many. */
  size: number;
}

/**
 * Adam (torch.optim.Adam semantics, L2 weight decay) on a WebAssembly SIMD kernel: two float64 lanes per
 * instruction, one pass, no allocation per step, results bit-identical to {@link Adam}. Step on
 * `fast.params` and `fast.grads` (views into the kernel's memory) to avoid any copy; any other Float64Arrays
 * of the right length also work, copied in and out at each step.
 */
export class FusedAdam extends Adam {
  readonly name: string = "FusedAdam";
  /** Parameters in the kernel's memory: fill them, then `step(fast.params, fast.grads)` runs without copies. */
  readonly params: Float64Array;
  /** Gradients in the kernel's memory, for the learner's code to write into. */
  readonly grads: Float64Array;
  private readonly length: number;
  private readonly memory: WasmMemory;
  private readonly offsets: { params: number; grads: number; m: number; v: number; vMax: number };
  private readonly kernel: AdamExport;

  constructor(options: FusedAdamOptions, defaultWeightDecay = 0) {
    super(options, defaultWeightDecay);
    const owner = new.target.name;
    const arrays = this.amsgrad ? 5 : 4;
    const maxSize = Math.floor((MAX_PAGES * PAGE) / arrays / 8) - ALIGN;
    this.length = checkNumber(owner, "size", options.size, { min: 1, max: maxSize, integer: true });
    const stride = Math.ceil((this.length * 8) / ALIGN) * ALIGN;
    this.offsets = { params: 0, grads: stride, m: 2 * stride, v: 3 * stride, vMax: 4 * stride };
    const pages = Math.ceil((arrays * stride) / PAGE);
    this.memory = new wasm.Memory({ initial: pages, maximum: pages });
    const instance = new wasm.Instance(kernelModule(), { env: { memory: this.memory } });
    this.kernel = instance.exports[this.amsgrad ? "adamAmsgrad" : "adam"];
    this.params = this.view(this.offsets.params);
    this.grads = this.view(this.offsets.grads);
  }

  private view(offset: number): Float64Array {
    return new Float64Array(this.memory.buffer, offset, this.length);
  }

  private owns(array: Float64Array, offset: number): boolean {
    return array.buffer === this.memory.buffer && array.byteOffset === offset;
  }

  protected allocate(n: number): void {
    if (n === 0) {
      this.expAvg = this.expAvgSq = this.maxExpAvgSq = null;
      return;
    }
    if (n !== this.length) {
      throw new RangeError(`${this.name}: params has length ${n} but this optimizer was built for size = ${this.length}`);
    }
    this.expAvg = this.view(this.offsets.m).fill(0);
    this.expAvgSq = this.view(this.offsets.v).fill(0);
    this.maxExpAvgSq = this.amsgrad ? this.view(this.offsets.vMax).fill(0) : null;
  }

  protected update(params: Float64Array, grads: Float64Array, t: number): void {
    const { beta1, beta2, eps, lr } = this;
    const l2 = this.decoupled ? 0 : this.weightDecay;
    const shrink = this.decoupled ? 1 - lr * this.weightDecay : 1;
    const stepSize = lr / (1 - Math.pow(beta1, t));
    const correction2Sqrt = Math.sqrt(1 - Math.pow(beta2, t));
    const paramsInPlace = this.owns(params, this.offsets.params);
    if (!paramsInPlace) this.params.set(params);
    if (!this.owns(grads, this.offsets.grads)) this.grads.set(grads);
    const o = this.offsets;
    this.kernel(o.params, o.grads, o.m, o.v, o.vMax, this.length, beta1, 1 - beta1, beta2, 1 - beta2, stepSize, correction2Sqrt, eps, shrink, l2);
    if (!paramsInPlace) params.set(this.params);
  }
}

/**
 * AdamW (torch.optim.AdamW semantics: decoupled weight decay, default λ = 1e-2) on the same kernel as
 * {@link FusedAdam}; bit-identical to {@link AdamW}.
 */
export class FusedAdamW extends FusedAdam {
  readonly name: string = "FusedAdamW";
  readonly decoupled: boolean = true;

  constructor(options: FusedAdamOptions) {
    super(options, 1e-2);
  }
}
