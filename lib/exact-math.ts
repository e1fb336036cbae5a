// exp, log, pow, cos and tanh, correctly rounded in all but pathological cases, the same in every engine.
//
// Why not Math.*: the ECMAScript standard leaves the accuracy of Math.pow, Math.exp, Math.cos, ... to the
// engine, and engines differ in the last bit: Node 20's V8 and a current Chromium disagree on about one in ten
// of the powers β^t that Adam's bias correction takes. So a run in the browser playground was not bit for bit
// the run in a notebook. The functions here use only + - × ÷ and sqrt, which IEEE 754 defines to the bit, so
// they give the same double in every engine; and they compute the result to about 2^-100 relative error in
// double-double arithmetic before rounding once to the nearest double. That final double is the correctly
// rounded value unless the exact result lies within ~2^-100 of a midpoint between two doubles, which none of
// the course's inputs comes near (test/lib/exact-math.test.ts checks tens of thousands against mpmath).
// C's libm (glibc), behind Python's math and PyTorch's Python-side floats such as β^t, is not correctly
// rounded everywhere: it agrees with these functions on all the exponentials tested, on about 999 in 1000
// of the powers and cosines, 91 in 100 of the tanh values, and is one ulp (tanh: two) off on the rest.
//
// Double-double ("dd"): a number held as an unevaluated sum hi + lo of two doubles with |lo| <= ulp(hi)/2,
// about 106 significant bits (Dekker 1971, "A floating-point technique for extending the available
// precision"; Knuth, TAOCP vol. 2, 4.2.2; the QD library of Hida, Li and Bailey). The dd helpers below write
// their result to DD[0] + DD[1] instead of returning a pair, so the hot path allocates nothing. The price is
// speed: a call costs about 10 to 30 times Math's (0.3 to 1 µs), which is nothing next to a step over many
// parameters, and makes Adam's step on a 2-parameter surface about 1.7 to 2 times slower.

/**
 * The result of the last double-double helper: the number DD[0] + DD[1]. A Float64Array, not two `let`s:
 * V8 keeps a typed array's doubles unboxed, while each write of a double to a module variable allocates.
 */
const DD = new Float64Array(2);

/** DD = a + b exactly, DD[0] = fl(a + b) (Knuth's TwoSum, any a and b). */
function twoSum(a: number, b: number): void {
  const s = a + b;
  const bv = s - a;
  DD[1] = a - (s - bv) + (b - bv);
  DD[0] = s;
}

/** DD = a + b exactly when |a| >= |b| (Dekker's FastTwoSum); renormalizes a double-double. */
function fastTwoSum(a: number, b: number): void {
  const s = a + b;
  DD[1] = b - (s - a);
  DD[0] = s;
}

/** 2^27 + 1: multiplying by it splits a double into two halves of 26 bits (Veltkamp's split). */
const SPLITTER = 134217729;

/** DD = a · b exactly for |a|, |b| < 2^996 (Dekker's TwoProduct with Veltkamp's split; JavaScript has no fused multiply-add). */
function twoProd(a: number, b: number): void {
  const p = a * b;
  const ca = SPLITTER * a;
  const ah = ca - (ca - a);
  const al = a - ah;
  const cb = SPLITTER * b;
  const bh = cb - (cb - b);
  const bl = b - bh;
  DD[1] = ah * bh - p + ah * bl + al * bh + al * bl;
  DD[0] = p;
}

/** (ah + al) + b in double-double (TwoSum twice: safe also when ah + b cancels). */
function ddAddD(ah: number, al: number, b: number): void {
  twoSum(ah, b);
  twoSum(DD[0], DD[1] + al);
}

/** (ah + al) + (bh + bl) in double-double (the accurate sum of the QD library). */
function ddAdd(ah: number, al: number, bh: number, bl: number): void {
  twoSum(al, bl);
  const th = DD[0];
  const tl = DD[1];
  twoSum(ah, bh);
  fastTwoSum(DD[0], DD[1] + th);
  fastTwoSum(DD[0], DD[1] + tl);
}

