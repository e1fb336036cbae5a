// encodeJson/decodeJson: the result channel's numbers (NaN and ±Infinity included) survive the trip, and
// decodeJson turns back exactly the objects a JSON.parse reviver would: {"$num": text} with no other key.
import { describe, expect, it } from "vitest";
import { decodeJson, encodeJson } from "../../grader/values";

describe("decodeJson", () => {
  it("restores NaN and the infinities at any depth, and leaves finite numbers as they are", () => {
    const value = { params: [1.5, NaN, -0.25], state: { m: [Infinity, -Infinity], step: [3] }, list: [[NaN], [{ x: -Infinity }]] };
    const text = encodeJson(value);
    expect(text).toContain('{"$num":"NaN"}');
    expect(decodeJson(text)).toEqual(value);
    expect(decodeJson(encodeJson(NaN))).toBeNaN();
    expect(decodeJson("[1,2,3]")).toEqual([1, 2, 3]);
  });

  it("turns only an object whose one key is $num with a text into a number", () => {
    expect(decodeJson('{"$num":"-Infinity"}')).toBe(-Infinity);
    expect(decodeJson('{"$num":"12"}')).toBe(12);
    expect(decodeJson('{"$num":"NaN","extra":1}')).toEqual({ $num: "NaN", extra: 1 });
    expect(decodeJson('{"$num":5}')).toEqual({ $num: 5 });
    // Innermost first: the inner object becomes 5, so the outer one holds a number, not a text.
    expect(decodeJson('{"$num":{"$num":"5"}}')).toEqual({ $num: 5 });
    // An escaped key is the same key.
    expect(decodeJson('{"\\u0024num":"Infinity"}')).toBe(Infinity);
  });

  it("keeps a __proto__ key an own property, as JSON.parse makes it", () => {
    const decoded = decodeJson('{"__proto__":{"$num":"NaN"},"a":[{"$num":"Infinity"}]}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(decoded, "__proto__")?.value).toBeNaN();
    expect(decoded.a).toEqual([Infinity]);
  });

  it("throws on text that is not JSON (the channel turns that into a refused line)", () => {
    expect(() => decodeJson("{not json")).toThrow(SyntaxError);
  });
});
