// The opt-in fast path for Adam and AdamW: the same update as lib/optimizers/adam.ts, run by a WebAssembly
// SIMD kernel over state that lives in the kernel's own memory, optionally split across worker threads that
// share that memory. The readable loop stays the default and what the lessons show; this is for large
// parameter vectors, and agrees with it bit for bit.
import { Worker } from "node:worker_threads";
import { Adam, type AdamOptions, type AdamSettings } from "../optimizers/adam";
import type { ParamGroup } from "../optimizers/groups";
import { pow } from "../exact-math";
import { checkNumber } from "../validate";
import { adamKernel } from "./adam-kernel";
import { assembleModule } from "./wat";

// The few WebAssembly APIs used here, typed locally (the project's TypeScript libs do not declare them).
interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
}
type AdamExport = (pOff: number, gOff: number, mOff: number, vOff: number, xOff: number, n: number, ...scalars: number[]) => void;
interface WasmApi {
  Memory: new (descriptor: { initial: number; maximum: number; shared?: boolean }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: { env: { memory: WasmMemory } }) => { exports: Record<string, AdamExport> };
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

const PAGE = 65536;
const MAX_PAGES = 65536; // 4 GiB, the most a 32-bit WebAssembly memory can address
const ALIGN = 64; // each array starts on a cache line (and so on a 16-byte SIMD boundary)

const compiled = new Map<boolean, object>();

/** The compiled kernel module (for a plain or a shared memory), assembled from its text on first use. */
function kernelModule(shared: boolean): object {
  let module = compiled.get(shared);
  if (module === undefined) {
    module = new wasm.Module(assembleModule([adamKernel(false), adamKernel(true)], shared));
    compiled.set(shared, module);
  }
  return module;
}

/** Options of {@link FusedAdam}: Adam's without `groups`, plus the length of the parameter vector and the thread count. */
export interface FusedAdamOptions extends AdamOptions {
  /** Number of parameters; the kernel's memory is laid out once for exactly this many. */
  size: number;
  /** Threads that share each step (1 to 16, default 1): the caller's thread plus threads - 1 workers. */
  threads?: number;
}

// Each worker runs this script: it instantiates the kernel on the shared memory, then waits for the
// generation counter to change, updates its slice, counts itself done and waits again (-1 means stop).
const WORKER_SOURCE = `
const { workerData } = require("node:worker_threads");
const { module, memory, control, scalars, slot, exportName } = workerData;
const kernel = new WebAssembly.Instance(module, { env: { memory } }).exports[exportName];
const flags = new Int32Array(control);
const args = new Float64Array(scalars);
for (let seen = 0; ; ) {
  Atomics.wait(flags, 0, seen);
  seen = Atomics.load(flags, 0);
  if (seen < 0) break;
  const at = 8 * flags[8 + 2 * slot];
  kernel(flags[2] + at, flags[3] + at, flags[4] + at, flags[5] + at, flags[6] + at, flags[9 + 2 * slot],
    args[0], args[1], args[2], args[3], args[4], args[5], args[6], args[7], args[8]);
  Atomics.add(flags, 1, 1);
  Atomics.notify(flags, 1);
}`;

/**
 * Adam (torch.optim.Adam semantics, L2 weight decay) on a WebAssembly SIMD kernel: two float64 lanes per
 * instruction, one pass, no allocation per step, results bit-identical to {@link Adam} (each element goes
 * through the same operations whichever thread updates it). Step on `fast.params` and `fast.grads` (views
 * into the kernel's memory) to avoid any copy; other Float64Arrays of the right length also work, copied
 * in and out at each step. With `threads > 1`, call `close()` when done to stop the workers.
 */
export class FusedAdam extends Adam {
  readonly name: string = "FusedAdam";
  /** Parameters in the kernel's memory: fill them, then `step(fast.params, fast.grads)` runs without copies. */
  readonly params: Float64Array;
  /** Gradients in the kernel's memory, for the learner's code to write into. */
  readonly grads: Float64Array;
  /** Threads sharing each step. */
  readonly threads: number;
  private readonly length: number;
  private readonly buffer: ArrayBuffer | SharedArrayBuffer;
  private readonly offsets: { params: number; grads: number; m: number; v: number; vMax: number };
  private readonly kernel: AdamExport;
  private readonly workers: Worker[] = [];
  private readonly flags: Int32Array | null = null;
  private readonly scalars: Float64Array | null = null;

