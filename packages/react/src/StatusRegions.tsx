/**
 * The two live regions every payment component ends with: the polite status (progress, which
 * screen readers announce when it changes) and, when there is one, the alert.
 */
export function StatusRegions({
  idPrefix,
  status,
  alert,
}: {
  idPrefix: string
  status: string
  alert: string | undefined
}) {
  return (
    <>
      <p id={`${idPrefix}-status`} className="ck-status" role="status" aria-live="polite">
        {status}
      </p>
      {alert ? (
        <p id={`${idPrefix}-alert`} className="ck-alert" role="alert">
          {alert}
        </p>
      ) : null}
    </>
  )
}
