import { formatCardNumber, formatExpiry } from '@checkout-kit/core'
import { describe, expect, it } from 'vitest'
import { formatInput } from './formatInput.ts'

describe('formatInput', () => {
  it('formats what was typed at the end and keeps the caret at the end', () => {
    expect(formatInput('4242 424', '4242 4242', 9, formatCardNumber)).toEqual({
      value: '4242 4242',
      caret: 9,
    })
    expect(formatInput('4242', '42424', 5, formatCardNumber)).toEqual({
      value: '4242 4',
      caret: 6,
    })
  })

  it('keeps the caret after the same digit when editing in the middle', () => {
    // "4242 |4242" → typing 1 after the first group.
    expect(formatInput('4242 4242', '4242 14242', 6, formatCardNumber)).toEqual({
      value: '4242 1424 2',
      caret: 6,
    })
  })

  it('deletes the digit before a separator that was backspaced over', () => {
    // "4242 |4242", Backspace removes the space: the formatter would put it straight back.
    expect(formatInput('4242 4242', '42424242', 4, formatCardNumber)).toEqual({
      value: '4244 242',
      caret: 3,
    })
  })

  it('deletes no digit when the only thing removed came before the first digit', () => {
    // A pasted ' 4242' with the caret at its start, and Delete: nothing sits before the caret.
    expect(formatInput(' 4242', '4242', 0, formatCardNumber)).toEqual({ value: '4242', caret: 0 })
  })

  it('lets the expiry be erased one digit at a time', () => {
    expect(formatInput('12 / 3', '12 / ', 5, formatExpiry)).toEqual({ value: '12', caret: 2 })
    expect(formatInput('', '3', 1, formatExpiry)).toEqual({ value: '03', caret: 2 })
  })
})