/** (ah + al) + (bh + bl) in double-double when |ah| > 2|bh| (little cancellation): a Horner step's constant plus the rest. */
function ddAddDominant(ah: number, al: number, bh: number, bl: number): void {
  const s = ah + bh;
  fastTwoSum(s, bh - (s - ah) + (al + bl));
}

/** (ah + al) · (bh + bl) in double-double. */
function ddMul(ah: number, al: number, bh: number, bl: number): void {
  twoProd(ah, bh);
  fastTwoSum(DD[0], DD[1] + (ah * bl + al * bh));
}

/** (ah + al) · b in double-double. */
function ddMulD(ah: number, al: number, b: number): void {
  twoProd(ah, b);
  fastTwoSum(DD[0], DD[1] + al * b);
}

/** (ah + al) / (bh + bl) in double-double: q₁ = ah / bh, then q₂ = (a - q₁·b) / bh corrects it. */
function ddDiv(ah: number, al: number, bh: number, bl: number): void {
  const q1 = ah / bh;
  twoProd(q1, bh);
  const q2 = (ah - DD[0] - DD[1] + al - q1 * bl) / bh;
  fastTwoSum(q1, q2);
}

/** (ah + al) / b in double-double. */
function ddDivD(ah: number, al: number, b: number): void {
  const q1 = ah / b;
  twoProd(q1, b);
  const q2 = (ah - DD[0] - DD[1] + al) / b;
  fastTwoSum(q1, q2);
}

// Bits of a double, for the exponent of log's argument and for exact powers of two.
const BITS = new DataView(new ArrayBuffer(8));

/** 2^k for an integer k in [-1022, 1023], assembled from its bits (exact). */
function twoTo(k: number): number {
  BITS.setUint32(0, (k + 1023) * 1048576); // biased exponent in bits 52..62, mantissa 0
  BITS.setUint32(4, 0);
  return BITS.getFloat64(0);
}

/** The binary exponent e of a positive normal double x = m · 2^e with m in [1, 2). */
function exponentOf(x: number): number {
  BITS.setFloat64(0, x);
  return ((BITS.getUint32(0) >>> 20) & 0x7ff) - 1023;
}

/** The m in [1, 2) of a positive normal double x = m · 2^e: x with its biased exponent set to 1023 (exact). */
function mantissaOf(x: number): number {
  BITS.setFloat64(0, x);
  BITS.setUint32(0, (BITS.getUint32(0) & 0x000fffff) + 0x3ff00000);
  return BITS.getFloat64(0);
}

// ln 2 = LN2_1 + LN2_2 + LN2_3 to 2^-144 (from mpmath at 400 bits). LN2_1 and LN2_2 have 42 significant
// bits, so k · LN2_1 and k · LN2_2 are exact for |k| < 2^11 (all exponents of a double).
const LN2_1 = 0.6931471805598903; // 0x1.62e42fefa3800p-1
const LN2_2 = 5.4979230187085024e-14; // 0x1.ef35793c76800p-45
const LN2_3 = -1.3124698417785255e-27; // -0x1.9ff0342542fc3p-90
const INV_LN2 = 1.4426950408889634; // 1 / ln 2, rounded (only picks k; any nearby value works)

// π/2 = PI_2_1 + ... + PI_2_7 to 2^-225 (from mpmath at 400 bits). The first six pieces have 27 significant
// bits, so k · PI_2_i is exact for |k| < 2^26; that bounds cos's argument (COS_MAX_ARGUMENT).
const PI_2_1 = 1.570796325802803; // 0x1.921fb54000000p+0
const PI_2_2 = 9.920935739593517e-10; // 0x1.10b4610000000p-30
const PI_2_3 = 5.721188709663575e-18; // 0x1.a626330000000p-58
const PI_2_4 = 1.6446256892965207e-26; // 0x1.45c06e0000000p-86
const PI_2_5 = 4.33590508026481e-35; // 0x1.cd12904000000p-115
const PI_2_6 = -1.5202919537916542e-43; // -0x1.b1f7758000000p-143
const PI_2_7 = -5.053478687678417e-52; // -0x1.8338bfdf4415ap-171
const TWO_OVER_PI = 0.6366197723675814; // 2 / π, rounded (only picks the quadrant k)

