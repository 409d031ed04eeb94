import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { oceanpayment, pingpong, pockyt, type WireRequest } from '@checkout-kit/gateways'
import { getResponse } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { createEmulator } from './createEmulator.ts'
import { longestTimerMs } from './emulatorContext.ts'
import { pagesUrl } from './pages/hostedPages.ts'
import { type RunningEmulator, startEmulator } from './startEmulator.ts'
import { checkCard, readExpiry, testCards } from './testCards.ts'
import { startMerchantServer } from './testing/merchantServer.ts'

const credentials = pingpong.sandboxCredentials

function cardPayment(reference: string, notificationUrl: string, number = '4111111111111111') {
  return pingpong.buildUnifiedPayRequest(
    {
      merchantTransactionId: reference,
      requestId: `REQ-${reference}`,
      amount: { value: '9.99', currency: 'USD' },
      shopperIP: '127.0.0.1',
      payResultUrl: 'https://shop.example/result',
      notificationUrl,
      paymentMethod: {
        type: 'scheme',
        cardInfo: {
          number,
          expireMonth: '12',
          expireYear: '2030',
          cvv: '123',
          holderFirstName: 'A',
          holderLastName: 'B',
        },
      },
    },
    credentials,
  )
}

describe('the emulator under MSW setupServer (no HTTP server)', () => {
  const baseUrl = 'https://emulator.test'
  const emulator = createEmulator({ baseUrl, timeScale: 0.001 })
  const notifications: string[] = []
  const server = setupServer(...emulator.handlers)

  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
  afterAll(() => {
    server.close()
    emulator.close()
  })

  it('answers the gateway APIs and delivers notifications through the same interception', async () => {
    const { http, HttpResponse } = await import('msw')
    server.use(
      http.post('https://merchant.test/notify', async ({ request }) => {
        notifications.push(await request.text())
        return HttpResponse.text('OK')
      }),
    )
    const request = cardPayment('MSW-1', 'https://merchant.test/notify')
    const response = await fetch(`${baseUrl}/pingpong${request.path}`, {
      method: 'POST',
      body: request.body,
    })
    const result = pingpong.parseUnifiedPayResponse(await response.text(), credentials.salt)
    expect(result).toMatchObject({ ok: true, value: { update: { status: 'succeeded' } } })
    await vi.waitFor(() => expect(notifications).toHaveLength(1))
    expect(pingpong.parseNotification(notifications[0], credentials.salt)).toMatchObject({
      ok: true,
      value: { kind: 'payment', update: { orderReference: 'MSW-1', status: 'succeeded' } },
    })
  })
})

