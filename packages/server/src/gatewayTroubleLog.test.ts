import type { PaymentSession } from '@checkout-kit/core'
import { failure, oceanpayment, pingpong, pockyt } from '@checkout-kit/gateways'
import { afterEach, describe, expect, it } from 'vitest'
import { CheckoutError } from './checkoutError.ts'
import {
  type CheckoutHandlerOptions,
  type CheckoutLogger,
  createCheckoutHandler,
} from './createCheckoutHandler.ts'
import { GatewayRefusalError } from './gateways/gatewayAdapter.ts'
import { createGatewayTroubleLog } from './gatewayTroubleLog.ts'
import type { PaymentRecord } from './paymentRecord.ts'
import { createMemoryPaymentStore } from './stores/memoryPaymentStore.ts'
import { addOrder, orders, startTestbed, type Testbed } from './testing/checkoutTestbed.ts'

// A merchant's misconfiguration, end to end against the emulator: what reaches the merchant's log
// and what the shopper's session says.

interface LogLine {
  level: keyof CheckoutLogger
  message: string
  details?: Record<string, unknown>
}

let lines: LogLine[] = []
let testbed: Testbed | undefined

const logger: CheckoutLogger = {
  info: (message, details) => lines.push({ level: 'info', message, ...(details && { details }) }),
  warn: (message, details) => lines.push({ level: 'warn', message, ...(details && { details }) }),
  error: (message, details) => lines.push({ level: 'error', message, ...(details && { details }) }),
}

/** What the merchant reads: warnings and errors (the console logger drops `info`). */
const logged = () => lines.filter((line) => line.level !== 'info')

async function start(
  gateways: (emulatorUrl: string) => CheckoutHandlerOptions['gateways'],
  options: Partial<Pick<CheckoutHandlerOptions, 'store'>> = {},
) {
  lines = []
  testbed = await startTestbed({ logger, gateways, ...options })
  return testbed
}

afterEach(async () => {
  await testbed?.close()
  testbed = undefined
})

const wrongSecret = 'not-the-secret-the-gateway-holds'
const approveCard = '4111111111111111'
const declineCard = '4000000000000002'

/** PingPong on the emulator, with the sandbox credentials or a `salt` of the merchant's own. */
const pingpongWith =
  (salt: string = pingpong.sandboxCredentials.salt) =>
  (url: string): CheckoutHandlerOptions['gateways'] => ({
    pingpong: { ...pingpong.sandboxCredentials, salt, baseUrl: `${url}/pingpong` },
  })