/** The largest |x| cos accepts: k = round(x · 2/π) stays below 2^26, where the reduction is exact. */
export const COS_MAX_ARGUMENT = 1e8;

// exp's working result, written by expParts: e^z = 2^EXP[0] · (1 + EXP[1] + EXP[2]).
const EXP = new Float64Array(3);

// 1/k! for the Taylor series of e^s - 1: k <= 7 as double-doubles (EXP_C_HI + EXP_C_LO), k = 8..13 as doubles
// (their terms are below 2^-106 of the sum, so one double each is enough); all from IEEE divisions at load.
const EXP_DD_TERMS = 7;
const EXP_TERMS = 13;
const EXP_C_HI = new Float64Array(EXP_TERMS + 1);
const EXP_C_LO = new Float64Array(EXP_TERMS + 1);
EXP_C_HI[1] = 1;
for (let k = 2; k <= EXP_TERMS; k++) {
  ddDivD(EXP_C_HI[k - 1], EXP_C_LO[k - 1], k);
  EXP_C_HI[k] = DD[0];
  EXP_C_LO[k] = DD[1];
}

/**
 * Splits e^(zh + zl) (|zh| <= 746) as 2^k · (1 + u), u = e^r - 1 in double-double, where r = z - k·ln 2 and
 * |r| <= ln2 / 2: the Taylor series of e^s - 1 for s = r/16, then four doublings u ← u·(2 + u), since
 * e^(2s) - 1 = (e^s - 1)(e^s + 1). Keeping u = e^s - 1 (not e^s) keeps its relative accuracy.
 */
function expParts(zh: number, zl: number): void {
  const k = Math.round(zh * INV_LN2);
  twoSum(zh - k * LN2_1, -k * LN2_2); // zh - k·LN2_1 is exact (Sterbenz), so is k·LN2_2
  ddAddD(DD[0], DD[1], zl);
  ddAddD(DD[0], DD[1], -k * LN2_3);
  const sh = DD[0] / 16;
  const sl = DD[1] / 16;
  // e^s - 1 = s(c₁ + s(c₂ + s(c₃ + ...))), cₙ = 1/n!, |s| <= 0.0217: the first term left out is < 2^-107 · s.
  let th = EXP_C_HI[EXP_TERMS];
  for (let n = EXP_TERMS - 1; n > EXP_DD_TERMS; n--) th = EXP_C_HI[n] + sh * th;
  let tl = 0;
  for (let n = EXP_DD_TERMS; n >= 1; n--) {
    ddMul(sh, sl, th, tl);
    ddAddDominant(EXP_C_HI[n], EXP_C_LO[n], DD[0], DD[1]); // |s·t| < 0.03 cₙ
    th = DD[0];
    tl = DD[1];
  }
  ddMul(sh, sl, th, tl);
  let uh = DD[0];
  let ul = DD[1];
  for (let i = 0; i < 4; i++) {
    ddAddD(uh, ul, 2);
    ddMul(uh, ul, DD[0], DD[1]);
    uh = DD[0];
    ul = DD[1];
  }
  EXP[0] = k;
  EXP[1] = uh;
  EXP[2] = ul;
}

const TWO_MINUS_600 = twoTo(-600);
const TWO_MINUS_422 = twoTo(-422); // 2^-1022 (the smallest normal double) scaled by 2^600

/**
 * The double nearest (vh + vl) · 2^k, for a normalized double-double v in [0.5, 2), rounded once, also when
 * the result is subnormal (where multiplying vh by 2^k would round a second time).
 */
