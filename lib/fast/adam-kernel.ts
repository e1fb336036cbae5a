// The fused Adam kernel in WebAssembly text: two float64 lanes per instruction (SIMD), then one scalar
// step for an odd last element. Every lane does the operations of the readable loop in lib/optimizers/adam.ts
// in the same order, and each of them (+, -, ×, ÷, √, max) is correctly rounded in IEEE 754, so the result
// is bit-identical to that loop (checked by test/fast.test.ts). WebAssembly never fuses a multiply-add.
import type { WatFunction } from "./wat";

/** One element of the update, as in the readable loop; `x` is "f64x2" or "f64", `load`/`store` to match. */
function update(x: "f64x2" | "f64", amsgrad: boolean): string {
  const [load, store] = x === "f64x2" ? ["v128.load", "v128.store"] : ["f64.load", "f64.store"];
  const k = x === "f64x2" ? "V" : ""; // splatted constants end in V
  const at = (base: string) => `local.get ${base}\nlocal.get i\ni32.add`;
  return `
    ;; p = params[i] * shrink
    ${at("pOff")}
    ${load}
    local.get shrink${k}
    ${x}.mul
    local.set p${k}
    ;; g = grads[i] + l2 * p
    ${at("gOff")}
    ${load}
    local.get l2${k}
    local.get p${k}
    ${x}.mul
    ${x}.add
    local.set g${k}
    ;; m = beta1 * m[i] + (1 - beta1) * g
    local.get beta1${k}
    ${at("mOff")}
    ${load}
    ${x}.mul
    local.get oneMinusBeta1${k}
    local.get g${k}
    ${x}.mul
    ${x}.add
    local.set m${k}
    ;; v = beta2 * v[i] + (1 - beta2) * g * g
    local.get beta2${k}
    ${at("vOff")}
    ${load}
    ${x}.mul
    local.get oneMinusBeta2${k}
    local.get g${k}
    ${x}.mul
    local.get g${k}
    ${x}.mul
    ${x}.add
    local.set v${k}
    ;; m[i] = m; v[i] = v
    ${at("mOff")}
    local.get m${k}
    ${store}
    ${at("vOff")}
    local.get v${k}
    ${store}
    ${
      amsgrad
        ? `;; v = max(vMax[i], v); vMax[i] = v
    ${at("xOff")}
    ${load}
    local.get v${k}
    ${x}.max
    local.set v${k}
    ${at("xOff")}
    local.get v${k}
    ${store}`
        : ""
    }
    ;; params[i] = p - (stepSize * m) / (sqrt(v) / correction2Sqrt + eps)
    ${at("pOff")}
    local.get p${k}
    local.get stepSize${k}
    local.get m${k}
    ${x}.mul
    local.get v${k}
    ${x}.sqrt
    local.get correction2Sqrt${k}
    ${x}.div
    local.get eps${k}
    ${x}.add
    ${x}.div
    ${x}.sub
    ${store}`;
}

const SCALARS = ["beta1", "oneMinusBeta1", "beta2", "oneMinusBeta2", "stepSize", "correction2Sqrt", "eps", "shrink", "l2"];

/**
 * `adam(pOff, gOff, mOff, vOff, xOff, n, beta1, 1 - beta1, beta2, 1 - beta2, stepSize, correction2Sqrt, eps,
 * shrink, l2)`: one Adam step over n float64 elements at the given byte offsets (16-byte aligned) in memory;
 * xOff is the running maximum of v, read only by the amsgrad variant.
 */
export function adamKernel(amsgrad: boolean): WatFunction {
  const splat = SCALARS.map((s) => `local.get ${s}\nf64x2.splat\nlocal.set ${s}V`).join("\n");
  return {
    name: amsgrad ? "adamAmsgrad" : "adam",
    params: [
      ["pOff", "i32"],
      ["gOff", "i32"],
      ["mOff", "i32"],
      ["vOff", "i32"],
      ["xOff", "i32"],
      ["n", "i32"],
      ...SCALARS.map((s): [string, "f64"] => [s, "f64"]),
    ],
    locals: [
      ["i", "i32"],
      ["pairBytes", "i32"],
      ...SCALARS.map((s): [string, "v128"] => [`${s}V`, "v128"]),
      ["pV", "v128"],
      ["gV", "v128"],
      ["mV", "v128"],
      ["vV", "v128"],
      ["p", "f64"],
      ["g", "f64"],
      ["m", "f64"],
      ["v", "f64"],
    ],
    body: `
      ${splat}
      ;; pairBytes = (n with its last bit cleared) * 8: the bytes covered two lanes at a time
      local.get n
      i32.const -2
      i32.and
      i32.const 3
      i32.shl
      local.set pairBytes
      block
        loop
          local.get i
          local.get pairBytes
          i32.ge_u
          br_if 1
          ${update("f64x2", amsgrad)}
          local.get i
          i32.const 16
          i32.add
          local.set i
          br 0
        end
      end
      ;; an odd n leaves one element, done with scalar instructions (i = pairBytes here)
      local.get n
      i32.const 1
      i32.and
      if
        ${update("f64", amsgrad)}
      end`,
  };
}
