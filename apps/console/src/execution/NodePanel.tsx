import { Fragment, useEffect, useRef } from "react";
import { toJson } from "@bufbuild/protobuf";
import type { NodeExecution } from "@flyte-ts/idl/gen/flyteidl/admin/node_execution_pb";
import type { TaskExecution } from "@flyte-ts/idl/gen/flyteidl/admin/task_execution_pb";
import { TaskExecution_Phase } from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";
import { TaskTemplateSchema, type TaskTemplate } from "@flyte-ts/idl/gen/flyteidl/core/tasks_pb";
import { ArtifactType } from "@flyte-ts/idl/gen/flyteidl/service/dataproxy_pb";
import { admin, dataProxy } from "../api/client";
import { useAsync } from "../api/use-async";
import { Async } from "../components/States";
import { LiteralMapView } from "../format/LiteralView";
import { PhaseBadge } from "../format/phase-badge";
import { nodePhaseGroup, nodePhaseName, taskPhaseGroup, taskPhaseName } from "../format/phase";
import { durationMillis, formatMillis, formatTime, tsMillis } from "../format/time";
import { Link } from "../router";
import { executionPath } from "../routes";
import { ErrorView } from "./ErrorView";
import type { ExecutionStore } from "./execution-store";
import { cacheStatusLabel, nodeTypeLabel, taskTemplateOf, type NodeIndex } from "./node-info";
import { attemptReason } from "./waiting";

/** The side drawer for one node: inputs, outputs, error, task template, attempts, deck. */
export function NodePanel({
  ne,
  store,
  index,
  onClose,
}: {
  ne: NodeExecution;
  store: ExecutionStore;
  index: NodeIndex;
  onClose: () => void;
}) {
  const closeRef = useRef<HTMLButtonElement>(null);
  const nodeId = ne.id?.nodeId ?? "";
  const updated = tsMillis(ne.closure?.updatedAt) ?? 0;
  useEffect(() => closeRef.current?.focus(), [nodeId]);
  const data = useAsync((signal) => admin.getNodeExecutionData({ id: ne.id }, { signal }), [nodeId]);
  const attempts = useAsync(() => store.attemptsOf(nodeId), [nodeId]);
  // When the node changes (a running one), read again but keep showing what is there meanwhile.
  const seen = useRef(updated);
  const { reload: reloadData } = data;
  const { reload: reloadAttempts } = attempts;
  useEffect(() => {
    if (seen.current === updated) return;
    seen.current = updated;
    reloadData();
    reloadAttempts();
  }, [updated, reloadData, reloadAttempts]);
  const tpl = taskTemplateOf(ne, index);
  const c = ne.closure;
  const phase = c?.phase ?? 0;
  const child = c?.targetMetadata.case === "workflowNodeMetadata" ? c.targetMetadata.value.executionId : undefined;
  return (
    <aside
      className="drawer"
      role="dialog"
      aria-label={`Node ${nodeId}`}
      data-testid="node-panel"
      onKeyDown={(e) => e.key === "Escape" && onClose()}
    >
      <header>
        <h2 className="mono">{nodeId}</h2>
        <PhaseBadge name={nodePhaseName(phase)} group={nodePhaseGroup(phase)} />
        <button type="button" ref={closeRef} onClick={onClose} aria-label="Close node panel">
          ✕
        </button>
      </header>
      <dl className="exec-header" style={{ marginTop: 12 }}>
        <div>
          <dt>Type</dt>
          <dd className="mono">{nodeTypeLabel(ne, index)}</dd>
        </div>
        <div>
          <dt>Started</dt>
          <dd>{formatTime(c?.startedAt)}</dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd>{formatMillis(durationMillis(c?.duration))}</dd>
        </div>
        <div>
          <dt>Cache</dt>
          <dd>{cacheStatusLabel(ne)}</dd>
        </div>
      </dl>
      {child && (
        <p>
          Child execution:{" "}
          <Link className="mono" href={executionPath(child.project, child.domain, child.name)}>
            {child.name}
          </Link>
        </p>
      )}
      {c?.outputResult.case === "error" && (
        <>
          <h3>Error</h3>
          <ErrorView error={c.outputResult.value} />
        </>
      )}
      <Async state={data.state} onRetry={data.reload}>
        {(d) => (
          <>
            <h3>Inputs</h3>
            <LiteralMapView
              map={d.fullInputs}
              types={tpl?.interface?.inputs}
              label="Node inputs"
              emptyText={d.inputs?.url ? `Too large to show: ${d.inputs.url}` : "No inputs."}
            />
            <h3>Outputs</h3>
            <LiteralMapView
              map={d.fullOutputs}
              types={tpl?.interface?.outputs}
              label="Node outputs"
              emptyText={d.outputs?.url ? `Too large to show: ${d.outputs.url}` : "No outputs."}
            />
          </>
        )}
      </Async>
      {c?.deckUri && <DeckLink ne={ne} />}
      <h3>Attempts</h3>
      <Async state={attempts.state} onRetry={attempts.reload}>
        {(tes) => <Attempts tes={tes} />}
      </Async>
      {tpl && <TemplateView tpl={tpl} />}
    </aside>
  );
}