function scaleRounded(vh: number, vl: number, k: number): number {
  if (k > -1022) return k > 1000 ? vh * twoTo(k - 1000) * twoTo(1000) : vh * twoTo(k); // exact, or overflow to ∞
  if (k < -1080) return 0;
  // Scaled up by 2^600, the result y is below 2^-422, and 2^-422 + y lies in [2^-422, 2^-421], whose doubles
  // are spaced 2^-474: exactly the subnormal spacing 2^-1074 scaled up. Adding 2^-422 rounds y there, once.
  const yh = vh * twoTo(k + 600);
  const yl = vl * twoTo(k + 600);
  if (yh >= TWO_MINUS_422) return yh * TWO_MINUS_600; // normal after all
  twoSum(TWO_MINUS_422, yh);
  const rounded = DD[0] + (DD[1] + yl);
  return (rounded - TWO_MINUS_422) * TWO_MINUS_600; // both steps exact
}

/** e^x, correctly rounded (in all but pathological cases): e^x = 2^k · e^r, r = x - k·ln 2. */
export function exp(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x > 710) return Infinity;
  if (x < -746) return 0;
  if (x === 0) return 1;
  expParts(x, 0);
  ddAddD(EXP[1], EXP[2], 1);
  return scaleRounded(DD[0], DD[1], EXP[0]);
}

// 1/(2n + 1) as double-doubles, the coefficients of atanh's series; computed with IEEE operations only.
const LOG_TERMS = 21;
const INV_ODD_HI = new Float64Array(LOG_TERMS);
const INV_ODD_LO = new Float64Array(LOG_TERMS);
for (let n = 0; n < LOG_TERMS; n++) {
  ddDivD(1, 0, 2 * n + 1);
  INV_ODD_HI[n] = DD[0];
  INV_ODD_LO[n] = DD[1];
}

const SQRT2 = 1.4142135623730951; // √2, rounded (only picks the interval of m)

/** Writes x = m · 2^e with m in [√½, √2] for a positive finite x: m to LOG_M[0], e to LOG_M[1]. */
const LOG_M = new Float64Array(2);
function splitForLog(x: number): void {
  let e = 0;
  if (x < 2.2250738585072014e-308) {
    x *= twoTo(54); // subnormal: scale into the normal range first (exact)
    e = -54;
  }
  let m = mantissaOf(x);
  e += exponentOf(x);
  if (m > SQRT2) {
    m /= 2;
    e += 1;
  }
  LOG_M[0] = m;
  LOG_M[1] = e;
}

/** e · ln 2 + (mh + ml) in double-double; e · LN2_1 and e · LN2_2 are exact. */
function addLn2Times(e: number, mh: number, ml: number): void {
  twoSum(e * LN2_1, e * LN2_2);
  ddAddD(DD[0], DD[1], e * LN2_3);
  ddAdd(DD[0], DD[1], mh, ml);
}

/**
 * ln x in double-double by the series alone (slow; builds the table of logDD at load): x = m · 2^e, and
 * ln m = 2 atanh f = 2(f + f³/3 + f⁵/5 + ...) with f = (m - 1)/(m + 1), |f| <= 0.172.
 */
function logSeriesDD(x: number): void {
  splitForLog(x);
  const m = LOG_M[0];
  const e = LOG_M[1];
  twoSum(m, 1);
  ddDiv(m - 1, 0, DD[0], DD[1]); // m - 1 is exact (Sterbenz)
  const fh = DD[0];
  const fl = DD[1];
  ddMul(fh, fl, fh, fl);
  const f2h = DD[0];
  const f2l = DD[1];
  // Σ f^(2n) / (2n + 1) for n < 21 by Horner; the first term left out is < 2^-107 of the sum.
  let th = INV_ODD_HI[LOG_TERMS - 1];
  let tl = INV_ODD_LO[LOG_TERMS - 1];
  for (let n = LOG_TERMS - 2; n >= 0; n--) {
    ddMul(f2h, f2l, th, tl);
    ddAdd(DD[0], DD[1], INV_ODD_HI[n], INV_ODD_LO[n]);
    th = DD[0];
    tl = DD[1];
  }
  ddMul(fh, fl, th, tl);
  addLn2Times(e, 2 * DD[0], 2 * DD[1]);
}

