import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import { SignalSetResponseSchema } from "@flyte-ts/idl/gen/flyteidl/admin/signal_pb";
import { SignalService } from "@flyte-ts/idl/gen/flyteidl/service/signal_pb";
import type { SignalManager } from "../managers/execution-signal-manager.js";
import type { ServiceBinding } from "../transport/server.js";

/** SignalService: GetOrCreateSignal (engine), ListSignals and SetSignal (users, console). */
export function signalService(signals: SignalManager): ServiceBinding {
  const impl: ServiceImpl<typeof SignalService> = {
    getOrCreateSignal: (req) => signals.getOrCreateSignal(req),
    listSignals: (req) => signals.listSignals(req),
    async setSignal(req) {
      await signals.setSignal(req);
      return create(SignalSetResponseSchema);
    },
  };
  return { service: SignalService, impl: impl as unknown as ServiceBinding["impl"] };
}
