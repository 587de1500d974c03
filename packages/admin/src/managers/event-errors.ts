import { create } from "@bufbuild/protobuf";
import { AlreadyExistsError, FailedPreconditionError } from "@flyte-ts/core";
import { EventFailureReasonSchema } from "@flyte-ts/idl/gen/flyteidl/admin/event_pb";
import type { WireDetail } from "../transport/errors.js";

/** Stable codes of rejected execution events (brief §7.2). */
export const EventErrorCode = {
  /** The same phase (and phase version) again: idempotent, clients treat it as success. */
  EventAlreadyExists: "EventAlreadyExists",
  /** The stored phase is terminal: nothing may follow. */
  AlreadyInTerminalState: "AlreadyInTerminalState",
  /** The event comes from another producer than the one the execution is assigned to. */
  IncompatibleCluster: "IncompatibleCluster",
  /** A transition Flyte forbids (RUNNING → QUEUED, non-terminal after ABORTING). */
  InvalidPhaseTransition: "InvalidPhaseTransition",
  /** Concurrent writers kept changing the row; the event can be resent. */
  EventConflict: "EventConflict",
} as const;
export type EventErrorCode = (typeof EventErrorCode)[keyof typeof EventErrorCode];

/** A duplicate event: ALREADY_EXISTS, which the engine (and Flyte's propeller) treats as success. */
export class DuplicateEventError extends AlreadyExistsError {
  constructor(what: string, phase: string) {
    super(`${what} already recorded phase ${phase}`, { code: EventErrorCode.EventAlreadyExists, details: { phase } });
    this.name = "DuplicateEventError";
  }
}

/** FAILED_PRECONDITION with Flyte's `EventFailureReason.already_in_terminal_state` detail. */
export class AlreadyInTerminalStateError extends FailedPreconditionError {
  readonly wireDetails: WireDetail[];
  constructor(what: string, currentPhase: string, eventPhase: string) {
    super(`${what} is already in terminal phase ${currentPhase}; event phase ${eventPhase} rejected`, {
      code: EventErrorCode.AlreadyInTerminalState,
      details: { currentPhase, phase: eventPhase },
    });
    this.name = "AlreadyInTerminalStateError";
    this.wireDetails = [
      {
        desc: EventFailureReasonSchema,
        value: create(EventFailureReasonSchema, {
          reason: { case: "alreadyInTerminalState", value: { currentPhase } },
        }),
      },
    ];
  }
}

/** FAILED_PRECONDITION with Flyte's `EventFailureReason.incompatible_cluster` detail. */
export class IncompatibleClusterError extends FailedPreconditionError {
  readonly wireDetails: WireDetail[];
  constructor(what: string, cluster: string, producer: string) {
    super(
      `${what} is assigned to producer ${JSON.stringify(cluster)}; event from ${JSON.stringify(producer)} rejected`,
      {
        code: EventErrorCode.IncompatibleCluster,
        details: { cluster, producer },
      },
    );
    this.name = "IncompatibleClusterError";
    this.wireDetails = [
      {
        desc: EventFailureReasonSchema,
        value: create(EventFailureReasonSchema, { reason: { case: "incompatibleCluster", value: { cluster } } }),
      },
    ];
  }
}

export class InvalidPhaseTransitionError extends FailedPreconditionError {
  constructor(what: string, reason: string) {
    super(`${what}: ${reason}`, { code: EventErrorCode.InvalidPhaseTransition });
    this.name = "InvalidPhaseTransitionError";
  }
}
