import { InvalidArgumentError } from "@flyte-ts/core";
import { describe, expect, it } from "vitest";
import { blobKey, isUnderRoot, joinUri, normalizeRoot, prefixKey } from "./uri.js";

describe("normalizeRoot", () => {
  it("accepts roots of each scheme and drops trailing slashes", () => {
    expect(normalizeRoot("file:///var/flyte/", "file")).toBe("file:///var/flyte");
    expect(normalizeRoot("memory://test", "memory")).toBe("memory://test");
    expect(normalizeRoot("s3://my-bucket/metadata//", "s3")).toBe("s3://my-bucket/metadata");
    expect(normalizeRoot("s3://my-bucket", "s3")).toBe("s3://my-bucket");
  });

  it.each([
    ["file:///", "file"],
    ["file://relative/path", "file"],
    ["file:///var/../etc", "file"],
    ["s3://my-bucket/x", "file"],
    ["s3://", "s3"],
    ["s3://Bad_Bucket/x", "s3"],
    ["memory://", "memory"],
    ["memory://a//b", "memory"],
    ["memory://a\0b", "memory"],
  ] as const)("rejects %j as a %s root", (root, scheme) => {
    expect(() => normalizeRoot(root, scheme)).toThrow(InvalidArgumentError);
  });
});

describe("blobKey / prefixKey", () => {
  const root = "s3://bucket/meta";

  it("returns the key below the root", () => {
    expect(blobKey(root, "s3://bucket/meta/a/b.pb")).toBe("a/b.pb");
    expect(prefixKey(root, root)).toBe("");
    expect(prefixKey(root, `${root}/`)).toBe("");
    expect(prefixKey(root, `${root}/a/`)).toBe("a/");
    expect(prefixKey(root, `${root}/a/par`)).toBe("a/par");
  });

  it("names the URI, the reason and the root in the error", () => {
    expect(() => blobKey(root, "s3://bucket/meta/../secrets")).toThrow(
      expect.objectContaining({
        code: "InvalidBlobUri",
        message: expect.stringContaining("\"s3://bucket/meta/../secrets\" has a '..' path segment") as unknown,
        details: { uri: "s3://bucket/meta/../secrets", reason: "has a '..' path segment", root },
      }),
    );
    expect(() => blobKey(root, "s3://bucket/metadata/x")).toThrow(/outside the store root/);
    expect(() => prefixKey(root, "s3://bucket/meta/a/..")).toThrow(/'\.\.' path segment/);
    expect(() => prefixKey(root, "s3://bucket/meta/\0")).toThrow(/NUL byte/);
  });

  it("checks the boundary of the root, not just a string prefix", () => {
    expect(isUnderRoot(root, "s3://bucket/meta")).toBe(true);
    expect(isUnderRoot(root, "s3://bucket/meta/x")).toBe(true);
    expect(isUnderRoot(root, "s3://bucket/metadata/x")).toBe(false);
  });
});

describe("joinUri", () => {
  it("joins with single slashes", () => {
    expect(joinUri("s3://b/x/", "y", 0, "/z/")).toBe("s3://b/x/y/0/z");
    expect(joinUri("file:///tmp", "")).toBe("file:///tmp");
  });
});
