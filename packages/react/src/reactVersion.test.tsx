import { version } from 'react'
import { version as domVersion } from 'react-dom'
import { describe, expect, it } from 'vitest'

// The component tests run twice: on React 19 (the `dom` project) and on React 18, the oldest peer
// (`dom-react18`, packages/react/react18). Each project names the major it means to test, so a
// resolution slip cannot quietly run the React 18 pass on React 19.
describe('the React under test', () => {
  it('is the major this test project is for, with a matching react-dom', () => {
    const expected = process.env.EXPECTED_REACT_MAJOR ?? '19'
    expect(version.split('.')[0]).toBe(expected)
    expect(domVersion).toBe(version)
  })
})
