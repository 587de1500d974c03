import { describe, expect, it } from "vitest";
import { storeConfigForUris } from "./store-for-uris.js";

describe("storeConfigForUris", () => {
  it("one file:// store per top-level dir and one s3:// store per bucket", () => {
    expect(
      storeConfigForUris(
        ["file:///data/m/inputs.pb", "file:///data/m/0", "file:///tmp/raw/x", "s3://bucket-a/k/1", "s3://bucket-a/k/2"],
        { region: "eu-west-1" },
      ),
    ).toEqual([
      { kind: "file", root: "file:///data" },
      { kind: "file", root: "file:///tmp" },
      { kind: "s3", root: "s3://bucket-a", region: "eu-west-1" },
    ]);
  });

  it("rejects memory://, unknown schemes and paths right below /, naming the URI", () => {
    expect(() => storeConfigForUris(["memory://m/x"])).toThrow("memory://m/x");
    expect(() => storeConfigForUris(["gs://b/x"])).toThrow("unsupported scheme 'gs'");
    expect(() => storeConfigForUris(["file:///inputs.pb"])).toThrow("top-level directory");
    expect(() => storeConfigForUris(["/plain/path"])).toThrow("not a storage URI");
  });
});
