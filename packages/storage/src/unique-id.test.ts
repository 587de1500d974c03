import { InvalidArgumentError } from "@flyte-ts/core";
import { describe, expect, it } from "vitest";
import {
  SHARD_PREFIXES,
  childNodeUniqueId,
  fixedLengthUniqueId,
  fixedLengthUniqueIdOf,
  flyteBase32,
  fnv32a,
  shardPrefix,
  taskGeneratedName,
} from "./unique-id.js";

describe("fnv32a", () => {
  it("matches the published FNV-1a 32-bit test vectors", () => {
    expect(fnv32a("")).toBe(0x811c9dc5); // the offset basis
    expect(fnv32a("a")).toBe(0xe40c292c);
    expect(fnv32a("foobar")).toBe(0xbf9cf968);
    expect(fnv32a(new TextEncoder().encode("foobar"))).toBe(0xbf9cf968);
  });
});

describe("flyteBase32", () => {
  it("is RFC 4648 base32 in lower case with digits 1-6 and no padding", () => {
    // RFC 4648 §10 vectors, mapped A-Z → a-z and 2-7 → 1-6, padding dropped.
    expect(flyteBase32(new Uint8Array())).toBe("");
    expect(flyteBase32(new TextEncoder().encode("f"))).toBe("my");
    expect(flyteBase32(new TextEncoder().encode("fo"))).toBe("mzxq");
    expect(flyteBase32(new TextEncoder().encode("foobar"))).toBe("mzxw5ytboi");
  });

  it("encodes a 4-byte hash into 7 characters (derived by hand)", () => {
    // 0xe40c292c = 11100 10000 00110 00010 10010 01011 00(000) = 28 16 6 2 18 11 0
    expect(flyteBase32(new Uint8Array([0xe4, 0x0c, 0x29, 0x2c]))).toBe("3qgcsla");
    // 0xbf9cf968 = 10111 11110 01110 01111 10010 11010 00(000) = 23 30 14 15 18 26 0
    expect(flyteBase32(new Uint8Array([0xbf, 0x9c, 0xf9, 0x68]))).toBe("x5ops1a");
  });
});

describe("fixedLengthUniqueId", () => {
  it("joins parts with '-' when the result fits", () => {
    expect(fixedLengthUniqueId(10, ["x", "y", "z"])).toBe("x-y-z");
    expect(fixedLengthUniqueId(2, ["x"])).toBe("x");
    expect(fixedLengthUniqueId(5, ["x-y-z"])).toBe("x-y-z");
  });

  it("joins empty parts the way Flyte's Go code does", () => {
    expect(fixedLengthUniqueId(20, ["", "b"])).toBe("b");
    expect(fixedLengthUniqueId(20, ["a", "", "b"])).toBe("a--b");
    expect(fixedLengthUniqueId(20, ["a", ""])).toBe("a-");
    expect(fixedLengthUniqueId(20, [])).toBe("");
  });

  it("hashes to 'f' + base32(fnv32a) when too long (Flyte's own test values)", () => {
    expect(fixedLengthUniqueIdOf("xxxxxxxxxxxxxxxxxxxxxxxx", 20)).toBe("fuaa3aji");
    expect(fixedLengthUniqueIdOf("xxxxxxxxxxx", 10)).toBe("fggddjly");
    expect(fixedLengthUniqueId(8, ["x", "y", "z", "m", "n"])).toBe("fsigbmty");
  });

  it("hashes the joined string's big-endian FNV-32a", () => {
    const id = "an-execution-name-n0-0";
    const h = fnv32a(id);
    const expected = `f${flyteBase32(new Uint8Array([h >>> 24, (h >>> 16) & 255, (h >>> 8) & 255, h & 255]))}`;
    expect(fixedLengthUniqueId(20, ["an-execution-name", "n0", "0"])).toBe(expected);
    expect(expected).toHaveLength(8);
  });

  it("measures length in UTF-8 bytes, like Go's len()", () => {
    expect(fixedLengthUniqueIdOf("ééééé", 10)).toBe("ééééé");
    expect(fixedLengthUniqueIdOf("éééééé", 10)).toMatch(/^f[a-z1-6]{7}$/);
  });

  it("refuses a maximum below the hashed length", () => {
    expect(() => fixedLengthUniqueId(1, ["x", "y"])).toThrow(InvalidArgumentError);
    expect(() => fixedLengthUniqueIdOf("xxxxxx", 5)).toThrow(expect.objectContaining({ code: "UniqueIdTooShort" }));
  });

  it("builds node unique ids (max 20) and generated names (max 50)", () => {
    expect(childNodeUniqueId("n0", 1, "n1")).toBe("n0-1-n1");
    expect(childNodeUniqueId("a-rather-long-parent", 0, "child-node")).toMatch(/^f[a-z1-6]{7}$/);
    expect(taskGeneratedName("abc123", "n0", 2)).toBe("abc123-n0-2");
    expect(taskGeneratedName("x".repeat(48), "n0", 0)).toMatch(/^f[a-z1-6]{7}$/);
  });
});

describe("shardPrefix", () => {
  it("has 36×36 two-character buckets, letters before digits", () => {
    expect(SHARD_PREFIXES).toHaveLength(1296);
    expect(SHARD_PREFIXES[0]).toBe("aa");
    expect(SHARD_PREFIXES[1]).toBe("ab");
    expect(SHARD_PREFIXES[26]).toBe("a0");
    expect(SHARD_PREFIXES[36]).toBe("ba");
    expect(SHARD_PREFIXES[1295]).toBe("99");
    expect(new Set(SHARD_PREFIXES).size).toBe(1296);
  });

  it("picks bucket fnv32a(id) mod 1296 (derived by hand)", () => {
    // 0xe40c292c = 3826002220 = 1296·2952162 + 268; 268 = 7·36 + 16 → "h","q"
    expect(shardPrefix("a")).toBe("hq");
    // 0xbf9cf968 = 3214735720 = 1296·2480505 + 1240; 1240 = 34·36 + 16 → "8","q"
    expect(shardPrefix("foobar")).toBe("8q");
    // 0x811c9dc5 = 2166136261 = 1296·1671401 + 565; 565 = 15·36 + 25 → "p","z"
    expect(shardPrefix("")).toBe("pz");
  });
});