// Tang's table for ln ("Table-driven implementation of the logarithm function", ACM TOMS 16, 1990): m is
// within 1/128 of a centre 1 + j/64, j = -19..27; LOG_C[j] = 1/(1 + j/64) rounded, and -ln LOG_C[j] in
// double-double, from the series above at load. For j = 0, LOG_C is 1 and ln m = ln(1 + (m - 1)) exactly.
const LOG_J_MIN = -19;
const LOG_J_MAX = 27;
const LOG_C = new Float64Array(LOG_J_MAX - LOG_J_MIN + 1);
const LOG_NEG_LN_C_HI = new Float64Array(LOG_C.length);
const LOG_NEG_LN_C_LO = new Float64Array(LOG_C.length);
for (let j = LOG_J_MIN; j <= LOG_J_MAX; j++) {
  const c = 1 / (1 + j / 64);
  LOG_C[j - LOG_J_MIN] = c;
  if (j === 0) continue;
  logSeriesDD(c);
  LOG_NEG_LN_C_HI[j - LOG_J_MIN] = -DD[0];
  LOG_NEG_LN_C_LO[j - LOG_J_MIN] = -DD[1];
}

// (-1)^(k+1)/k for the series of ln(1 + r): k <= 8 as double-doubles, k = 9..16 as doubles (enough there).
const LOG1P_DD_TERMS = 8;
const LOG1P_TERMS = 16;
const LOG1P_A_HI = new Float64Array(LOG1P_TERMS + 1);
const LOG1P_A_LO = new Float64Array(LOG1P_TERMS + 1);
for (let k = 1; k <= LOG1P_TERMS; k++) {
  ddDivD(k % 2 === 1 ? 1 : -1, 0, k);
  LOG1P_A_HI[k] = DD[0];
  LOG1P_A_LO[k] = DD[1];
}

/**
 * ln x for a positive finite x, in double-double (DD): x = m · 2^e with m in [√½, √2], m = (1 + r)/c with c
 * from Tang's table, r = m·c - 1 exact as a double-double and |r| < 0.0112, so
 * ln x = e·ln 2 - ln c + ln(1 + r), ln(1 + r) = r - r²/2 + r³/3 - ... (16 terms).
 */
function logDD(x: number): void {
  splitForLog(x);
  const m = LOG_M[0];
  const e = LOG_M[1];
  const i = Math.round((m - 1) * 64) - LOG_J_MIN; // m - 1 is exact
  twoProd(m, LOG_C[i]);
  twoSum(DD[0] - 1, DD[1]); // r = m·c - 1; DD[0] - 1 is exact (Sterbenz)
  const rh = DD[0];
  const rl = DD[1];
  let th = LOG1P_A_HI[LOG1P_TERMS];
  for (let k = LOG1P_TERMS - 1; k > LOG1P_DD_TERMS; k--) th = LOG1P_A_HI[k] + rh * th;
  let tl = 0;
  for (let k = LOG1P_DD_TERMS; k >= 1; k--) {
    ddMul(rh, rl, th, tl);
    ddAddDominant(LOG1P_A_HI[k], LOG1P_A_LO[k], DD[0], DD[1]); // |r·t| < 0.03 |aₖ|
    th = DD[0];
    tl = DD[1];
  }
  ddMul(rh, rl, th, tl);
  ddAdd(DD[0], DD[1], LOG_NEG_LN_C_HI[i], LOG_NEG_LN_C_LO[i]);
  addLn2Times(e, DD[0], DD[1]);
}