  constructor(options: FusedAdamOptions, defaultWeightDecay = 0) {
    super(options, defaultWeightDecay);
    const owner = new.target.name;
    if (options.groups !== undefined) {
      // One kernel call per step uses one set of options for the whole vector; groups would break that.
      throw new RangeError(`${owner}: groups are not supported by the fused kernel; use ${owner.slice("Fused".length)} from @optlab/lib for parameter groups`);
    }
    const arrays = this.amsgrad ? 5 : 4;
    const maxSize = Math.floor((MAX_PAGES * PAGE) / arrays / 8) - ALIGN;
    this.length = checkNumber(owner, "size", options.size, { min: 1, max: maxSize, integer: true });
    this.threads = checkNumber(owner, "threads", options.threads ?? 1, { min: 1, max: 16, integer: true });
    const stride = Math.ceil((this.length * 8) / ALIGN) * ALIGN;
    this.offsets = { params: 0, grads: stride, m: 2 * stride, v: 3 * stride, vMax: 4 * stride };
    const pages = Math.ceil((arrays * stride) / PAGE);
    const memory = new wasm.Memory({ initial: pages, maximum: pages, shared: this.threads > 1 });
    this.buffer = memory.buffer; // never grown, so this buffer stays valid
    const exportName = this.amsgrad ? "adamAmsgrad" : "adam";
    this.kernel = new wasm.Instance(kernelModule(this.threads > 1), { env: { memory } }).exports[exportName];
    this.params = this.view(this.offsets.params);
    this.grads = this.view(this.offsets.grads);
    if (this.threads > 1) {
      const control = new SharedArrayBuffer(4 * (8 + 2 * this.threads));
      const scalars = new SharedArrayBuffer(8 * 9);
      this.flags = new Int32Array(control);
      this.scalars = new Float64Array(scalars);
      const o = this.offsets;
      this.flags.set([0, 0, o.params, o.grads, o.m, o.v, o.vMax]);
      for (let slot = 1; slot < this.threads; slot++) {
        const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { module: kernelModule(true), memory, control, scalars, slot, exportName } });
        worker.unref(); // idle workers do not keep the process alive
        this.workers.push(worker);
      }
    }
  }

  private view(offset: number): Float64Array {
    return new Float64Array(this.buffer, offset, this.length);
  }

  private owns(array: Float64Array, offset: number): boolean {
    return array.buffer === this.buffer && array.byteOffset === offset;
  }

  /** Stops the worker threads (threads > 1); the optimizer cannot step afterwards. */
  close(): void {
    if (this.flags === null) return;
    Atomics.store(this.flags, 0, -1);
    Atomics.notify(this.flags, 0);
    this.workers.length = 0;
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

  protected update(params: Float64Array, grads: Float64Array, t: number, group: ParamGroup<AdamSettings>): void {
    // The single group [0, Infinity) holds the options; its lr is what a schedule writes.
    const { eps, lr, weightDecay } = group;
    const beta1 = group.betas[0];
    const beta2 = group.betas[1];
    const l2 = this.decoupled ? 0 : weightDecay;
    const shrink = this.decoupled ? 1 - lr * weightDecay : 1;
    const stepSize = lr / (1 - pow(beta1, t));
    const correction2Sqrt = Math.sqrt(1 - pow(beta2, t));
    const paramsInPlace = this.owns(params, this.offsets.params);
    if (!paramsInPlace) this.params.set(params);
    if (!this.owns(grads, this.offsets.grads)) this.grads.set(grads);
    const o = this.offsets;
    // Slices of an even number of elements, so every slice starts on a 16-byte boundary; slot 0 is ours.
    const chunk = 2 * Math.ceil(this.length / (2 * this.threads));
    const mine = Math.min(chunk, this.length);
    if (this.flags !== null && this.scalars !== null) {
      if (this.workers.length === 0) throw new Error(`${this.name}: step() after close()`);
      const flags = this.flags;
      this.scalars.set([beta1, 1 - beta1, beta2, 1 - beta2, stepSize, correction2Sqrt, eps, shrink, l2]);
      for (let slot = 1; slot < this.threads; slot++) {
        const from = Math.min(slot * chunk, this.length);
        flags[8 + 2 * slot] = from;
        flags[9 + 2 * slot] = Math.min(chunk, this.length - from);
      }
      Atomics.store(flags, 1, 0);
      Atomics.add(flags, 0, 1);
      Atomics.notify(flags, 0);
      this.kernel(o.params, o.grads, o.m, o.v, o.vMax, mine, beta1, 1 - beta1, beta2, 1 - beta2, stepSize, correction2Sqrt, eps, shrink, l2);
      for (let done = Atomics.load(flags, 1); done < this.workers.length; done = Atomics.load(flags, 1)) Atomics.wait(flags, 1, done);
    } else {
      this.kernel(o.params, o.grads, o.m, o.v, o.vMax, mine, beta1, 1 - beta1, beta2, 1 - beta2, stepSize, correction2Sqrt, eps, shrink, l2);
    }
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
