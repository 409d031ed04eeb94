import { useShopText } from './shopText.ts'
import type { LiveProblem } from './useLiveJson.ts'

/**
 * A live page's problem, in a status region that is always on the page: a region added together
 * with its text is not reliably announced, one whose text changes is.
 */
export function LiveNotice({ problem }: { problem: LiveProblem | undefined }) {
  const text = useShopText()
  return (
    <div role="status" aria-label={text.connection}>
      {problem && (
        <p className="notice">
          {problem === 'reconnecting'
            ? text.reconnecting
            : problem === 'stopped'
              ? text.liveStopped
              : problem.message}
        </p>
      )}
    </div>
  )
}