/** ln x, correctly rounded (in all but pathological cases); ln 0 = -∞, ln of a negative number is NaN. */
export function log(x: number): number {
  if (Number.isNaN(x) || x < 0) return NaN;
  if (x === 0) return -Infinity;
  if (x === Infinity) return Infinity;
  if (x === 1) return 0;
  logDD(x);
  return DD[0];
}

/** True when y is an odd integer (for the sign of a negative base's power). */
function isOddInteger(y: number): boolean {
  return Number.isInteger(y) && Math.abs(y % 2) === 1;
}

/**
 * x^y = e^(y · ln x), correctly rounded (in all but pathological cases; exact halfway cases x^n with integer n
 * are rounded from the exact value; the error before rounding grows to ~2^-95 as |y ln x| nears 745, the
 * ends of the double range), with Math.pow's special cases:
 * x^±0 = 1 (even for NaN x), NaN in → NaN, 0^y and ∞^y as IEEE, (±1)^±∞ = NaN, a negative x only with an
 * integer y (otherwise NaN).
 */
export function pow(x: number, y: number): number {
  if (Number.isNaN(y)) return NaN;
  if (y === 0) return 1;
  if (Number.isNaN(x)) return NaN;
  if (y === 1) return x;
  const ax = Math.abs(x);
  if (y === Infinity || y === -Infinity) {
    if (ax === 1) return NaN;
    return ax > 1 === y > 0 ? Infinity : 0;
  }
  const negative = x < 0 || Object.is(x, -0) ? isOddInteger(y) : false;
  if (x < 0 && x !== -Infinity && !Number.isInteger(y)) return NaN;
  let result: number;
  if (ax === 0) result = y > 0 ? 0 : Infinity;
  else if (ax === Infinity) result = y > 0 ? Infinity : 0;
  else if (y === 2) result = ax * ax; // one IEEE rounding: correct even where ax² is a midpoint
  else result = powPositive(ax, y);
  return negative ? -result : result;
}

/**
 * x^n rounded once from its exact value, for an integer n in [3, 34] and a normal x whose significand has at
 * most 18 bits (x = odd · 2^e, odd < 2^18); NaN for any other x or when 2^(e·n) leaves the double range. Only
 * such x^n can have exactly 54 bits, i.e. lie exactly halfway between two doubles (3^34 does), where the tie
 * goes to the even neighbour and an approximation, however close, cannot tell which side it is on.
 */
function smallIntegerPower(x: number, n: number): number {
  let odd = mantissaOf(x) * 4503599627370496; // · 2^52: the 53-bit significand as an integer
  let e = exponentOf(x) - 52;
  if (odd % 34359738368 !== 0) return NaN; // not divisible by 2^35: more than 18 significant bits
  while (odd % 2 === 0) {
    odd /= 2;
    e += 1;
  }
  const scale = e * n;
  if (scale < -1022 || scale > 1023) return NaN;
  return Number(BigInt(odd) ** BigInt(n)) * twoTo(scale); // BigInt → Number rounds once, ties to even
}

// The last two bases: an optimizer's step calls pow(β₁, t) and pow(β₂, t), the same two bases every step and t
// one more than the step before. Each of the two slots of MEMO holds [x, ln x (hi, lo), y, x^y before rounding
// (hi, lo), chain]: ln x is worked out once per base, and x^(y+1) is the kept x^y times x in double-double,
// a dozen operations instead of an exponential. Each such product adds at most about 2^-104 relative error;
// after CHAIN_LIMIT of them x^y is computed afresh, so the value before rounding stays within 2^-92 of the
// exact one and rounds to the same double as the direct way, except for an exact result within 2^-92 of a
// midpoint between two doubles (test/lib/exact-math.test.ts checks β^t for t = 1, 2, 3, ... in this order).
const SLOT = 7;
const MEMO = new Float64Array(2 * SLOT);
let memoNext = 0;
const CHAIN_LIMIT = 4096;
/** x^y is kept for the next step only between 2^-900 and 2^900, where its low part is a normal double. */
const KEEP_MIN = twoTo(-900);
const KEEP_MAX = twoTo(900);

