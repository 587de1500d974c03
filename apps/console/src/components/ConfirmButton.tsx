import { useEffect, useRef, useState, type ReactNode } from "react";
import { errorMessage } from "../api/errors";

/** A button that asks for confirmation in a modal dialog, then runs `action`; errors show in the dialog. */
export function ConfirmButton({
  label,
  title,
  body,
  confirmLabel,
  danger,
  action,
}: {
  label: string;
  title: string;
  body: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  action: () => Promise<void>;
}) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const confirmRef = useRef<HTMLButtonElement>(null);
  const openerRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (open) confirmRef.current?.focus();
  }, [open]);
  const close = () => {
    setOpen(false);
    setError(undefined);
    openerRef.current?.focus();
  };
  const run = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
      setOpen(false);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" ref={openerRef} className={danger ? "danger" : undefined} onClick={() => setOpen(true)}>
        {label}
      </button>
      {open && (
        <div className="dialog-backdrop" onKeyDown={(e) => e.key === "Escape" && close()}>
          <div className="dialog" role="dialog" aria-modal="true" aria-labelledby="confirm-title">
            <h2 id="confirm-title">{title}</h2>
            <div>{body}</div>
            {error && (
              <div className="field-error" role="alert">
                {error}
              </div>
            )}
            <div className="actions">
              <button type="button" onClick={close} disabled={busy}>
                Cancel
              </button>
              <button
                type="button"
                ref={confirmRef}
                className={danger ? "danger" : "primary"}
                disabled={busy}
                onClick={() => void run()}
              >
                {confirmLabel}
              </button>
            </div>
          </div>
        </div>
      )}
    </>
  );
}