/** The shopper pays order `orderId` with PingPong's card flow: the session the server answers. */
async function payByCard(bed: Testbed, orderId: string, number: string) {
  const card = { number, expiryMonth: '12', expiryYear: '2030', cvc: '123', holderName: 'Ada' }
  const response = await bed.create({ gateway: 'pingpong', flow: 'card', orderId, card })
  return (await response.json()) as PaymentSession
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('a wrong credential', () => {
  // A hosted start the gateway refuses: the payment fails on the spot. The shopper reads the
  // service's problem, not `unknown`'s "the payment did not go through": the order was never
  // created, so nothing of the shopper's was tried.
  it.each([
    {
      gateway: 'pockyt' as const,
      option: 'token',
      gateways: (url: string) => ({
        pockyt: { ...pockyt.sandboxCredentials, token: wrongSecret, baseUrl: `${url}/pockyt` },
      }),
      gatewayCode: '000000',
      gatewayMessage: 'data error : verifySign',
      title: 'Pockyt',
    },
    {
      gateway: 'oceanpayment' as const,
      option: 'secureCode',
      gateways: (url: string) => ({
        oceanpayment: {
          ...oceanpayment.testCredentials,
          secureCode: wrongSecret,
          baseUrl: `${url}/oceanpayment`,
        },
      }),
      gatewayCode: '20003',
      gatewayMessage: 'Invalid signValue',
      title: 'Oceanpayment',
    },
  ])(
    '$title: the refused start is logged as an error naming gateways.$gateway.$option',
    async ({ gateway, option, gateways, gatewayCode, gatewayMessage, title }) => {
      const bed = await start(gateways)
      const response = await bed.create({
        gateway,
        flow: 'hosted-redirect',
        orderId: addOrder(`order-${gateway}-${option}`),
      })
      const session = (await response.json()) as PaymentSession
      expect(session.status).toBe('failed')
      // The shopper cannot change the merchant's credentials: no "try again".
      expect(session.failure).toEqual({
        code: 'configuration_error',
        message: 'Payments are temporarily unavailable. Please try again later.',
      })
      expect(logged()).toEqual([
        {
          level: 'error',
          message: `${title} refused a payment start; check gateways.${gateway}.${option}`,
          details: {
            gateway,
            paymentId: session.id,
            gatewayCode,
            gatewayMessage,
            failure: 'configuration_error',
          },
        },
      ])
      expect(JSON.stringify(lines)).not.toContain(wrongSecret)
    },
  )

  it('PingPong: a card start whose answer does not verify is logged once as an error naming gateways.pingpong.salt, and later polls add nothing', async () => {
    const bed = await start(pingpongWith(wrongSecret))
    const session = await payByCard(bed, addOrder('order-pingpong-salt'), approveCard)
    // Unverifiable, the answer may have been a charge: the outcome stays unknown, by design.
    expect(session.status).toBe('processing')
    // Each poll past queryAfterMs (200 ms here) asks PingPong again, and fails the same way.
    for (let poll = 0; poll < 4; poll++) {
      await sleep(250)
      expect((await bed.session(session.id)).status).toBe('processing')
    }
    expect(logged()).toEqual([
      {
        level: 'error',
        message:
          "PingPong's answer to a payment start did not verify; check gateways.pingpong.salt",
        details: expect.objectContaining({
          gateway: 'pingpong',
          paymentId: session.id,
          gatewayCode: '104000',
          gatewayMessage: 'Invalid signature',
        }),
      },
      {
        level: 'error',
        message: "PingPong's answer to a status query did not verify; check gateways.pingpong.salt",
        details: expect.objectContaining({
          gateway: 'pingpong',
          paymentId: session.id,
          gatewayCode: '104000',
        }),
      },
    ])
    expect(JSON.stringify(lines)).not.toContain(wrongSecret)
    expect(JSON.stringify(lines)).not.toContain(approveCard)
  })

  it('PingPong: a hosted start retried with the same key is answered 503 each time and logged once', async () => {
    const bed = await start(pingpongWith(wrongSecret))
    const orderId = addOrder('order-pingpong-hosted-salt')
    const key = crypto.randomUUID()
    for (let attempt = 0; attempt < 3; attempt++) {
      const response = await bed.create({ gateway: 'pingpong', flow: 'hosted-sdk', orderId }, key)
      expect(response.status).toBe(503)
    }
    expect(logged().map(({ level, message }) => ({ level, message }))).toEqual([
      {
        level: 'error',
        message:
          "PingPong's answer to a payment start did not verify; check gateways.pingpong.salt",
      },
    ])
  })

  it('PingPong: a refund whose answer does not verify is logged as an error naming gateways.pingpong.salt', async () => {
    // Paid through a handler with the right salt; refunded by one with a wrong salt, as a back
    // office deployed with another configuration would.
    const store = createMemoryPaymentStore()
    const bed = await start(pingpongWith(), { store })
    const paid = await payByCard(bed, addOrder('order-pingpong-refund-salt'), approveCard)
    expect(paid.status).toBe('succeeded')
    const backOffice = createCheckoutHandler({
      publicUrl: bed.api,
      resolveOrder: (orderId) => orders[orderId],
      store,
      logger,
      gateways: pingpongWith(wrongSecret)(bed.emulator.url),
    })
    await expect(backOffice.refund({ paymentId: paid.id })).rejects.toMatchObject({
      code: 'GATEWAY_UNAVAILABLE',
    })
    expect(logged()).toEqual([
      {
        level: 'error',
        message: "PingPong's answer to a refund did not verify; check gateways.pingpong.salt",
        details: expect.objectContaining({
          gateway: 'pingpong',
          paymentId: paid.id,
          gatewayCode: '104000',
        }),
      },
    ])
  })
})

describe('a shopper decline', () => {
  it('PingPong: a declined card is not logged: the merchant has nothing to fix', async () => {
    const bed = await start(pingpongWith())
    const session = await payByCard(bed, addOrder('order-pingpong-decline'), declineCard)
    expect(session.status).toBe('failed')
    expect(session.failure?.code).toBe('card_declined')
    expect(logged()).toEqual([])
  })
})

describe('the log of gateway troubles', () => {
  const record = { id: 'pay_1', gateway: 'pingpong' } as PaymentRecord
  const start = () => {
    lines = []
    return createGatewayTroubleLog(logger)
  }

  it('leaves out a start refused for the shopper (a decline), and warns of a gateway problem', () => {
    const log = start()
    log.startRefused(record, { gatewayCode: '301002' }, failure('card_declined', '301002'))
    log.startRefused(record, { gatewayCode: '200000' }, failure('suspected_fraud', '200000'))
    expect(logged()).toEqual([])
    log.startRefused(record, { gatewayCode: '107001' }, failure('gateway_error', '107001'))
    log.startRefused(record, { gatewayCode: '102000' }, failure('configuration_error', '102000'))
    expect(lines.map(({ level, message }) => [level, message])).toEqual([
      ['warn', 'PingPong refused a payment start'],
      ['error', 'PingPong refused a payment start'],
    ])
  })

  it("calls the logger's own methods, which may read `this` (pino, class-based loggers)", () => {
    class ClassLogger {
      readonly written: string[] = []
      info(message: string) {
        this.written.push(`info ${message}`)
      }
      warn(message: string) {
        this.written.push(`warn ${message}`)
      }
      error(message: string) {
        this.written.push(`error ${message}`)
      }
    }
    const classLogger = new ClassLogger()
    const log = createGatewayTroubleLog(classLogger)
    log.startRefused(record, { gatewayCode: '107001' }, failure('gateway_error', '107001'))
    log.startRefused(
      { ...record, id: 'pay_2' },
      { gatewayCode: '102000' },
      failure('configuration_error', '102000'),
    )
    expect(classLogger.written).toEqual([
      'warn PingPong refused a payment start',
      'error PingPong refused a payment start',
    ])
  })

  it('logs the same failure of the same call once per payment, until the gateway answers it', () => {
    const log = start()
    const unavailable = (cause: string) =>
      new CheckoutError('GATEWAY_UNAVAILABLE', 'The payment service did not answer.', {
        cause: new Error(cause),
      })
    log.callFailed('query', record, unavailable('timeout'), 'Gateway query failed')
    log.callFailed('query', record, unavailable('timeout'), 'Gateway query failed')
    log.callFailed(
      'query',
      { ...record, id: 'pay_2' },
      unavailable('timeout'),
      'Gateway query failed',
    )
    log.callFailed('query', record, unavailable('HTTP 502'), 'Gateway query failed')
    log.answered(record.id)
    log.callFailed('query', record, unavailable('HTTP 502'), 'Gateway query failed')
    expect(lines.map(({ details }) => [details?.paymentId, details?.error])).toEqual([
      ['pay_1', expect.stringContaining('timeout')],
      ['pay_2', expect.stringContaining('timeout')],
      ['pay_1', expect.stringContaining('HTTP 502')],
      ['pay_1', expect.stringContaining('HTTP 502')],
    ])
  })

  it("masks card numbers in the gateway's message", () => {
    const log = start()
    const refused = new CheckoutError('GATEWAY_REJECTED', 'The refund was refused by PingPong.', {
      cause: new GatewayRefusalError('refused', {
        gatewayCode: '102000',
        gatewayMessage: 'Invalid parameter: 4111 1111 1111 1111',
      }),
    })
    log.callFailed('refund', record, refused, 'Gateway unavailable while refunding')
    expect(lines).toEqual([
      {
        level: 'warn',
        message: 'PingPong refused a refund',
        details: expect.objectContaining({ gatewayCode: '102000' }),
      },
    ])
    expect(JSON.stringify(lines)).not.toContain('4111 1111 1111 1111')
  })
})
