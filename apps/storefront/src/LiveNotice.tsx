/**
 * A live page's problem, in a status region that is always on the page: a region added together
 * with its text is not reliably announced, one whose text changes is.
 */
export function LiveNotice({ problem }: { problem: string | undefined }) {
  return (
    <div role="status" aria-label="Connection">
      {problem && <p className="notice">{problem}</p>}
    </div>
  )
}