/** The slot of base x in MEMO, made (with ln x, and no power kept) when x is not one of the last two bases. */
function memoSlot(x: number): number {
  for (let slot = 0; slot < 2 * SLOT; slot += SLOT) if (MEMO[slot] === x) return slot;
  const slot = memoNext;
  memoNext = SLOT - memoNext;
  logDD(x);
  MEMO[slot] = x;
  MEMO[slot + 1] = DD[0];
  MEMO[slot + 2] = DD[1];
  MEMO[slot + 3] = NaN; // no x^y kept yet
  return slot;
}

/**
 * x^y for a positive finite x and a finite y ≠ 0: the kept x^(y-1) times x when the last call for this base
 * asked for x^(y-1), else ln x in double-double, times y, then e^(y ln x).
 */
function powPositive(x: number, y: number): number {
  if (x === 1) return 1;
  if (Number.isInteger(y) && y >= 3 && y <= 34 && x >= 2.2250738585072014e-308) {
    const exact = smallIntegerPower(x, y);
    if (!Number.isNaN(exact)) return exact;
  }
  const slot = memoSlot(x);
  if (y === MEMO[slot + 3] + 1 && MEMO[slot + 6] < CHAIN_LIMIT) {
    ddMulD(MEMO[slot + 4], MEMO[slot + 5], x);
    if (DD[0] > KEEP_MIN && DD[0] < KEEP_MAX) {
      MEMO[slot + 3] = y;
      MEMO[slot + 4] = DD[0];
      MEMO[slot + 5] = DD[1];
      MEMO[slot + 6] += 1;
      return DD[0]; // fastTwoSum's high part: the double nearest the double-double
    }
  }
  MEMO[slot + 3] = NaN;
  const lh = MEMO[slot + 1];
  const ll = MEMO[slot + 2];
  const z = y * lh;
  if (z > 710) return Infinity;
  if (z < -746) return 0;
  ddMulD(lh, ll, y);
  expParts(DD[0], DD[1]);
  ddAddD(EXP[1], EXP[2], 1);
  const vh = DD[0];
  const vl = DD[1];
  const k = EXP[0];
  if (Number.isInteger(y) && k > -890 && k < 890) {
    const scale = twoTo(k);
    MEMO[slot + 3] = y;
    MEMO[slot + 4] = vh * scale; // exact: a power of two in the normal range
    MEMO[slot + 5] = vl * scale;
    MEMO[slot + 6] = 0;
  }
  return scaleRounded(vh, vl, k);
}

/**
 * tanh x = (e^(2x) - 1)/(e^(2x) + 1), correctly rounded (in all but pathological cases), from e^(2|x|) - 1
 * in double-double, so small |x| loses nothing to cancellation; tanh x = x for |x| < 2^-28 and ±1 for |x| >= 20.
 */
export function tanh(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const a = Math.abs(x);
  if (a < 3.725290298461914e-9) return x; // 2^-28: tanh x = x(1 - x²/3 + ...) rounds to x (keeps -0)
  if (a >= 20) return x > 0 ? 1 : -1; // 1 - tanh 20 = 8.5e-18 < 2^-54: rounds to 1
  expParts(2 * a, 0);
  let mh = EXP[1]; // e^(2a) - 1 = 2^k (1 + u) - 1; for k = 0 that is u itself
  let ml = EXP[2];
  if (EXP[0] !== 0) {
    ddAddD(EXP[1], EXP[2], 1);
    const scale = twoTo(EXP[0]);
    ddAddD(DD[0] * scale, DD[1] * scale, -1);
    mh = DD[0];
    ml = DD[1];
  }
  ddAddD(mh, ml, 2);
  ddDiv(mh, ml, DD[0], DD[1]);
  return x > 0 ? DD[0] : -DD[0];
}

