import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { BinaryWriter, WireType } from "@bufbuild/protobuf/wire";
import { describe, expect, it } from "vitest";
import {
  IdentifierSchema,
  NodeExecutionIdentifierSchema,
  ResourceType,
  WorkflowExecutionIdentifierSchema,
} from "./gen/flyteidl/core/identifier_pb.js";
import { literals, literalMap } from "./literals.js";
import { flyteUrl, formatExecutionId, formatIdentifier, parseFlyteUrl, parseIdentifier } from "./identifiers.js";
import { types, typeToString } from "./types.js";
import { file_flyteidl_service_admin } from "./gen/flyteidl/service/admin_pb.js";
import { getExtension, hasExtension } from "@bufbuild/protobuf";
import { http } from "./gen/google/api/annotations_pb.js";

describe("idl", () => {
  it("keeps unknown fields when decoding (newer clients send fields older protos lack)", () => {
    const id = create(IdentifierSchema, { resourceType: ResourceType.TASK, name: "t" });
    const w = new BinaryWriter();
    w.raw(toBinary(IdentifierSchema, id));
    w.tag(99, WireType.LengthDelimited).string("from-the-future");
    const decoded = fromBinary(IdentifierSchema, w.finish());
    expect(decoded.name).toBe("t");
    const again = fromBinary(IdentifierSchema, toBinary(IdentifierSchema, decoded));
    expect(again.$unknown?.map((u) => u.no)).toEqual([99]);
  });

  it("keeps the REST routes of the services (google.api.http)", () => {
    const svc = file_flyteidl_service_admin.services.find((s) => s.name === "AdminService")!;
    const getTask = svc.methods.find((m) => m.name === "GetTask")!;
    expect(hasExtension(getTask.proto.options!, http)).toBe(true);
    const rule = getExtension(getTask.proto.options!, http);
    expect(rule.pattern).toEqual({
      case: "get",
      value: "/api/v1/tasks/{id.project}/{id.domain}/{id.name}/{id.version}",
    });
  });

  it("builds literals", () => {
    expect(literals.integer(3).value).toMatchObject({ case: "scalar" });
    expect(() => literals.integer(1.5)).toThrow(/whole number/);
    const m = literalMap({ a: literals.string("x"), b: literals.collection([literals.boolean(true)]) });
    expect(Object.keys(m.literals)).toEqual(["a", "b"]);
    const d = literals.duration(1500).value;
    expect(d.case === "scalar" && d.value.value.case === "primitive" && d.value.value.value.value.value).toMatchObject({
      seconds: 1n,
      nanos: 500_000_000,
    });
  });

  it("renders types for messages", () => {
    expect(typeToString(types.integer())).toBe("INTEGER");
    expect(typeToString(types.collection(types.map(types.string())))).toBe("list<map<STRING>>");
    expect(typeToString(types.optional(types.float()))).toBe("union<FLOAT | NONE>");
    expect(typeToString(types.blob("csv"))).toBe("file(csv)");
    expect(typeToString(types.blob("", "multipart"))).toBe("directory");
    expect(typeToString(types.enum(["a", "b"]))).toBe("enum{a,b}");
    expect(typeToString(types.structuredDataset("parquet", [{ name: "x", type: types.integer() }]))).toBe(
      "dataframe(parquet; x: INTEGER)",
    );
  });

  it("formats and parses identifiers", () => {
    const id = create(IdentifierSchema, {
      resourceType: ResourceType.LAUNCH_PLAN,
      project: "p",
      domain: "d",
      name: "n.m",
      version: "v1",
    });
    expect(formatIdentifier(id)).toBe("launch_plan:p/d/n.m@v1");
    expect(parseIdentifier("launch_plan:p/d/n.m@v1")).toEqual(id);
    expect(formatIdentifier(create(IdentifierSchema, { resourceType: ResourceType.TASK, name: "t" }))).toBe("task:t");
    expect(parseIdentifier("nonsense")).toBeUndefined();
    const exec = create(WorkflowExecutionIdentifierSchema, { project: "p", domain: "d", name: "abc" });
    expect(formatExecutionId(exec)).toBe("p:d:abc");
    const node = create(NodeExecutionIdentifierSchema, { nodeId: "n0", executionId: exec });
    expect(flyteUrl(node, "o", 2)).toBe("flyte://v1/p/d/abc/n0/2/o");
    expect(parseFlyteUrl("flyte://v1/p/d/abc/n0/2/o")).toEqual({
      project: "p",
      domain: "d",
      execution: "abc",
      nodeId: "n0",
      attempt: 2,
      kind: "o",
    });
    expect(parseFlyteUrl("flyte://v1/p/d/abc/n0/i")).toEqual({
      project: "p",
      domain: "d",
      execution: "abc",
      nodeId: "n0",
      kind: "i",
    });
  });
});
