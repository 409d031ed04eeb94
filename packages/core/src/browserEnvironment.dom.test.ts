import { afterEach, describe, expect, it, vi } from 'vitest'
import { defaultBrowserEnvironment } from './browserEnvironment.ts'

afterEach(() => {
  vi.restoreAllMocks()
  document.body.replaceChildren()
})

function setVisibility(state: DocumentVisibilityState) {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state })
  document.dispatchEvent(new Event('visibilitychange'))
}

describe('defaultBrowserEnvironment in a page', () => {
  it('exposes the document and session storage', () => {
    expect(defaultBrowserEnvironment.document()).toBe(document)
    expect(defaultBrowserEnvironment.sessionStorage()).toBe(window.sessionStorage)
  })

  it('treats blocked storage as no storage', () => {
    vi.spyOn(window, 'sessionStorage', 'get').mockImplementation(() => {
      throw new DOMException('The operation is insecure.', 'SecurityError')
    })
    expect(defaultBrowserEnvironment.sessionStorage()).toBeUndefined()
  })

  it('submits a form with an input named submit, which a browser lets shadow form.submit', () => {
    const submitted: HTMLFormElement[] = []
    vi.spyOn(HTMLFormElement.prototype, 'submit').mockImplementation(function (
      this: HTMLFormElement,
    ) {
      submitted.push(this)
    })
    // jsdom has no named properties on forms: this plays a browser's, where form.submit is then
    // the input.
    const append = Element.prototype.append
    vi.spyOn(Element.prototype, 'append').mockImplementation(function (
      this: Element,
      ...nodes: (Node | string)[]
    ) {
      append.apply(this, nodes)
      for (const node of nodes) {
        if (this instanceof HTMLFormElement && node instanceof HTMLInputElement) {
          Object.defineProperty(this, node.name, { configurable: true, value: node })
        }
      }
    })

    defaultBrowserEnvironment.submitForm('https://pay.gateway.example/pay', { submit: 'x' })

    expect(submitted).toHaveLength(1)
  })

  it('posts a form built from elements, with hidden inputs and no HTML text', () => {
    const submitted: HTMLFormElement[] = []
    vi.spyOn(HTMLFormElement.prototype, 'submit').mockImplementation(function (
      this: HTMLFormElement,
    ) {
      submitted.push(this)
    })
    const innerHtml = vi.spyOn(Element.prototype, 'innerHTML', 'set')
    const outerHtml = vi.spyOn(Element.prototype, 'outerHTML', 'set')
    const insertHtml = vi.spyOn(Element.prototype, 'insertAdjacentHTML')

    const fields = {
      account: '995149',
      signValue: 'A1B2"><script>alert(1)</script>',
      // Names that would shadow the form's own properties if the form were read through them.
      submit: 'x',
      action: 'https://evil.example/',
      method: 'get',
    }
    defaultBrowserEnvironment.submitForm(
      'https://pay.gateway.example/gateway/service/pay',
      fields,
      'n0nce',
    )

    expect(submitted).toHaveLength(1)
    const form = submitted[0] as HTMLFormElement
    expect(form.parentNode).toBe(document.body)
    expect(form.getAttribute('method')).toBe('post')
    expect(form.getAttribute('action')).toBe('https://pay.gateway.example/gateway/service/pay')
    expect(form.hidden).toBe(true)
    const inputs = [...form.querySelectorAll('input')]
    // The provider's CSP nonce, on every element the kit adds.
    expect([form, ...inputs].map((element) => element.nonce)).toEqual(
      Array(inputs.length + 1).fill('n0nce'),
    )
    expect(inputs.map((input) => [input.type, input.name, input.value])).toEqual(
      Object.entries(fields).map(([name, value]) => ['hidden', name, value]),
    )
    // The value stayed text: no element was created from it.
    expect(form.querySelector('script')).toBeNull()
    expect(innerHtml).not.toHaveBeenCalled()
    expect(outerHtml).not.toHaveBeenCalled()
    expect(insertHtml).not.toHaveBeenCalled()
  })

  it('follows the page visibility', () => {
    const listener = vi.fn()
    const unsubscribe = defaultBrowserEnvironment.onVisibilityChange(listener)
    setVisibility('hidden')
    expect(defaultBrowserEnvironment.isHidden()).toBe(true)
    setVisibility('visible')
    expect(defaultBrowserEnvironment.isHidden()).toBe(false)
    expect(listener).toHaveBeenCalledTimes(2)
    unsubscribe()
    setVisibility('hidden')
    expect(listener).toHaveBeenCalledTimes(2)
    setVisibility('visible')
  })
})