// The Taylor coefficients (-1)^n/(2n)! of cos and (-1)^n/(2n + 1)! of sin for n <= 15, from IEEE divisions at
// load: double-doubles for n <= 8, where the terms need them, doubles beyond (those terms are < 2^-106).
const TRIG_DD_TERMS = 8;
const TRIG_TERMS = 15;
const COS_C_HI = new Float64Array(TRIG_TERMS + 1);
const COS_C_LO = new Float64Array(TRIG_TERMS + 1);
const SIN_C_HI = new Float64Array(TRIG_TERMS + 1);
const SIN_C_LO = new Float64Array(TRIG_TERMS + 1);
COS_C_HI[0] = 1;
SIN_C_HI[0] = 1;
for (let n = 1; n <= TRIG_TERMS; n++) {
  ddDivD(COS_C_HI[n - 1], COS_C_LO[n - 1], -(2 * n - 1) * (2 * n));
  COS_C_HI[n] = DD[0];
  COS_C_LO[n] = DD[1];
  ddDivD(SIN_C_HI[n - 1], SIN_C_LO[n - 1], -(2 * n) * (2 * n + 1));
  SIN_C_HI[n] = DD[0];
  SIN_C_LO[n] = DD[1];
}

/** sin r (odd = true) or cos r of a double-double r with |r| <= π/4: Σ cₙ r^(2n) in Horner form (times r for sin). */
function sinCosDD(rh: number, rl: number, odd: boolean): void {
  const hi = odd ? SIN_C_HI : COS_C_HI;
  const lo = odd ? SIN_C_LO : COS_C_LO;
  ddMul(rh, rl, rh, rl);
  const r2h = DD[0];
  const r2l = DD[1];
  let th = hi[TRIG_TERMS];
  for (let n = TRIG_TERMS - 1; n > TRIG_DD_TERMS; n--) th = hi[n] + r2h * th;
  let tl = 0;
  for (let n = TRIG_DD_TERMS; n >= 0; n--) {
    ddMul(r2h, r2l, th, tl);
    ddAddDominant(hi[n], lo[n], DD[0], DD[1]); // |r²·t| <= 0.31 |cₙ|
    th = DD[0];
    tl = DD[1];
  }
  if (odd) ddMul(rh, rl, th, tl);
}

/**
 * cos x, correctly rounded (in all but pathological cases) for |x| <= COS_MAX_ARGUMENT (1e8): x = k·π/2 + r
 * with π/2 to 2^-225 (Cody and Waite's reduction), then ±cos r or ±sin r by the quadrant k mod 4. Larger |x|
 * is a RangeError (the course needs [0, π]); ±∞ and NaN give NaN.
 */
export function cos(x: number): number {
  if (!Number.isFinite(x)) return NaN;
  const a = Math.abs(x); // cos is even
  if (a > COS_MAX_ARGUMENT) {
    throw new RangeError(`cos: invalid x = ${x}; expected |x| <= ${COS_MAX_ARGUMENT} (the argument reduction is exact only there)`);
  }
  if (a === 0) return 1;
  const k = Math.round(a * TWO_OVER_PI);
  twoSum(a - k * PI_2_1, -k * PI_2_2); // a - k·PI_2_1 is exact (Sterbenz, or k = 0)
  ddAddD(DD[0], DD[1], -k * PI_2_3);
  ddAddD(DD[0], DD[1], -k * PI_2_4);
  ddAddD(DD[0], DD[1], -k * PI_2_5);
  ddAddD(DD[0], DD[1], -k * PI_2_6);
  ddAddD(DD[0], DD[1], -k * PI_2_7);
  const quadrant = k % 4;
  sinCosDD(DD[0], DD[1], quadrant % 2 === 1);
  return quadrant === 1 || quadrant === 2 ? -DD[0] : DD[0];
}
