import { rememberPayment, submitFormTo } from '@checkout-kit/core'
import { act, fireEvent, screen, waitFor } from '@testing-library/react'
import { userEvent } from '@testing-library/user-event'
import { delay, HttpResponse, http } from 'msw'
import { useState } from 'react'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { CardPayment } from './CardPayment.tsx'
import { zhCN } from './messages.ts'
import {
  api,
  gatewayOrigin,
  postsTo,
  renderCheckout,
  requests,
  server,
  serveScripts,
  session,
  setupCheckoutTestBed,
  testEnvironment,
} from './testing/checkoutTestBed.tsx'

setupCheckoutTestBed()

const cardNumber = '4242424242424242'
const returnUrl = 'http://localhost:3000/result'
const riskScriptUrl = `${gatewayOrigin}/risk/acquirerRiskControl.min.js`
const foreignRiskScriptUrl = 'https://risk.elsewhere.example/acquirerRiskControl.min.js'

// The fake PingPong risk plugin: what the kit asked of it.
const risk = {
  created: [] as unknown[],
  init: [] as unknown[],
  trigger: [] as unknown[],
  /** How many of the next complexTrigger calls throw, as a plugin that cannot open its frame. */
  failTriggers: 0,
  /** How many of the next complexInit calls never call back, as a plugin whose 3D init hangs. */
  silentInits: 0,
  /** How many of the next complexTrigger calls end on the page: no challenge (frictionless 3DS). */
  frictionless: 0,
}
class FakeRiskControl {
  constructor(options: unknown) {
    risk.created.push(options)
  }
  installLight_S2S() {}
  complexInit(params: unknown, callback: (data: unknown) => void) {
    risk.init.push(params)
    if (risk.silentInits > 0) {
      risk.silentInits--
      return
    }
    setTimeout(() => callback({ threeDInitTransId: 'init-1', version: '2.2.0' }), 0)
  }
  complexTrigger(params: unknown, callback?: (result: unknown) => void) {
    risk.trigger.push(params)
    if (risk.frictionless > 0) {
      risk.frictionless--
      setTimeout(() => callback?.(undefined), 0)
      return
    }
    if (risk.failTriggers > 0) {
      risk.failTriggers--
      throw new Error('The challenge frame could not be opened')
    }
  }
}

/** The risk plugin's script, as `serveScripts` answers it. */
const riskScript = {
  onLoad() {
    ;(window as { PingPongRiskControl?: unknown }).PingPongRiskControl = FakeRiskControl
  },
}

let stopScripts = () => {}
beforeAll(() => {
  // The foreign one would work too, were it loaded.
  stopScripts = serveScripts({ [riskScriptUrl]: riskScript, [foreignRiskScriptUrl]: riskScript })
})
afterAll(() => stopScripts())

/** A configuration naming the risk plugin, answered once `answered` settles (at once without it). */
function withRiskPlugin(scriptUrl = riskScriptUrl, answered?: Promise<void>) {
  server.use(
    http.get(`${api}/config`, async () => {
      await answered
      return HttpResponse.json({
        gateways: {
          pingpong: {
            flows: ['card'],
            riskPlugin: {
              scriptUrl,
              accId: 'acc-1',
              clientId: 'client-1',
              environment: 'SANDBOX',
            },
          },
        },
      })
    }),
  )
}

/** withRiskPlugin, its configuration answered only when the returned function is called. */
function withRiskPluginConfiguredLater(): () => void {
  let answerConfig = () => {}
  const answered = new Promise<void>((resolve) => {
    answerConfig = resolve
  })
  withRiskPlugin(riskScriptUrl, answered)
  return answerConfig
}

function renderCard(props: Partial<Parameters<typeof CardPayment>[0]> = {}, locale?: 'zh-CN') {
  return renderCheckout(<CardPayment orderId="order-1" returnUrl={returnUrl} {...props} />, {
    ...(locale ? { locale, messages: zhCN } : {}),
    environment: testEnvironment({ fastMs: 20 }),
  })
}

async function fillCard(user = userEvent.setup(), card = { number: cardNumber, cvc: '123' }) {
  await user.type(screen.getByLabelText('Card number'), card.number)
  await user.type(screen.getByLabelText('Expiry date'), '1230')
  await user.type(screen.getByLabelText('Security code'), card.cvc)
  await user.type(screen.getByLabelText('Name on card'), 'Ada Lovelace')
  return user
}

function describedBy(input: HTMLElement): string[] {
  return (input.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .filter(Boolean)
    .map((id) => document.getElementById(id)?.textContent ?? `missing #${id}`)
}

/**
 * Every string and number in `value`, its items, properties and `cause`s, as one text. Stacks
 * are left out: their line numbers are code, not data.
 */
function textOf(value: unknown, seen = new Set<unknown>()): string {
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'bigint') return String(value)
  if (typeof value !== 'object' || value === null || seen.has(value)) return ''
  seen.add(value)
  // A DOMException's message is not an own property: its String() has it.
  const own = value instanceof Error || value instanceof DOMException ? [String(value)] : []
  for (const key of Object.getOwnPropertyNames(value)) {
    if (key !== 'stack')
      own.push(`${key}: ${textOf((value as Record<string, unknown>)[key], seen)}`)
  }
  return own.join('\n')
}

/** A shop page that learns its shopper's id after the card form is on screen. */
const lateShopper = { set: (_id: string) => {} }
function LateShopperPage({ onReady }: { onReady: () => void }) {
  const [shopper, setShopper] = useState<string>()
  lateShopper.set = setShopper
  return (
    <CardPayment
      orderId="order-1"
      returnUrl={returnUrl}
      onReady={onReady}
      {...(shopper === undefined ? {} : { merchantUserId: shopper })}
    />
  )
}

