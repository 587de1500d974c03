import type { DescService } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";

/**
 * Fills every method of `service` that `impl` lacks with one that answers UNIMPLEMENTED naming the
 * method, on every protocol (the REST gateway would otherwise see a missing method).
 */
export function withUnimplemented(service: DescService, impl: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...impl };
  for (const method of service.methods) {
    if (typeof out[method.localName] === "function") continue;
    out[method.localName] = () => {
      throw new ConnectError(
        `${service.typeName}.${method.name} is not implemented by this server yet`,
        Code.Unimplemented,
      );
    };
  }
  return out;
}
