import { afterEach, describe, expect, it, vi } from 'vitest'
import { performAction } from './performAction.ts'

const allowedOrigins = ['https://pay.gateway.example']

afterEach(() => {
  vi.restoreAllMocks()
  document.head.replaceChildren()
  document.body.replaceChildren()
  delete (window as { ppPay?: unknown }).ppPay
})

describe('performAction in a page', () => {
  it('posts a POST redirect through a form of hidden inputs, never HTML text', async () => {
    const submit = vi.spyOn(HTMLFormElement.prototype, 'submit').mockImplementation(() => {})
    const innerHtml = vi.spyOn(Element.prototype, 'innerHTML', 'set')
    const insertHtml = vi.spyOn(Element.prototype, 'insertAdjacentHTML')
    const fields = {
      account: '995149',
      terminal: '99514901',
      order_number: 'ORD-1"><img src=x onerror=alert(1)>',
      signValue: 'F00D',
    }

    const outcome = await performAction(
      {
        type: 'redirect',
        method: 'POST',
        url: 'https://pay.gateway.example/gateway/service/pay',
        fields,
      },
      { allowedOrigins },
    )

    expect(outcome).toEqual({ kind: 'navigated' })
    expect(submit).toHaveBeenCalledOnce()
    const form = submit.mock.contexts[0] as HTMLFormElement
    expect(form.isConnected).toBe(true)
    expect(form.method).toBe('post')
    expect(form.action).toBe('https://pay.gateway.example/gateway/service/pay')
    const inputs = [...form.elements] as HTMLInputElement[]
    expect(inputs.every((input) => input.tagName === 'INPUT' && input.type === 'hidden')).toBe(true)
    expect(Object.fromEntries(inputs.map((input) => [input.name, input.value]))).toEqual(fields)
    expect(form.querySelector('img')).toBeNull()
    expect(innerHtml).not.toHaveBeenCalled()
    expect(insertHtml).not.toHaveBeenCalled()
  })

  it('builds no form for a POST redirect off the allowlist', async () => {
    const submit = vi.spyOn(HTMLFormElement.prototype, 'submit').mockImplementation(() => {})
    await expect(
      performAction(
        { type: 'redirect', method: 'POST', url: 'https://evil.example/pay', fields: { a: 'b' } },
        { allowedOrigins },
      ),
    ).rejects.toMatchObject({ code: 'redirect_blocked' })
    expect(submit).not.toHaveBeenCalled()
    expect(document.querySelector('form')).toBeNull()
  })

  it('loads the hosted SDK script and mounts ppPay into the container element', async () => {
    const container = document.createElement('div')
    document.body.append(container)
    const created: { options: unknown; token?: string }[] = []
    class PpPay {
      constructor(readonly options: { root: HTMLElement }) {}
      createPayment(token: string) {
        created.push({ options: this.options, token })
        const frame = document.createElement('iframe')
        this.options.root.append(frame)
      }
    }

    const mounting = performAction(
      {
        type: 'hosted-sdk',
        gateway: 'pingpong',
        scriptUrl: 'https://pay.gateway.example/sdk/ppPay.min.js',
        token: 'EU:abc',
        mode: 'sandbox',
      },
      { allowedOrigins, container, nonce: 'n0nce', language: 'en' },
    )
    // jsdom does not run external scripts: play the SDK defining its global, then `load`.
    await vi.waitFor(() => expect(document.querySelector('script')).not.toBeNull())
    const script = document.querySelector('script') as HTMLScriptElement
    expect(script.src).toBe('https://pay.gateway.example/sdk/ppPay.min.js')
    expect(script.nonce).toBe('n0nce')
    ;(window as { ppPay?: unknown }).ppPay = PpPay
    script.dispatchEvent(new Event('load'))

    await expect(mounting).resolves.toEqual({ kind: 'mounted' })
    expect(created).toEqual([
      { options: { mode: 'sandbox', lang: 'en', root: container }, token: 'EU:abc' },
    ])
    expect(container.querySelector('iframe')).not.toBeNull()
  })
})