describe('<CardPayment>', () => {
  it('renders real, labelled inputs with card autocomplete, never spell-checked', () => {
    const { container } = renderCard({ className: 'shop-checkout' })
    const expected = [
      ['Card number', 'cc-number', 'numeric', null],
      ['Expiry date', 'cc-exp', 'numeric', null],
      ['Security code', 'cc-csc', 'numeric', null],
      ['Name on card', 'cc-name', null, 'characters'],
    ] as const
    for (const [label, autocomplete, inputMode, autoCapitalize] of expected) {
      const input = screen.getByLabelText(label)
      expect(input.tagName).toBe('INPUT')
      expect(input.getAttribute('autocomplete')).toBe(autocomplete)
      expect(input.getAttribute('inputmode')).toBe(inputMode)
      // A phone's keyboard offers capitals for the name as embossed on the card.
      expect(input.getAttribute('autocapitalize')).toBe(autoCapitalize)
      // A browser's enhanced spell check sends what is typed to a remote service: never the card.
      expect(input.getAttribute('spellcheck'), label).toBe('false')
      // Nameless: a native submit (before hydration) cannot put the card in a URL.
      expect(input.hasAttribute('name')).toBe(false)
    }
    // The merchant's class is added to the kit's own.
    expect(container.querySelector('form')?.className).toBe('ck-root shop-checkout')
    const pay = screen.getByRole('button', { name: 'Pay' })
    expect(pay.getAttribute('type')).toBe('submit')
    expect(screen.getByRole('status').getAttribute('aria-live')).toBe('polite')
  })

  it('reads an expiry date pasted as MMYYYY', async () => {
    renderCard()
    const expiry = screen.getByLabelText('Expiry date') as HTMLInputElement
    expiry.focus()
    await userEvent.paste('122030')
    await userEvent.tab()

    expect(expiry.value).toBe('12 / 30')
    expect(expiry.getAttribute('aria-invalid')).toBeNull()
  })

  it('formats the card number and the expiry date as they are typed', async () => {
    renderCard()
    const user = userEvent.setup()
    const number = screen.getByLabelText('Card number') as HTMLInputElement
    await user.type(number, cardNumber)
    expect(number.value).toBe('4242 4242 4242 4242')
    const expiry = screen.getByLabelText('Expiry date') as HTMLInputElement
    await user.type(expiry, '1230')
    expect(expiry.value).toBe('12 / 30')
    await user.type(expiry, '{Backspace}{Backspace}')
    expect(expiry.value).toBe('12')
  })

  it('shows inline validation messages when a field is left, linked through aria-describedby', async () => {
    renderCard()
    const user = userEvent.setup()
    const number = screen.getByLabelText('Card number')
    await user.type(number, '4242')
    expect(number.hasAttribute('aria-invalid')).toBe(false)
    await user.tab()

    expect(number.getAttribute('aria-invalid')).toBe('true')
    expect(describedBy(number)).toEqual([
      'The 13 to 19 digits on the front of your card.',
      'Your card number is incomplete.',
    ])
    // The whole field, its label too, is marked for styling.
    expect(
      screen.getByText('Card number', { selector: 'label' }).closest('[data-invalid]'),
    ).not.toBeNull()

    await user.type(number, '424242424241')
    await user.tab()
    expect(describedBy(number)).toContain('Your card number is not valid. Check it and try again.')
  })

  it('validates every field on submit, focuses the first invalid one and sends nothing', async () => {
    renderCard()
    const user = userEvent.setup()
    await user.type(screen.getByLabelText('Expiry date'), '0120')
    await user.click(screen.getByRole('button', { name: 'Pay' }))

    expect(screen.getByText('Enter your card number.')).toBeTruthy()
    expect(screen.getByText('Your card has expired. Use another card.')).toBeTruthy()
    expect(screen.getByText('Enter the security code.')).toBeTruthy()
    expect(screen.getByText('Enter the name as it appears on your card.')).toBeTruthy()
    expect(document.activeElement).toBe(screen.getByLabelText('Card number'))
    expect(postsTo('/payments')).toHaveLength(0)
  })

  it('says through the alert that fields need fixing when Enter in the first invalid one moves no focus', async () => {
    renderCard()
    const user = userEvent.setup()
    await user.type(screen.getByLabelText('Card number'), '4111111111111112{Enter}')

    expect(document.activeElement).toBe(screen.getByLabelText('Card number'))
    expect(screen.getByRole('alert').textContent).toBe('Check the highlighted fields.')
    await user.clear(screen.getByLabelText('Card number'))
    await user.type(screen.getByLabelText('Card number'), '4111111111111111')
    await user.type(screen.getByLabelText('Expiry date'), '1230')
    await user.type(screen.getByLabelText('Security code'), '123')
    await user.type(screen.getByLabelText('Name on card'), 'Ada Lovelace')
    // Fixed, the fields need no more saying.
    expect(screen.queryByRole('alert')).toBeNull()
  })

  it('says what an empty expiry date, a short security code and a blank name need', async () => {
    renderCard()
    const user = userEvent.setup()
    await user.type(screen.getByLabelText('Card number'), cardNumber)
    await user.type(screen.getByLabelText('Security code'), '12')
    await user.type(screen.getByLabelText('Name on card'), '   ')
    await user.click(screen.getByRole('button', { name: 'Pay' }))

    expect(describedBy(screen.getByLabelText('Expiry date'))).toContain('Enter the expiry date.')
    expect(describedBy(screen.getByLabelText('Security code'))).toContain(
      'The security code must be 3 digits.',
    )
    expect(describedBy(screen.getByLabelText('Name on card'))).toContain(
      'Enter the name as it appears on your card.',
    )
    expect(postsTo('/payments')).toHaveLength(0)
  })

  it('sends the name on card without the spaces typed around it', async () => {
    server.use(
      http.post(`${api}/payments`, () =>
        HttpResponse.json(session({ flow: 'card', status: 'succeeded' }), { status: 201 }),
      ),
    )
    renderCard()
    const user = await fillCard()
    await user.type(screen.getByLabelText('Name on card'), ' ')
    await user.click(screen.getByRole('button', { name: 'Pay' }))

    await waitFor(() => expect(postsTo('/payments')).toHaveLength(1))
    expect(postsTo('/payments')[0]?.body).toMatchObject({ card: { holderName: 'Ada Lovelace' } })
  })

  it("says what the last submit met: the fields to fix, then the bank's decline, then the fields again", async () => {
    server.use(
      http.post(`${api}/payments`, () =>
        HttpResponse.json(
          session({
            flow: 'card',
            status: 'failed',
            failure: { code: 'card_declined', message: 'Your card was declined.' },
          }),
          { status: 201 },
        ),
      ),
    )
    renderCard()
    const user = userEvent.setup()
    await user.type(screen.getByLabelText('Card number'), cardNumber)
    await user.type(screen.getByLabelText('Expiry date'), '1230')
    await user.type(screen.getByLabelText('Name on card'), 'Ada Lovelace')
    const cvc = screen.getByLabelText('Security code')
    await user.click(screen.getByRole('button', { name: 'Pay' }))
    expect(screen.getByRole('alert').textContent).toBe('Check the highlighted fields.')

    await user.type(cvc, '123')
    await user.click(screen.getByRole('button', { name: 'Pay' }))
    const declined = 'Your card was declined. Try another card or contact your bank.'
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe(declined))
    // Correcting the card after the decline is not a refused submit.
    await user.clear(cvc)
    expect(screen.getByRole('alert').textContent).toBe(declined)

    await user.click(screen.getByRole('button', { name: 'Pay' }))
    expect(screen.getByRole('alert').textContent).toBe('Check the highlighted fields.')
    expect(postsTo('/payments')).toHaveLength(1)
  })

  it('asks for four digits of an Amex security code', async () => {
    renderCard()
    const user = userEvent.setup()
    await user.type(screen.getByLabelText('Card number'), '378282246310005')
    expect((screen.getByLabelText('Card number') as HTMLInputElement).value).toBe(
      '3782 822463 10005',
    )
    await user.type(screen.getByLabelText('Security code'), '123')
    await user.tab()
    expect(screen.getByText('The security code must be 4 digits.')).toBeTruthy()
    expect(screen.getByText('The 4 digits on the front of your card.')).toBeTruthy()
  })

  it('sends the card, risk data and browser info once, then starts 3DS through the risk plugin', async () => {
    withRiskPlugin()
    const threeDsParams = {
      threeDContinue: 'true',
      threeDRedirectUrl: `${gatewayOrigin}/3ds?code=abc`,
    }
    const created = session({
      flow: 'card',
      status: 'requires_action',
      action: { type: 'three-ds', gateway: 'pingpong', params: threeDsParams },
    })
    server.use(
      http.post(`${api}/payments`, async () => {
        await delay(30)
        return HttpResponse.json(created, { status: 201 })
      }),
    )
    const onActionRequired = vi.fn()
    const { environment, container } = renderCard({ onActionRequired })
    // The plugin loads after /config answers.
    await waitFor(() => expect(risk.created).toHaveLength(1))
    // StrictMode replays effects; the configuration is still asked for once.
    expect(requests.filter((request) => request.url === `${api}/config`)).toHaveLength(1)

    const user = await fillCard()
    await waitFor(() => expect(risk.init.length).toBeGreaterThan(0))
    await user.dblClick(screen.getByRole('button', { name: 'Pay' }))

    await waitFor(() => expect(risk.trigger).toEqual([threeDsParams]))
    expect(onActionRequired).toHaveBeenCalledWith(created.action)
    expect(environment.navigate).not.toHaveBeenCalled()
    const posts = postsTo('/payments')
    expect(posts).toHaveLength(1)
    const body = posts[0]?.body as Record<string, unknown>
    expect(body).toMatchObject({
      gateway: 'pingpong',
      flow: 'card',
      orderId: 'order-1',
      returnUrl,
      card: {
        number: cardNumber,
        expiryMonth: '12',
        expiryYear: '2030',
        cvc: '123',
        holderName: 'Ada Lovelace',
      },
      jsGeneratedData: JSON.stringify({ threeDInitTransId: 'init-1', version: '2.2.0' }),
    })
    expect(body.browserInfo).toMatchObject({
      javaScriptEnabled: 'true',
      userAgent: expect.any(String),
    })
    expect(risk.init[0]).toMatchObject({ cardNumber, accId: 'acc-1' })
    expect(container.querySelector('form')?.getAttribute('data-state')).toBe('action')
    // While the attempt is open, "Pay" stays locked.
    const pay = screen.getByRole('button', { name: 'Pay' })
    expect(pay.getAttribute('aria-disabled')).toBe('true')
    expect(pay.getAttribute('aria-busy')).toBe('true')
  })

  it("reads data-state 'error' and offers 'Start again' when the 3DS page is not on an allowed origin", async () => {
    server.use(
      http.post(`${api}/payments`, () =>
        HttpResponse.json(
          session({
            flow: 'card',
            status: 'requires_action',
            action: { type: 'redirect', method: 'GET', url: 'https://evil.example/3ds' },
          }),
          { status: 201 },
        ),
      ),
    )
    const { container, environment } = renderCard()
    const user = await fillCard()
    await user.click(screen.getByRole('button', { name: 'Pay' }))

    expect((await screen.findByRole('alert')).textContent).toBe(
      'The payment page could not be opened safely. Please contact the shop or try another method.',
    )
    expect(screen.getByRole('button', { name: 'Start again' })).toBeTruthy()
    expect(container.querySelector('form')?.getAttribute('data-state')).toBe('error')
    expect(environment.navigate).not.toHaveBeenCalled()
  })

  it("offers 'Try again', which starts the same 3DS challenge again, when the risk plugin could not start it", async () => {
    withRiskPlugin()
    const threeDsParams = { threeDContinue: 'true' }
    server.use(
      http.post(`${api}/payments`, () =>
        HttpResponse.json(
          session({
            flow: 'card',
            status: 'requires_action',
            action: { type: 'three-ds', gateway: 'pingpong', params: threeDsParams },
          }),
          { status: 201 },
        ),
      ),
    )
    const onReady = vi.fn()
    const { container } = renderCard({ onReady })
    await waitFor(() => expect(onReady).toHaveBeenCalledTimes(1))
    const triggersBefore = risk.trigger.length
    risk.failTriggers = 1
    const user = await fillCard()
    await user.click(screen.getByRole('button', { name: 'Pay' }))

    expect((await screen.findByRole('alert')).textContent).toBe(
      'The card security check could not be loaded. Check your connection and try again.',
    )
    expect(container.querySelector('form')?.getAttribute('data-state')).toBe('error')
    await user.click(screen.getByRole('button', { name: 'Try again' }))

    await waitFor(() =>
      expect(risk.trigger.slice(triggersBefore)).toEqual([threeDsParams, threeDsParams]),
    )
    // The same payment's challenge, not a second payment.
    expect(postsTo('/payments')).toHaveLength(1)
    expect(screen.queryByRole('alert')).toBeNull()
  })

  it("offers 'Try again', which opens the 3DS page again, when the browser would not leave the page", async () => {
    server.use(
      http.post(`${api}/payments`, () =>
        HttpResponse.json(
          session({
            flow: 'card',
            status: 'requires_action',
            action: { type: 'redirect', method: 'GET', url: `${gatewayOrigin}/3ds?code=abc` },
          }),
          { status: 201 },
        ),
      ),
    )
    const { environment } = renderCard()
    // An embedding app's web view refusing the navigation once.
    environment.navigate.mockImplementationOnce(() => {
      throw new Error('Navigation refused by the host app')
    })
    const user = await fillCard()
    await user.click(screen.getByRole('button', { name: 'Pay' }))

    expect((await screen.findByRole('alert')).textContent).toBe(
      'The payment was interrupted. Please try again.',
    )
    await user.click(screen.getByRole('button', { name: 'Try again' }))

    await waitFor(() => expect(environment.navigate).toHaveBeenCalledTimes(2))
    expect(environment.navigate).toHaveBeenLastCalledWith(`${gatewayOrigin}/3ds?code=abc`)
    expect(postsTo('/payments')).toHaveLength(1)
  })

  it('"Pay" pressed while the risk plugin still loads waits for it, so 3DS can start', async () => {
    // The configuration that names the plugin answers only after the shopper pressed Pay.
    const answerConfig = withRiskPluginConfiguredLater()
    server.use(
      http.post(`${api}/payments`, () =>
        HttpResponse.json(
          session({
            flow: 'card',
            status: 'requires_action',
            action: { type: 'three-ds', gateway: 'pingpong', params: { threeDContinue: 'true' } },
          }),
          { status: 201 },
        ),
      ),
    )
    const triggersBefore = risk.trigger.length
    // Real timers: the wait for the plugin is capped at 8 s, which fast test timers would cut short.
    renderCheckout(<CardPayment orderId="order-1" returnUrl={returnUrl} />, {
      environment: testEnvironment(),
    })
    const user = await fillCard()
    await user.click(screen.getByRole('button', { name: 'Pay' }))
    expect(screen.getByRole('button', { name: 'Pay' }).getAttribute('aria-busy')).toBe('true')
    expect(postsTo('/payments')).toHaveLength(0)

    answerConfig()
    await waitFor(() => expect(postsTo('/payments')).toHaveLength(1))
    expect(postsTo('/payments')[0]?.body).toMatchObject({
      jsGeneratedData: JSON.stringify({ threeDInitTransId: 'init-1', version: '2.2.0' }),
    })
    await waitFor(() =>
      expect(risk.trigger.slice(triggersBefore)).toEqual([{ threeDContinue: 'true' }]),
    )
  })

  it('says the payment is starting while "Pay" waits for the risk plugin', async () => {
    const answerConfig = withRiskPluginConfiguredLater()
    renderCheckout(<CardPayment orderId="order-1" returnUrl={returnUrl} />, {
      environment: testEnvironment(),
    })
    const user = await fillCard()
    await user.click(screen.getByRole('button', { name: 'Pay' }))

    expect(postsTo('/payments')).toHaveLength(0)
    expect(screen.getByRole('status').textContent).toBe('Starting your payment…')
    answerConfig()
  })

  it('sends nothing once the shopper left the form while "Pay" waited for the risk plugin', async () => {
    // The configuration that names the plugin never answers. Real timers: a wait cut to test
    // timers' 20 ms could end before unmount() on a busy machine, and the payment rightly go out.
    server.use(http.get(`${api}/config`, () => new Promise<Response>(() => {})))
    const { unmount } = renderCheckout(<CardPayment orderId="order-1" returnUrl={returnUrl} />, {
      environment: testEnvironment(),
    })
    const user = await fillCard()
    await user.click(screen.getByRole('button', { name: 'Pay' }))
    unmount()
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(postsTo('/payments')).toHaveLength(0)
  })

  it('loads the risk plugin once the provider allows its origin, if the allowlist comes late', async () => {
    withRiskPlugin()
    const before = risk.created.length
    // The merchant's allowlist arrives after the first render (read from its own config).
    const { rerenderProvider } = renderCheckout(
      <CardPayment orderId="order-1" returnUrl={returnUrl} />,
      { allowedOrigins: [], environment: testEnvironment({ fastMs: 20 }) },
    )
    await waitFor(() =>
      expect(requests.filter((request) => request.url === `${api}/config`)).toHaveLength(1),
    )
    await delay(100)
    expect(risk.created.length - before).toBe(0)

    rerenderProvider({ allowedOrigins: [gatewayOrigin] })
    await waitFor(() => expect(risk.created.length - before).toBe(1))
  })

  it('loads the risk plugin, which is handed the card number, only from an allowed origin', async () => {
    withRiskPlugin(foreignRiskScriptUrl)
    server.use(
      http.post(`${api}/payments`, () =>
        HttpResponse.json(session({ flow: 'card', status: 'succeeded' }), { status: 201 }),
      ),
    )
    // Every script the page is asked to load, even one removed again after failing.
    const added: string[] = []
    const observer = new MutationObserver((records) => {
      for (const record of records) {
        for (const node of record.addedNodes) {
          if (node instanceof HTMLScriptElement) added.push(node.src)
        }
      }
    })
    observer.observe(document, { childList: true, subtree: true })
    try {
      renderCard()
      await waitFor(() =>
        expect(requests.filter((request) => request.url === `${api}/config`)).toHaveLength(1),
      )
      // The card form goes on as without a plugin that failed to load: no risk data.
      const user = await fillCard()
      await user.click(screen.getByRole('button', { name: 'Pay' }))
      await waitFor(() => expect(postsTo('/payments')).toHaveLength(1))
    } finally {
      observer.disconnect()
    }
    expect(added).not.toContain(foreignRiskScriptUrl)
    expect(postsTo('/payments')[0]?.body).not.toHaveProperty('jsGeneratedData')
  })

  it('tells a developer on the console, once, that the risk plugin was refused', async () => {
    withRiskPlugin(foreignRiskScriptUrl)
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    renderCard()

    await waitFor(() => expect(warn).toHaveBeenCalled())
    await delay(50)
    expect(warn).toHaveBeenCalledExactlyOnceWith(
      expect.stringMatching(
        /^\[checkout-kit\] <CardPayment>: PingPong's risk plugin did not load \(.*https:\/\/risk\.elsewhere\.example.*\); .* Is its script's origin in allowedOrigins\?$/,
      ),
    )
  })

  it("puts the provider's nonce on the risk plugin's script and every element the card flow adds", async () => {
    // A script address of its own: a tag already on the page, nonce or not, would be reused.
    const scriptUrl = `${riskScriptUrl}?csp`
    const stopServing = serveScripts({ [scriptUrl]: riskScript })
    withRiskPlugin(scriptUrl)
    const fields = { PaReq: 'pa-req-1', TermUrl: returnUrl }
    server.use(
      http.post(`${api}/payments`, () =>
        HttpResponse.json(
          session({
            flow: 'card',
            status: 'requires_action',
            action: { type: 'redirect', method: 'POST', url: `${gatewayOrigin}/3ds`, fields },
          }),
          { status: 201 },
        ),
      ),
    )
    // The 3DS form is built in the page, as in a browser; jsdom cannot navigate with it.
    const environment = testEnvironment({ fastMs: 20 })
    environment.submitForm.mockImplementation(submitFormTo)
    vi.spyOn(HTMLFormElement.prototype, 'submit').mockImplementation(() => {})
    // The style sheets of earlier tests, added without a nonce, would be kept.
    for (const style of document.querySelectorAll('style[data-checkout-kit-styles]')) {
      style.remove()
    }
    const added: Element[] = []
    const observer = new MutationObserver((records) => {
      for (const record of records) {
        for (const node of record.addedNodes) {
          if (node instanceof Element) added.push(node, ...node.querySelectorAll('*'))
        }
      }
    })
    observer.observe(document, { childList: true, subtree: true })
    try {
      const onReady = vi.fn()
      const { container } = renderCheckout(
        <CardPayment orderId="order-1" returnUrl={returnUrl} onReady={onReady} />,
        { nonce: 'n0nce', environment },
      )
      await waitFor(() => expect(onReady).toHaveBeenCalledTimes(1))
      const user = await fillCard()
      await user.click(screen.getByRole('button', { name: 'Pay' }))
      await waitFor(() => expect(environment.submitForm).toHaveBeenCalledTimes(1))

      // What the kit adds outside the component's own markup, which React renders.
      const outside = added.filter(
        (element) => element !== container && !container.contains(element),
      )
      expect(outside.map((element) => element.localName).sort()).toEqual([
        'form',
        'input',
        'input',
        'script',
        'style',
        'style',
      ])
      expect(document.querySelector<HTMLScriptElement>(`script[src="${scriptUrl}"]`)?.nonce).toBe(
        'n0nce',
      )
      for (const element of outside) {
        expect((element as HTMLElement).nonce, element.outerHTML).toBe('n0nce')
      }
      expect(environment.submitForm).toHaveBeenCalledWith(`${gatewayOrigin}/3ds`, fields, 'n0nce')
    } finally {
      observer.disconnect()
      stopServing()
      for (const form of document.querySelectorAll(`form[action="${gatewayOrigin}/3ds"]`)) {
        form.remove()
      }
    }
  })

  describe("the risk plugin's data (complexInit)", () => {
    /** Renders the card form and waits until its risk plugin has loaded. */
    async function renderWithPlugin() {
      withRiskPlugin()
      const onReady = vi.fn()
      renderCard({ onReady })
      await waitFor(() => expect(onReady).toHaveBeenCalledTimes(1))
    }

    it('hands over the card number as soon as it is complete, before the field is left', async () => {
      await renderWithPlugin()
      const before = risk.init.length
      const number = screen.getByLabelText('Card number')
      await userEvent.type(number, cardNumber)

      expect(document.activeElement).toBe(number)
      await waitFor(() =>
        expect(risk.init.slice(before)).toEqual([expect.objectContaining({ cardNumber })]),
      )
    })

    it('runs once per card number and expiry: the expiry typed after the number is handed over, leaving the fields and paying reuse its data', async () => {
      server.use(
        http.post(`${api}/payments`, () =>
          HttpResponse.json(session({ flow: 'card', status: 'succeeded' }), { status: 201 }),
        ),
      )
      await renderWithPlugin()
      const before = risk.init.length
      const user = await fillCard()
      await user.click(screen.getByRole('button', { name: 'Pay' }))

      await waitFor(() => expect(postsTo('/payments')).toHaveLength(1))
      expect(postsTo('/payments')[0]?.body).toHaveProperty('jsGeneratedData')
      // PingPong asks for complexInit when the number or the expiry changes (pingpong.md §1.9):
      // once for the number alone, once more when the expiry completes it, and no more.
      const initialised = risk.init.slice(before)
      expect(initialised).toEqual([
        expect.objectContaining({ cardNumber }),
        expect.objectContaining({ cardNumber, cardExpireMonth: '12', cardExpireYear: '2030' }),
      ])
      expect(initialised[0]).not.toHaveProperty('cardExpireMonth')
    })

    it('hands a pasted card number over with its brand', async () => {
      await renderWithPlugin()
      const before = risk.init.length
      const number = screen.getByLabelText('Card number')
      number.focus()
      await userEvent.paste('4242 4242 4242 4242')

      await waitFor(() =>
        expect(risk.init.slice(before)).toEqual([
          expect.objectContaining({ cardNumber, cardBrand: 'visa' }),
        ]),
      )
    })

    it('asks again at "Pay" when the plugin did not answer in time for the card as typed', async () => {
      server.use(
        http.post(`${api}/payments`, () =>
          HttpResponse.json(session({ flow: 'card', status: 'succeeded' }), { status: 201 }),
        ),
      )
      await renderWithPlugin()
      // Its 3D init hung while the number and the expiry were typed; it answers by "Pay".
      risk.silentInits = 2
      const user = await fillCard()
      await user.click(screen.getByRole('button', { name: 'Pay' }))

      await waitFor(() => expect(postsTo('/payments')).toHaveLength(1))
      expect(postsTo('/payments')[0]?.body).toMatchObject({
        jsGeneratedData: JSON.stringify({ threeDInitTransId: 'init-1', version: '2.2.0' }),
      })
    })

    it('hands a corrected card number over with the expiry date already entered', async () => {
      await renderWithPlugin()
      const user = await fillCard()
      const before = risk.init.length
      await user.clear(screen.getByLabelText('Card number'))
      await user.type(screen.getByLabelText('Card number'), '5555555555554444')

      await waitFor(() =>
        expect(risk.init.slice(before)).toEqual([
          expect.objectContaining({
            cardNumber: '5555555555554444',
            cardExpireMonth: '12',
            cardExpireYear: '2030',
          }),
        ]),
      )
    })

    it('hands the card over when its field is left, to a plugin that loaded after it was typed', async () => {
      const answerConfig = withRiskPluginConfiguredLater()
      const onReady = vi.fn()
      renderCard({ onReady })
      const before = risk.init.length
      const user = userEvent.setup()
      await user.type(screen.getByLabelText('Card number'), cardNumber)
      answerConfig()
      await waitFor(() => expect(onReady).toHaveBeenCalledTimes(1))
      expect(risk.init.slice(before)).toEqual([])

      await user.tab()

      await waitFor(() =>
        expect(risk.init.slice(before)).toEqual([expect.objectContaining({ cardNumber })]),
      )
    })
  })

  it('calls onReady once, when the risk plugin has loaded', async () => {
    withRiskPlugin()
    const before = risk.created.length
    let pluginsAtReady: number | undefined
    const onReady = vi.fn(() => {
      pluginsAtReady = risk.created.length - before
    })
    renderCard({ onReady })
    await waitFor(() => expect(onReady).toHaveBeenCalledTimes(1))
    expect(pluginsAtReady).toBe(1)
    // Nothing more on re-renders, typing or StrictMode's replayed effects.
    await fillCard()
    expect(onReady).toHaveBeenCalledTimes(1)
  })

  it("hands the merchant's shopper id to the risk plugin", async () => {
    withRiskPlugin()
    const before = risk.created.length
    const onReady = vi.fn()
    renderCard({ merchantUserId: 'shopper-42', onReady })
    await waitFor(() => expect(onReady).toHaveBeenCalledTimes(1))
    expect(risk.created.slice(before)).toEqual([
      expect.objectContaining({ accId: 'acc-1', merchantUserId: 'shopper-42' }),
    ])
  })

  it('hands the risk plugin the shopper id given after it loaded', async () => {
    withRiskPlugin()
    const before = risk.created.length
    const onReady = vi.fn()
    renderCheckout(<LateShopperPage onReady={onReady} />, {
      environment: testEnvironment({ fastMs: 20 }),
    })
    await waitFor(() => expect(onReady).toHaveBeenCalledTimes(1))
    act(() => lateShopper.set('shopper-42'))

    await waitFor(() =>
      expect(risk.created.slice(before).at(-1)).toMatchObject({ merchantUserId: 'shopper-42' }),
    )
  })

  it('asks the plugin made for a shopper id given after the card was typed, and pays with its data', async () => {
    server.use(
      http.post(`${api}/payments`, () =>
        HttpResponse.json(session({ flow: 'card', status: 'succeeded' }), { status: 201 }),
      ),
    )
    withRiskPlugin()
    const onReady = vi.fn()
    renderCheckout(<LateShopperPage onReady={onReady} />, {
      environment: testEnvironment({ fastMs: 20 }),
    })
    await waitFor(() => expect(onReady).toHaveBeenCalledTimes(1))
    const user = await fillCard()
    const created = risk.created.length
    act(() => lateShopper.set('shopper-42'))
    await waitFor(() => expect(risk.created.length).toBe(created + 1))
    // The new plugin is handed to the form.
    await act(() => new Promise((resolve) => setTimeout(resolve, 50)))
    const before = risk.init.length
    await user.click(screen.getByRole('button', { name: 'Pay' }))

    await waitFor(() => expect(postsTo('/payments')).toHaveLength(1))
    // The old plugin's answer, made without the shopper id, is not the new one's: PingPong's 3DS
    // is triggered on the plugin that ran complexInit for the card.
    expect(risk.init.slice(before)).toEqual([expect.objectContaining({ cardNumber })])
    expect(postsTo('/payments')[0]?.body).toHaveProperty('jsGeneratedData')
  })

  it('calls onReady once when there is no risk plugin, or its script does not load', async () => {
    const onReady = vi.fn()
    const { unmount } = renderCard({ onReady })
    await waitFor(() => expect(onReady).toHaveBeenCalledTimes(1))
    unmount()

    const missingScriptUrl = `${gatewayOrigin}/risk/missing.js`
    const stopFailing = serveScripts({ [missingScriptUrl]: { fail: true } })
    try {
      withRiskPlugin(missingScriptUrl)
      const onReadyAgain = vi.fn()
      renderCard({ onReady: onReadyAgain })
      await waitFor(() => expect(onReadyAgain).toHaveBeenCalledTimes(1), { timeout: 3000 })
    } finally {
      stopFailing()
    }
  })

  it('follows the payment to its outcome when the risk plugin ends 3DS without leaving the page', async () => {
    withRiskPlugin()
    const created = session({
      flow: 'card',
      status: 'requires_action',
      action: { type: 'three-ds', gateway: 'pingpong', params: { threeDContinue: 'true' } },
    })
    server.use(
      http.post(`${api}/payments`, () => HttpResponse.json(created, { status: 201 })),
      http.get(`${api}/payments/${created.id}`, () =>
        HttpResponse.json({ ...created, status: 'succeeded', action: undefined }),
      ),
    )
    risk.frictionless = 1
    const onComplete = vi.fn()
    const onReady = vi.fn()
    const { environment } = renderCard({ onComplete, onReady })
    await waitFor(() => expect(onReady).toHaveBeenCalledTimes(1))
    const user = await fillCard()
    await user.click(screen.getByRole('button', { name: 'Pay' }))

    await screen.findByText('Payment successful.')
    expect(onComplete).toHaveBeenCalledTimes(1)
    expect(environment.navigate).not.toHaveBeenCalled()
  })

  it('follows a processing payment to success and clears the card', async () => {
    const created = session({ flow: 'card', status: 'processing' })
    server.use(
      http.post(`${api}/payments`, () => HttpResponse.json(created, { status: 201 })),
      http.get(`${api}/payments/${created.id}`, () =>
        HttpResponse.json({ ...created, status: 'succeeded' }),
      ),
    )
    const onComplete = vi.fn()
    renderCard({ onComplete })
    const user = await fillCard()
    await user.click(screen.getByRole('button', { name: 'Pay' }))

    await waitFor(() => expect(onComplete).toHaveBeenCalledTimes(1))
    expect(screen.getByRole('status').textContent).toBe('Payment successful.')
    expect((screen.getByLabelText('Card number') as HTMLInputElement).value).toBe('')
    expect((screen.getByLabelText('Security code') as HTMLInputElement).value).toBe('')
    expect(screen.queryByRole('button', { name: 'Pay' })).toBeNull()
    // The emptied fields are not shown as errors beside the success.
    for (const label of ['Card number', 'Expiry date', 'Security code', 'Name on card']) {
      expect(screen.getByLabelText(label).getAttribute('aria-invalid')).not.toBe('true')
    }
    expect(screen.queryByText('Enter your card number.')).toBeNull()
  })

  it('keeps keyboard focus in the form when "Pay" gives way to the success', async () => {
    const created = session({ flow: 'card', status: 'processing' })
    server.use(
      http.post(`${api}/payments`, () => HttpResponse.json(created, { status: 201 })),
      http.get(`${api}/payments/${created.id}`, () =>
        HttpResponse.json({ ...created, status: 'succeeded' }),
      ),
    )
    const { container } = renderCard()
    const user = await fillCard()
    await user.tab()
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Pay' }))
    await user.keyboard('{Enter}')

    await screen.findByText('Payment successful.')
    expect(screen.queryByRole('button', { name: 'Pay' })).toBeNull()
    // Not dropped to the top of the page, nor into an emptied field that would then be validated:
    // on the form, from which the next Tab goes on.
    expect(document.activeElement).toBe(container.querySelector('[data-ck="card-payment"]'))
  })

  it('forgets the card it handed to the risk plugin once the payment succeeded', async () => {
    server.use(
      http.post(`${api}/payments`, () =>
        HttpResponse.json(session({ flow: 'card', status: 'succeeded' }), { status: 201 }),
      ),
    )
    withRiskPlugin()
    const onReady = vi.fn()
    renderCard({ onReady })
    await waitFor(() => expect(onReady).toHaveBeenCalledTimes(1))
    const user = await fillCard()
    await user.click(screen.getByRole('button', { name: 'Pay' }))
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Payment successful.'))

    // Nothing of it is kept, not even what the plugin was last asked about: the same card typed
    // again (the expiry first this time) is a card it has not seen.
    const before = risk.init.length
    await user.type(screen.getByLabelText('Expiry date'), '1230')
    await user.type(screen.getByLabelText('Card number'), cardNumber)
    await waitFor(() =>
      expect(risk.init.slice(before)).toEqual([
        expect.objectContaining({ cardNumber, cardExpireMonth: '12', cardExpireYear: '2030' }),
      ]),
    )
  })

  describe('keeps the card number, the security code and the risk data out of the address, storage, the console and errors', () => {
    // A card whose number and 4-digit code cannot be mistaken for anything else on the page (a
    // 3-digit code is in every other timestamp).
    const card = { number: '378282246310005', cvc: '7373' }
    const riskData = JSON.stringify({ threeDInitTransId: 'init-1', version: '2.2.0' })

    /** Which of the card data `text` holds: the number also when spaced, as the field shows it. */
    function cardDataIn(text: string): string[] {
      return [
        text.replace(/[\s-]/g, '').includes(card.number) && 'card number',
        new RegExp(`(^|\\D)${card.cvc}(\\D|$)`).test(text) && 'security code',
        (text.includes(riskData) || text.includes('init-1')) && 'risk data',
      ].filter((found): found is string => found !== false)
    }

    it.each<[string, () => void, (onError: ReturnType<typeof vi.fn>) => Promise<void>]>([
      [
        'a payment that succeeds',
        () => {
          const created = session({ flow: 'card', status: 'processing' })
          server.use(
            http.post(`${api}/payments`, () => HttpResponse.json(created, { status: 201 })),
            http.get(`${api}/payments/${created.id}`, () =>
              HttpResponse.json({ ...created, status: 'succeeded' }),
            ),
          )
        },
        async (onError) => {
          await waitFor(() =>
            expect(screen.getByRole('status').textContent).toBe('Payment successful.'),
          )
          expect(onError).not.toHaveBeenCalled()
        },
      ],
      [
        'a declined card',
        () => {
          const declined = session({
            flow: 'card',
            status: 'failed',
            failure: { code: 'card_declined', message: 'Your card was declined.' },
          })
          server.use(
            http.post(`${api}/payments`, () => HttpResponse.json(declined, { status: 201 })),
          )
        },
        async () => {
          expect((await screen.findByRole('alert')).textContent).toBe(
            'Your card was declined. Try another card or contact your bank.',
          )
          // The shopper can correct the card and pay again.
          const pay = screen.getByRole('button', { name: 'Pay' })
          expect(pay.getAttribute('aria-disabled')).toBeNull()
        },
      ],
      [
        'a refusal',
        () => {
          server.use(
            http.post(`${api}/payments`, () =>
              HttpResponse.json(
                { error: { code: 'INVALID_REQUEST', message: 'This card cannot pay this order.' } },
                { status: 422 },
              ),
            ),
          )
        },
        async (onError) => {
          expect((await screen.findByRole('alert')).textContent).toBe(
            'This card cannot pay this order.',
          )
          expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'server_error' }))
        },
      ],
      [
        'an unknown outcome',
        () => {
          server.use(http.post(`${api}/payments`, () => HttpResponse.error()))
        },
        async (onError) => {
          expect((await screen.findByRole('alert')).textContent).toBe(
            'We could not reach the payment service. Check your connection and try again.',
          )
          expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'network_error' }))
        },
      ],
    ])('after %s', async (_, answer, outcome) => {
      const consoleCalls = Object.entries(console)
        .filter(([method, value]) => typeof value === 'function' && method !== 'Console')
        .map(([method]) => [method, vi.spyOn(console, method as 'log')] as const)
      withRiskPlugin()
      answer()
      const onError = vi.fn()
      const onReady = vi.fn()
      const { environment } = renderCard({ onError, onReady })
      await waitFor(() => expect(onReady).toHaveBeenCalledTimes(1))
      const user = await fillCard(userEvent.setup(), card)
      await user.click(screen.getByRole('button', { name: 'Pay' }))

      await outcome(onError)
      // The one place they belong: the request that pays.
      expect(cardDataIn(textOf(postsTo('/payments')[0]?.body))).toEqual([
        'card number',
        'security code',
        'risk data',
      ])
      const places: [string, unknown][] = [
        ['the address', [window.location.href, window.history.state]],
        ['request URLs', requests.map((request) => request.url)],
        ['navigations', [environment.navigate.mock.calls, environment.submitForm.mock.calls]],
        ['cookies', document.cookie],
        ['localStorage', Object.entries(window.localStorage)],
        ['sessionStorage', Object.entries(window.sessionStorage)],
        ...consoleCalls.map(([method, spy]): [string, unknown] => [
          `console.${method}`,
          spy.mock.calls,
        ]),
        ['onError', onError.mock.calls],
      ]
      for (const [place, value] of places) expect(cardDataIn(textOf(value)), place).toEqual([])
    })
  })

  it('locks "Pay" during the request: one POST for a double submit', async () => {
    server.use(
      http.post(`${api}/payments`, async () => {
        await delay(50)
        return HttpResponse.json(session({ flow: 'card', status: 'processing' }), { status: 201 })
      }),
      http.get(`${api}/payments/:id`, ({ params }) =>
        HttpResponse.json(session({ id: String(params.id), flow: 'card', status: 'processing' })),
      ),
    )
    renderCard()
    await fillCard()
    const pay = screen.getByRole('button', { name: 'Pay' })
    const form = pay.closest('form') as HTMLFormElement
    fireEvent.submit(form)
    fireEvent.submit(form)
    await userEvent.dblClick(pay)

    await waitFor(() =>
      expect(screen.getByRole('status').textContent).toBe(
        'Waiting for the payment to be confirmed…',
      ),
    )
    expect(postsTo('/payments')).toHaveLength(1)
    // The card being paid with cannot be changed while the bank decides.
    const cvc = screen.getByLabelText('Security code') as HTMLInputElement
    await userEvent.type(cvc, '{Backspace}9')
    expect(cvc.value).toBe('123')
  })

  it('after a refusal, "Try again" sends the card as the shopper corrected it, once, with a new key', async () => {
    let calls = 0
    server.use(
      http.post(`${api}/payments`, async () => {
        calls++
        if (calls === 1) {
          return HttpResponse.json(
            { error: { code: 'INVALID_REQUEST', message: 'The security code is not valid.' } },
            { status: 422 },
          )
        }
        await delay(30)
        return HttpResponse.json(session({ flow: 'card', status: 'processing' }), { status: 201 })
      }),
      http.get(`${api}/payments/:id`, ({ params }) =>
        HttpResponse.json(session({ id: String(params.id), flow: 'card', status: 'processing' })),
      ),
    )
    renderCard()
    const user = await fillCard()
    await user.click(screen.getByRole('button', { name: 'Pay' }))
    expect((await screen.findByRole('alert')).textContent).toBe('The security code is not valid.')

    const cvc = screen.getByLabelText('Security code')
    await user.clear(cvc)
    await user.type(cvc, '456')
    await user.dblClick(screen.getByRole('button', { name: 'Try again' }))

    await waitFor(() =>
      expect(screen.getByRole('status').textContent).toBe(
        'Waiting for the payment to be confirmed…',
      ),
    )
    const posts = postsTo('/payments')
    expect(posts.map((post) => (post.body as { card: { cvc: string } }).card.cvc)).toEqual([
      '123',
      '456',
    ])
    expect(posts[1]?.headers.get('idempotency-key')).not.toBe(
      posts[0]?.headers.get('idempotency-key'),
    )
  })

  it("back from the bank's verification, pays with the card entered: the verification left is given up", async () => {
    // This tab left order-1's payment pay_left at its 3DS page (Back), which still holds the order.
    rememberPayment({ paymentId: 'pay_left', gateway: 'pingpong', orderId: 'order-1' })
    let left = session({
      id: 'pay_left',
      flow: 'card',
      status: 'requires_action',
      action: {
        type: 'three-ds',
        gateway: 'pingpong',
        params: {},
        redirectUrl: `${gatewayOrigin}/3ds?code=left`,
      },
    })
    server.use(
      http.post(`${api}/payments`, () =>
        left.status === 'requires_action'
          ? HttpResponse.json(
              { error: { code: 'ATTEMPT_IN_PROGRESS', message: 'Finish or cancel it first.' } },
              { status: 409 },
            )
          : HttpResponse.json(session({ flow: 'card', status: 'succeeded' }), { status: 201 }),
      ),
      http.get(`${api}/payments/pay_left`, () => HttpResponse.json(left)),
      http.post(`${api}/payments/pay_left/cancel`, () => {
        left = { ...left, status: 'cancelled' }
        delete left.action
        return HttpResponse.json(left)
      }),
    )
    const onError = vi.fn()
    renderCard({ onError })
    const user = await fillCard()
    await user.click(screen.getByRole('button', { name: 'Pay' }))

    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Payment successful.'))
    const creates = postsTo('/payments')
    expect(creates).toHaveLength(2)
    expect(creates[1]?.body).toEqual(creates[0]?.body)
    expect(creates[1]?.headers.get('idempotency-key')).toBe(
      creates[0]?.headers.get('idempotency-key'),
    )
    expect(postsTo('/payments/pay_left/cancel')).toHaveLength(1)
    expect(onError).not.toHaveBeenCalled()
  })

  it('after an unknown outcome, "Try again" resends the very same request with the same key', async () => {
    let calls = 0
    server.use(
      http.post(`${api}/payments`, () =>
        calls++ < 2
          ? HttpResponse.error()
          : HttpResponse.json(session({ flow: 'card', status: 'processing' }), { status: 201 }),
      ),
      http.get(`${api}/payments/:id`, ({ params }) =>
        HttpResponse.json(session({ id: String(params.id), flow: 'card', status: 'processing' })),
      ),
    )
    const { container } = renderCard()
    const user = await fillCard()
    await user.click(screen.getByRole('button', { name: 'Pay' }))
    await screen.findByRole('alert')
    expect(container.querySelector('form')?.getAttribute('data-state')).toBe('unknown')

    // The server may have taken the first request: what is typed now is not a new payment, even
    // when the form is submitted.
    const cvc = screen.getByLabelText('Security code')
    await user.clear(cvc)
    await user.type(cvc, '456')
    fireEvent.submit(cvc.closest('form') as HTMLFormElement)
    await waitFor(() => expect(postsTo('/payments')).toHaveLength(2))
    await user.click(await screen.findByRole('button', { name: 'Try again' }))

    await waitFor(() =>
      expect(screen.getByRole('status').textContent).toBe(
        'Waiting for the payment to be confirmed…',
      ),
    )
    const posts = postsTo('/payments')
    expect(posts).toHaveLength(3)
    for (const post of posts) {
      expect(post.body).toEqual(posts[0]?.body)
      expect(post.headers.get('idempotency-key')).toBe(posts[0]?.headers.get('idempotency-key'))
    }
  })

  it('speaks Simplified Chinese, and says so to screen readers (lang)', async () => {
    const { container } = renderCard({}, 'zh-CN')
    expect(container.querySelector('form')?.getAttribute('lang')).toBe('zh-CN')
    for (const label of ['卡号', '有效期', '安全码', '持卡人姓名']) {
      expect(screen.getByLabelText(label).tagName).toBe('INPUT')
    }
    const user = userEvent.setup()
    await user.click(screen.getByLabelText('卡号'))
    await user.tab()
    expect(screen.getByText('请输入卡号。')).toBeTruthy()
    expect(screen.getByRole('button', { name: '支付' })).toBeTruthy()
  })
})