function Attempts({ tes }: { tes: readonly TaskExecution[] }) {
  if (tes.length === 0) return <p className="muted">No task attempts.</p>;
  return (
    <table className="literal-table" aria-label="Attempts" data-testid="attempts">
      <colgroup>
        <col style={{ width: "7%" }} />
        <col style={{ width: "36%" }} />
        <col style={{ width: "29%" }} />
        <col style={{ width: "14%" }} />
        <col style={{ width: "14%" }} />
      </colgroup>
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">Phase</th>
          <th scope="col">Started</th>
          <th scope="col">Duration</th>
          <th scope="col">Logs</th>
        </tr>
      </thead>
      <tbody>
        {tes.map((t) => {
          const p = t.closure?.phase ?? 0;
          const err = t.closure?.outputResult.case === "error" ? t.closure.outputResult.value : undefined;
          const waiting = p === TaskExecution_Phase.WAITING_FOR_RESOURCES;
          const reason = attemptReason(t);
          const key = t.id?.retryAttempt ?? 0;
          return (
            <Fragment key={key}>
              <tr className={reason ? "has-reason" : undefined}>
                <td>{key}</td>
                <td>
                  <PhaseBadge name={taskPhaseName(p)} group={taskPhaseGroup(p)} />
                  {err && (
                    <div className="field-error" title={err.message}>
                      {err.message.split("\n")[0]}
                    </div>
                  )}
                </td>
                <td>{formatTime(t.closure?.startedAt)}</td>
                <td>{formatMillis(durationMillis(t.closure?.duration))}</td>
                <td>
                  {(t.closure?.logs ?? []).map((l) => (
                    <div key={l.uri}>
                      <a href={l.uri} target="_blank" rel="noreferrer">
                        {l.name || "logs"}
                      </a>
                    </div>
                  ))}
                </td>
              </tr>
              {reason && (
                <tr>
                  <td />
                  <td colSpan={4} data-testid="attempt-reason" className={waiting ? "waiting-reason" : "muted"}>
                    {waiting ? "" : "Last reason: "}
                    {reason}
                  </td>
                </tr>
              )}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}

function DeckLink({ ne }: { ne: NodeExecution }) {
  const link = useAsync(
    (signal) =>
      dataProxy.createDownloadLink(
        { artifactType: ArtifactType.DECK, source: { case: "nodeExecutionId", value: ne.id! } },
        { signal },
      ),
    [ne.id?.nodeId],
  );
  const url =
    link.state.status === "ok"
      ? (link.state.value.preSignedUrls?.signedUrl[0] ?? link.state.value.signedUrl[0])
      : undefined;
  return (
    <>
      <h3>Deck</h3>
      {url ? (
        <a href={url} target="_blank" rel="noreferrer">
          Open deck
        </a>
      ) : (
        <code>{ne.closure?.deckUri}</code>
      )}
    </>
  );
}

function TemplateView({ tpl }: { tpl: TaskTemplate }) {
  let json: string;
  try {
    json = JSON.stringify(toJson(TaskTemplateSchema, tpl), null, 2);
  } catch (e) {
    json = `cannot show the template: ${e instanceof Error ? e.message : String(e)}`;
  }
  return (
    <details>
      <summary>
        <h3 style={{ display: "inline" }}>Task template</h3> <span className="mono muted">{tpl.id?.name}</span>
      </summary>
      <pre className="json mono">{json}</pre>
    </details>
  );
}