/** An emulator under MSW's getResponse whose notifications go to a merchant answered by hand. */
function emulatorWithMerchant() {
  const baseUrl = 'https://emulator.test'
  const sent: string[] = []
  const answers: ((response: Response) => void)[] = []
  const emulator = createEmulator({
    baseUrl,
    timeScale: 0.001,
    processingDelayMs: 50_000,
    fetch: (input) => {
      sent.push(String(input))
      return new Promise<Response>((resolve) => answers.push(resolve))
    },
  })
  const pay = async (reference: string, number?: string) => {
    const request = cardPayment(reference, 'https://merchant.test/notify', number)
    const response = await getResponse(
      emulator.handlers,
      new Request(`${baseUrl}/pingpong${request.path}`, { method: 'POST', body: request.body }),
    )
    expect(response?.status).toBe(200)
  }
  const control = (path: string, body: unknown) =>
    getResponse(
      emulator.handlers,
      new Request(`${baseUrl}/__emulator${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
    )
  return { emulator, sent, answers, pay, control }
}

describe('processing cards', () => {
  it('stay as the control API settled them when their processing time is up', async () => {
    const { emulator, sent, answers, pay, control } = emulatorWithMerchant()
    try {
      // A processing card: succeeded 50 s later, 50 ms at this timeScale, unless settled before.
      await pay('PROC-1', '4000000000000259')
      expect((await control('/payments/PROC-1/complete', { outcome: 'failed' }))?.status).toBe(200)
      await vi.waitFor(() => expect(sent).toHaveLength(1))
      answers[0]?.(new Response('OK'))
      await new Promise((resolve) => setTimeout(resolve, 200))
      expect([...emulator.state.payments.values()].map((payment) => payment.state)).toEqual([
        'failed',
      ])
      expect(sent).toHaveLength(1)
    } finally {
      emulator.close()
    }
  })

  it('cannot be cancelled from the payment page while they are processing', async () => {
    const { emulator, pay } = emulatorWithMerchant()
    try {
      await pay('PROC-2', '4000000000000259')
      const [payment] = emulator.state.payments.values()
      if (!payment) throw new Error('payment not stored')
      const cancelled = await getResponse(
        emulator.handlers,
        new Request(pagesUrl(emulator.context, payment, 'cancel'), { method: 'POST' }),
      )
      expect(cancelled?.status).toBe(409)
      expect(payment.state).toBe('processing')
    } finally {
      emulator.close()
    }
  })
})

describe('reset', () => {
  it('sends no retry of a notification that was on its way when the emulator was reset', async () => {
    const { emulator, sent, answers, pay } = emulatorWithMerchant()
    try {
      await pay('RESET-1')
      await vi.waitFor(() => expect(sent).toHaveLength(1))
      emulator.reset()
      answers[0]?.(new Response('busy', { status: 503 }))
      // PingPong's first retry would come 5 s later: 5 ms at this timeScale.
      await new Promise((resolve) => setTimeout(resolve, 100))
      expect(sent).toHaveLength(1)
      expect(emulator.state.deliveries).toEqual([])
    } finally {
      emulator.close()
    }
  })

  it('does not settle, nor notify, a payment that was processing when the emulator was reset', async () => {
    const { emulator, sent, pay } = emulatorWithMerchant()
    try {
      // A processing card: succeeded 50 s later, 50 ms at this timeScale.
      await pay('RESET-2', '4000000000000259')
      expect(sent).toEqual([])
      emulator.reset()
      await new Promise((resolve) => setTimeout(resolve, 200))
      expect(sent).toEqual([])
      expect(emulator.state.deliveries).toEqual([])
    } finally {
      emulator.close()
    }
  })
})

describe('waits longer than one Node timer keeps (2^31 - 1 ms, about 24.8 days)', () => {
  const baseUrl = 'https://emulator.test'
  const day = 24 * 60 * 60 * 1000
  // Acknowledged at once: the notifications that follow stay off the network.
  const fetch = async () => new Response('OK')

  /** A PingPong unifiedPay answered by `emulator`, with the clocks fake. */
  async function unifiedPay(
    emulator: ReturnType<typeof createEmulator>,
    request: WireRequest<unknown>,
  ) {
    const response = await getResponse(
      emulator.handlers,
      new Request(`${baseUrl}/pingpong${request.path}`, { method: 'POST', body: request.body }),
    )
    expect(response?.status).toBe(200)
    const [payment] = emulator.state.payments.values()
    if (!payment) throw new Error('payment not stored')
    return payment
  }

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    return () => vi.useRealTimers()
  })

  /**
   * An emulator at timeScale 1000 and a card `reference` it keeps processing for 50 minutes, about
   * 34.7 days once scaled: longer than one Node timer keeps.
   */
  async function cardProcessingForDays(reference: string) {
    const emulator = createEmulator({
      baseUrl,
      fetch,
      timeScale: 1000,
      processingDelayMs: 3_000_000,
    })
    const payment = await unifiedPay(
      emulator,
      cardPayment(reference, 'https://merchant.test/notify', '4000000000000259'),
    )
    return { emulator, payment }
  }

  it('wait the whole scaled time at a timeScale above 1, instead of firing at once', async () => {
    // One timer fired it at once: the card succeeded now.
    const { emulator, payment } = await cardProcessingForDays('LONG-1')
    try {
      expect(payment.state).toBe('processing')
      await vi.advanceTimersByTimeAsync(longestTimerMs)
      expect(payment.state).toBe('processing')
      await vi.advanceTimersByTimeAsync(3_000_000_000 - longestTimerMs - 1)
      expect(payment.state).toBe('processing')
      await vi.advanceTimersByTimeAsync(1)
      expect(payment.state).toBe('succeeded')
    } finally {
      emulator.close()
    }
  })

  it('expire a payment at a timeExpire more than 24.8 days away, not at once', async () => {
    const emulator = createEmulator({ baseUrl, fetch })
    try {
      const request = pingpong.buildUnifiedPayRequest(
        {
          merchantTransactionId: 'LONG-2',
          requestId: 'REQ-LONG-2',
          amount: { value: '9.99', currency: 'USD' },
          shopperIP: '127.0.0.1',
          payResultUrl: 'https://shop.example/result',
          notificationUrl: 'https://merchant.test/notify',
          paymentMethod: { type: 'WechatPay' },
          expiresAt: new Date(Date.now() + 60 * day),
        },
        credentials,
      )
      const payment = await unifiedPay(emulator, request)
      await vi.advanceTimersByTimeAsync(60 * day - 1000)
      expect(payment.state).toBe('pending')
      await vi.advanceTimersByTimeAsync(1000)
      expect(payment.state).toBe('expired')
    } finally {
      emulator.close()
    }
  })

  it('are cancelled by reset between their timers', async () => {
    const { emulator, payment } = await cardProcessingForDays('LONG-3')
    try {
      await vi.advanceTimersByTimeAsync(longestTimerMs + 1)
      expect(payment.state).toBe('processing')
      emulator.reset()
      await vi.advanceTimersByTimeAsync(100 * day)
      expect(payment.state).toBe('processing')
      expect(emulator.state.deliveries).toEqual([])
    } finally {
      emulator.close()
    }
  })
})

describe('the control API and the index page', () => {
  let emulator: RunningEmulator
  let merchant: Awaited<ReturnType<typeof startMerchantServer>>
  beforeAll(async () => {
    // Processing cards stay processing (an hour, scaled to 3.6 s) until the control API settles them.
    emulator = await startEmulator({ timeScale: 0.001, processingDelayMs: 3_600_000 })
    merchant = await startMerchantServer({ status: 200, body: 'OK' })
  })
  afterAll(async () => {
    await emulator.close()
    await merchant.close()
  })
  beforeEach(async () => {
    await fetch(`${emulator.url}/__emulator/reset`, { method: 'POST' })
    merchant.clear()
  })

  const control = (path: string, body?: unknown) =>
    fetch(`${emulator.url}/__emulator${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  const send = (request: WireRequest<unknown>) =>
    fetch(`${emulator.url}/pingpong${request.path}`, { method: 'POST', body: request.body })

  it('fails the next requests with the status asked for, then recovers', async () => {
    expect((await control('/fail-next', { count: 2, status: 502 })).status).toBe(200)
    const request = cardPayment('F-1', `${merchant.url}/n`)
    expect((await send(request)).status).toBe(502)
    expect((await send(request)).status).toBe(502)
    expect((await send(request)).status).toBe(200)
  })

  it('adds latency to gateway requests', async () => {
    await control('/latency', { ms: 150 })
    const started = performance.now()
    await send(cardPayment('L-1', `${merchant.url}/n`))
    expect(performance.now() - started).toBeGreaterThanOrEqual(140)
    await control('/latency', { ms: 0 })
  })

  it('refuses a latency longer than a Node timer keeps, which would be none at all', async () => {
    const response = await control('/latency', { ms: 2 ** 31 })
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({
      error: { code: 'invalid_latency', message: expect.stringContaining('2147483647') },
    })
  })

  it('refuses control input it does not understand, saying what it takes', async () => {
    const response = await control('/notifications', { mode: 'sometimes' })
    expect(response.status).toBe(400)
    expect(await response.json()).toEqual({
      error: {
        code: 'invalid_notification_mode',
        message: 'mode is one of deliver, delay, drop, duplicate, out_of_order',
      },
    })
    const unnamed = await control('/notifications', { mode: 'drop', orderReference: 42 })
    expect(unnamed.status).toBe(400)
    expect(await unnamed.json()).toMatchObject({ error: { code: 'invalid_notification_mode' } })
    expect((await control('/fail-next', { status: 200 })).status).toBe(400)
    expect((await control('/payments/nope/complete')).status).toBe(404)
  })

  it('drops, duplicates and reorders notifications on demand', async () => {
    await control('/notifications', { mode: 'drop' })
    await send(cardPayment('D-1', `${merchant.url}/n`))
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(merchant.received).toHaveLength(0)

    await control('/notifications', { mode: 'duplicate' })
    await send(cardPayment('D-2', `${merchant.url}/n`))
    const twice = await merchant.waitFor(2)
    expect(twice[0]?.body).toBe(twice[1]?.body)

    merchant.clear()
    await control('/notifications', { mode: 'out_of_order' })
    await send(cardPayment('D-3', `${merchant.url}/n`))
    const [first, second] = await merchant.waitFor(2)
    const statuses = [first, second].map((request) => {
      const parsed = pingpong.parseNotification(request?.body, credentials.salt)
      return parsed.ok && parsed.value.kind === 'payment' ? parsed.value.update.status : 'unparsed'
    })
    expect(statuses).toEqual(['succeeded', 'failed'])
  })

  /** What became of the notifications about each order reference, from the control API. */
  async function deliveriesByReference(): Promise<Record<string, string[]>> {
    const { payments } = (await (await fetch(`${emulator.url}/__emulator/payments`)).json()) as {
      payments: { id: string; orderReference: string }[]
    }
    const { deliveries } = (await (
      await fetch(`${emulator.url}/__emulator/notifications`)
    ).json()) as { deliveries: { paymentId: string; state: string }[] }
    const byReference: Record<string, string[]> = {}
    for (const { id, orderReference } of payments) {
      byReference[orderReference] = deliveries
        .filter((delivery) => delivery.paymentId === id)
        .map((delivery) => delivery.state)
    }
    return byReference
  }

  /** The order references of the notifications the merchant received, sorted (they may race). */
  const receivedReferences = (requests: { body: string }[]) =>
    requests
      .map((request) => {
        const parsed = pingpong.parseNotification(request.body, credentials.salt)
        return parsed.ok && parsed.value.kind === 'payment'
          ? parsed.value.update.orderReference
          : 'unparsed'
      })
      .sort()

  it('drops only the notification about the order reference a scoped mode names', async () => {
    const scoped = await control('/notifications', { mode: 'drop', orderReference: 'S-1' })
    expect(await scoped.json()).toEqual({
      orderReference: 'S-1',
      notificationMode: { mode: 'drop', remaining: 1 },
    })
    // Another order's notification goes first: a mode that ignored the reference would take it.
    await send(cardPayment('S-2', `${merchant.url}/n`))
    await send(cardPayment('S-1', `${merchant.url}/n`))
    await send(cardPayment('S-3', `${merchant.url}/n`))

    expect(receivedReferences(await merchant.waitFor(2))).toEqual(['S-2', 'S-3'])
    await vi.waitFor(async () =>
      expect(await deliveriesByReference()).toEqual({
        'S-1': ['dropped'],
        'S-2': ['delivered'],
        'S-3': ['delivered'],
      }),
    )
  })

  it('keeps the global form for every order; a scoped mode wins for its order and spares it', async () => {
    await control('/notifications', { mode: 'duplicate' })
    await control('/notifications', { mode: 'drop', orderReference: 'G-1' })
    await send(cardPayment('G-1', `${merchant.url}/n`))
    await send(cardPayment('G-2', `${merchant.url}/n`))
    await send(cardPayment('G-3', `${merchant.url}/n`))

    // G-1 took the scoped drop, G-2 the global duplicate (count 1), G-3 plain delivery.
    expect(receivedReferences(await merchant.waitFor(3))).toEqual(['G-2', 'G-2', 'G-3'])
    await vi.waitFor(async () =>
      expect(await deliveriesByReference()).toEqual({
        'G-1': ['dropped'],
        'G-2': ['delivered', 'delivered'],
        'G-3': ['delivered'],
      }),
    )
  })

  it('clears a scoped mode with "deliver", and on reset', async () => {
    await control('/notifications', { mode: 'drop', count: 5, orderReference: 'K-1' })
    const cleared = await control('/notifications', { mode: 'deliver', orderReference: 'K-1' })
    expect(await cleared.json()).toEqual({
      orderReference: 'K-1',
      notificationMode: { mode: 'deliver' },
    })
    await send(cardPayment('K-1', `${merchant.url}/n`))
    expect(receivedReferences(await merchant.waitFor(1))).toEqual(['K-1'])

    await control('/notifications', { mode: 'drop', count: 5, orderReference: 'K-2' })
    await control('/reset')
    merchant.clear()
    await send(cardPayment('K-2', `${merchant.url}/n`))
    expect(receivedReferences(await merchant.waitFor(1))).toEqual(['K-2'])
    await vi.waitFor(async () =>
      expect(await deliveriesByReference()).toEqual({ 'K-2': ['delivered'] }),
    )
  })

  it('delays notifications, and lists deliveries with their attempts', async () => {
    await control('/notifications', { mode: 'delay', delayMs: 200_000 }) // × timeScale 0.001 = 200 ms
    // A lower bound only, which a loaded machine cannot break: the payment is made after this, and
    // its notification is first sent no sooner than 200 ms after it.
    const beforePayment = Date.now()
    await send(cardPayment('W-1', `${merchant.url}/n`))
    await merchant.waitFor(1)
    await vi.waitFor(() => expect(emulator.state.deliveries[0]?.state).toBe('delivered'))
    const listing = (await (await fetch(`${emulator.url}/__emulator/notifications`)).json()) as {
      deliveries: { subject: string; attempts: { at: string }[] }[]
    }
    expect(listing.deliveries[0]?.subject).toBe('payment succeeded')
    const firstAttempt = listing.deliveries[0]?.attempts[0]?.at ?? ''
    // Timers may fire a millisecond early, as Node rounds them.
    expect(Date.parse(firstAttempt) - beforePayment).toBeGreaterThanOrEqual(199)
  })

  it('completes a payment from the control API as a shopper would, by id or order reference', async () => {
    const created = pingpong.parseUnifiedPayResponse(
      await (await send(cardPayment('C-1', `${merchant.url}/n`, '4000000000000259'))).text(),
      credentials.salt,
    )
    expect(created).toMatchObject({ ok: true, value: { update: { status: 'processing' } } })
    const completed = await control('/payments/C-1/complete', { outcome: 'failed' })
    expect(await completed.json()).toMatchObject({ orderReference: 'C-1', state: 'failed' })
    expect((await control('/payments/C-1/complete')).status).toBe(409)
  })

  it('lists payments and deliveries on the index page, escaping what merchants sent', async () => {
    await send(cardPayment('<script>alert(1)</script>', `${merchant.url}/n`))
    const page = await (await fetch(`${emulator.url}/`)).text()
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(page).not.toContain('<script>alert(1)</script>')
    expect(page).toContain('Recent payments')
    for (const card of testCards) expect(page).toContain(card.number)
  })

  it('answers unknown paths with a JSON error that says where the gateways are', async () => {
    const response = await fetch(`${emulator.url}/nowhere`)
    expect(response.status).toBe(404)
    expect(await response.json()).toMatchObject({ error: { code: 'not_found' } })
  })
})

describe('test cards', () => {
  const now = new Date('2026-06-15T00:00:00Z')

  it('plays each documented card’s scenario and approves other valid cards', () => {
    for (const card of testCards) {
      expect(checkCard(card.number, { month: 12, year: 2030 }, now)).toMatchObject({
        valid: true,
        scenario: card.scenario,
      })
    }
    expect(checkCard('5555 5555 5555 4444', { month: 1, year: 2031 }, now)).toEqual({
      valid: true,
      scenario: 'approve',
      masked: '555555***4444',
    })
  })

  it('refuses numbers failing Luhn, past expiry dates and bad months', () => {
    expect(checkCard('4111111111111112', { month: 12, year: 2030 }, now)).toEqual({
      valid: false,
      reason: 'invalid_card',
    })
    expect(checkCard('4111111111111111', { month: 5, year: 2026 }, now)).toEqual({
      valid: false,
      reason: 'expired_card',
    })
    expect(checkCard('4111111111111111', { month: 6, year: 2026 }, now)).toMatchObject({
      valid: true,
    })
    expect(checkCard('4111111111111111', { month: 13, year: 2030 }, now)).toEqual({
      valid: false,
      reason: 'invalid_card',
    })
  })

  it('reads expiry dates as typed', () => {
    expect(readExpiry('12/30')).toEqual({ month: 12, year: 2030 })
    expect(readExpiry(' 1 / 2031 ')).toEqual({ month: 1, year: 2031 })
    expect(readExpiry('1230')).toBeUndefined()
  })
})

describe('the command line', () => {
  const bin = fileURLToPath(new URL('../bin/checkout-kit-mock-gateway.mjs', import.meta.url))

  /** The CLI run with `args`: how it exits, what it wrote to stderr, and its URL once it listens. */
  function runCli(args: string[]) {
    const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    let errors = ''
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
    })
    child.stderr.on('data', (chunk: Buffer) => {
      errors += chunk.toString()
    })
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (code) => resolve(code)),
    )
    const printed = () => output
    const listening = () =>
      vi.waitFor(
        () => {
          const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)
          if (!match?.[1]) throw new Error(`not listening yet: ${output}`)
          return match[1]
        },
        { timeout: 15_000, interval: 100 },
      )
    return { child, exited, listening, printed, errors: () => errors }
  }

  /** What the CLI wrote to stderr refusing `args`, having checked that it exited with code 2. */
  async function refusal(args: string[]): Promise<string> {
    const cli = runCli(args)
    expect(await cli.exited).toBe(2)
    return cli.errors()
  }

  it("names each gateway's sandbox base URL it stands in for, as the gateways package has it", async () => {
    const cli = runCli(['--port', '0'])
    try {
      const url = await cli.listening()
      await vi.waitFor(() => expect(cli.printed()).toContain('Control API'), { timeout: 5_000 })
      expect(cli.printed()).toContain(
        `${url}/pingpong      (instead of ${pingpong.baseUrls.sandbox})`,
      )
      // Pockyt's sandbox (mapi.yuansferdev.com), not its production host (mapi.yuansfer.com).
      expect(cli.printed()).toContain(
        `${url}/pockyt        (instead of ${pockyt.baseUrls.sandbox})`,
      )
      expect(cli.printed()).not.toContain(pockyt.baseUrls.production)
      expect(cli.printed()).toContain(
        `${url}/oceanpayment  (instead of ${oceanpayment.baseUrls.test})`,
      )
    } finally {
      cli.child.kill('SIGTERM')
      await cli.exited
    }
  }, 20_000)

  it('starts on the port asked for, bound to loopback, and stops on SIGTERM', async () => {
    const cli = runCli(['--port', '0'])
    const url = await cli.listening()
    const index = await fetch(`${url}/`)
    expect(index.status).toBe(200)
    cli.child.kill('SIGTERM')
    expect(await cli.exited).toBe(0)
  }, 20_000)

  it('answers 413 to a body over --max-body-bytes, and refuses a limit that is not one', async () => {
    const cli = runCli(['--port', '0', '--max-body-bytes', '16'])
    try {
      const url = await cli.listening()
      const post = (body: string) =>
        fetch(`${url}/pockyt/online/v3/secure-pay`, { method: 'POST', body })
      expect((await post('merchantNo=20004')).status).toBe(200) // 16 bytes
      expect((await post('merchantNo=200043')).status).toBe(413)
    } finally {
      cli.child.kill('SIGTERM')
      await cli.exited
    }

    const refused = runCli(['--max-body-bytes', '1.5'])
    expect(await refused.exited).toBe(2)
    expect(refused.errors()).toContain(
      'checkout-kit-mock-gateway: --max-body-bytes must be a whole number of bytes, 1 or more (got 1.5).',
    )
  }, 30_000)

  it('explains its options on a wrong one', async () => {
    const cli = runCli(['--port', 'many'])
    const code = await cli.exited
    expect(code).toBe(2)
    expect(cli.errors()).toContain(
      'checkout-kit-mock-gateway: --port must be a whole number from 0 to 65535, 0 for any free port (got "many").',
    )
    expect(cli.errors()).toContain('Usage: checkout-kit-mock-gateway')

    // Node would take an empty host as every interface; startEmulator's rule refuses it.
    const anywhere = runCli(['--port', '0', '--host', ''])
    expect(await anywhere.exited).toBe(2)
    expect(anywhere.errors()).toContain(
      "checkout-kit-mock-gateway: --host must be an address to listen on, such as '127.0.0.1' (got an empty string).",
    )
    expect(anywhere.errors()).not.toContain('Could not listen')
  }, 20_000)

  it('names the flag a misspelt one probably meant, as the options do', async () => {
    const misspelt = await refusal(['--timescale', '0.01', '--port', '0'])
    expect(misspelt).toContain(
      'checkout-kit-mock-gateway: --timescale is not an option; did you mean --time-scale?',
    )
    expect(misspelt).toContain('Usage: checkout-kit-mock-gateway')

    expect(await refusal(['--prot=0', '--verbose', '--hlep'])).toContain(
      'checkout-kit-mock-gateway: 3 problems with its options:\n' +
        '- --prot is not an option; did you mean --port?\n' +
        '- --verbose is not an option; the options are --port, --host, --time-scale, --max-body-bytes, --help.\n' +
        '- --hlep is not an option; did you mean --help?',
    )
  }, 20_000)

  it("names every wrong flag at once, by startEmulator's rules", async () => {
    // Before, it stopped at the first one it checked, and read an empty --port as 0: any free port.
    const refused = await refusal(['--port', '', '--time-scale=-1', '--max-body-bytes', '0'])
    expect(refused).toContain(
      'checkout-kit-mock-gateway: 3 problems with its options:\n' +
        '- --port must be a whole number from 0 to 65535, 0 for any free port (got "").\n' +
        '- --time-scale must be a number, 0 or more (0.001 runs every wait a thousand times faster) (got -1).\n' +
        '- --max-body-bytes must be a whole number of bytes, 1 or more (got 0).',
    )
    expect(refused).toContain('Usage: checkout-kit-mock-gateway')
  }, 20_000)
})
