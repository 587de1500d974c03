import type { DescService } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";

/**
 * Guards against a flyteidl upgrade that adds methods: every method of `service` that `impl` lacks
 * answers UNIMPLEMENTED naming the method, on every protocol (the REST gateway would otherwise see
 * a missing method). Today every AdminService method has an implementation (the fuzz test in
 * apps/server/test/fuzz-every-rpc.test.ts fails on any UNIMPLEMENTED answer).
 */
export function withUnimplemented(service: DescService, impl: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...impl };
  for (const method of service.methods) {
    if (typeof out[method.localName] === "function") continue;
    out[method.localName] = () => {
      throw new ConnectError(
        `${service.typeName}.${method.name} is not implemented by this server`,
        Code.Unimplemented,
      );
    };
  }
  return out;
}
