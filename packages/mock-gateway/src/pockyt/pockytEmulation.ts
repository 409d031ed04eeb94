import { formatMinorUnits, pockyt, toMinorUnits } from '@checkout-kit/gateways'
import { HttpResponse, http } from 'msw'
import { checkEmulatorOptions } from '../checkEmulatorOptions.ts'
import type { EmulatorContext } from '../emulatorContext.ts'
import type { GatewayEmulation } from '../gatewayEmulation.ts'
import { isHttpUrl } from '../isHttpUrl.ts'
import type { EmulatedPayment, EmulatedRefund } from '../model.ts'
import { cashierPage, pagesUrl } from '../pages/hostedPages.ts'
import {
  credentialsFor,
  given,
  pockytTime,
  readRequest,
  refundStatus,
  reject,
  retCodes,
  succeed,
  transactionStatus,
} from './pockytMessages.ts'

// Pockyt (formerly Yuansfer) as the emulator plays it (shared/gateways/pockyt.md): register a
// customer, SecurePay (hosted cashier), tran-query, refund, the browser return to callbackUrl with
// its {macros}, and the IPN as a signed form POST answered with `success`.

export interface PockytEmulationOptions {
  /**
   * [U] Waits between IPN attempts. Pockyt only says it "re-sends up to 8 times within 2 hours";
   * the default doubles from 1 minute and sums to exactly 2 hours.
   */
  retryDelaysMs?: readonly number[]
  /**
   * [U] The `{status}` on the browser return after the shopper pressed Cancel. `closed` (default)
   * matches what tran-query and the IPN then say; Pockyt's own cashier may send `init`
   * ("not paid") instead.
   */
  cancelledReturnStatus?: 'closed' | 'init'
  /** [U] Whether empty values are signed (`name=&`); see `pockyt.SignOptions`. */
  emptyValues?: pockyt.SignOptions['emptyValues']
  /** [U] Whether a payment closed unpaid (cancelled, expired) is notified, as `closed`. */
  notifyClosed?: boolean
  /**
   * [U] The `creditType` values taken for vendor `creditcard`, where the field is required. The
   * sources disagree (PHP SDK `normal`/`recurring`, OpenAPI draft `CIT`, hosted guide `hosted`);
   * the default takes all four.
   */
  creditTypes?: readonly string[]
  /**
   * [U] Whether secure-pay refuses a request without `ipnUrl` (000020): the SDKs make it
   * mandatory, the docs optional (§2.5). Off by default.
   */
  ipnUrlRequired?: boolean
}

const defaultCreditTypes = ['normal', 'recurring', 'CIT', 'hosted']

const minute = 60 * 1000

const defaultRetryDelaysMs = [1, 2, 4, 8, 15, 25, 30, 35].map((minutes) => minutes * minute)

/** Minutes a cashier stays open when secure-pay has no `timeout` (§2.5). */
const defaultTimeoutMinutes = 120

/** §2.5. [D] The list of the docs; another currency is refused as Pockyt would. */
const currencies = new Set([
  'USD',
  'CNY',
  'PHP',
  'IDR',
  'KRW',
  'HKD',
  'THB',
  'MYR',
  'GBP',
  'BDT',
  'PKR',
  'JPY',
])

const vendors = new Set<string>([
  'alipay',
  'wechatpay',
  'unionpay',
  'creditcard',
  'paypal',
  'venmo',
  'truemoney',
  'alipay_hk',
  'tng',
  'gcash',
  'dana',
  'kakaopay',
  'bkash',
  'easypaisa',
  'cashapppay',
  'googlepay',
  'applepay',
])

/**
 * §2.5: settlement is in USD; in GBP when the amount is in GBP, and a CNY amount may settle in
 * USD or GBP. Any other settleCurrency is refused.
 */
function settles(currency: string, settleCurrency: string): boolean {
  return settleCurrency === 'USD' || (settleCurrency === 'GBP' && ['GBP', 'CNY'].includes(currency))
}

const terminals = new Set<string>(['ONLINE', 'WAP', 'MWEB', 'YIP'])

/** Wallets that only exist inside a partner SDK (§2.5). */
const sdkOnlyVendors = new Set(['googlepay', 'applepay'])

function money(value: string, currency: string) {
  const minorUnits = toMinorUnits(value, currency)
  return minorUnits === undefined
    ? undefined
    : { value: formatMinorUnits(minorUnits, currency), currency }
}

function minorUnitsOf(amount: { value: string; currency: string }): bigint {
  return toMinorUnits(amount.value, amount.currency) ?? 0n
}

function paymentCredentials(context: EmulatorContext, payment: EmulatedPayment) {
  return credentialsFor(context, payment.account, payment.extra.storeNo)
}

/** The merchant's payment named by `transactionNo` or `reference`, on its own account only. */
function findPayment(
  context: EmulatorContext,
  merchantNo: string,
  target: { transactionNo?: string; reference?: string },
): EmulatedPayment | undefined {
  const transactionNo = given(target.transactionNo)
  if (transactionNo !== undefined) {
    const payment = context.state.payments.get(transactionNo)
    return payment?.gateway === 'pockyt' && payment.account === merchantNo ? payment : undefined
  }
  return context.state.findByReference('pockyt', merchantNo, given(target.reference) ?? '')
}

function transactionResult(payment: EmulatedPayment) {
  const result: Record<string, unknown> = {
    amount: payment.amount.value,
    currency: payment.amount.currency,
    reference: payment.orderReference,
    settleCurrency: payment.extra.settleCurrency,
    status: transactionStatus[payment.state],
    transactionNo: payment.id,
    transactionType: 'payment',
    vendor: payment.extra.vendor,
  }
  if (payment.extra.note) result.note = payment.extra.note
  // [D] Refund info carried by tran-query; the list shape is the emulator's choice [U].
  if (payment.refunds.length > 0) {
    result.refundInfo = payment.refunds.map((refund) => refundInfo(payment, refund))
  }
  return result
}

/** A refund whose merchant gave no `refundReference` is filed under its own id. */
function merchantRefundReference(refund: EmulatedRefund): string | undefined {
  return refund.reference === refund.id ? undefined : refund.reference
}

function refundInfo(payment: EmulatedPayment, refund: EmulatedRefund) {
  return {
    refundTransactionId: refund.id,
    refundReference: merchantRefundReference(refund),
    refundAmount: refund.amount.value,
    currency: refund.amount.currency,
    settleCurrency: payment.extra.settleCurrency,
    status: refundStatus[refund.state],
  }
}

function refundResult(payment: EmulatedPayment, refund: EmulatedRefund) {
  return {
    amount: payment.amount.value,
    currency: payment.amount.currency,
    reference: payment.orderReference,
    refundAmount: refund.amount.value,
    refundReference: merchantRefundReference(refund),
    refundTransactionNo: refund.id,
    settleCurrency: payment.extra.settleCurrency,
    status: refundStatus[refund.state],
    transactionNo: payment.id,
  }
}

/** The macros a callbackUrl template uses, besides `{verifySign}` itself. */
function macrosIn(template: string): pockyt.CallbackMacro[] {
  const names = new Set<pockyt.CallbackMacro>()
  for (const match of template.matchAll(/\{([A-Za-z]+)\}/g)) {
    const name = match[1] as pockyt.CallbackMacro
    if (name !== 'verifySign' && pockyt.callbackMacros.includes(name)) names.add(name)
  }
  return [...names]
}

/**
 * Refuses, as Pockyt refuses a bad value, a URL that is not an absolute http(s) URL: the cashier
 * sends the shopper to callbackUrl (a `javascript:` one would run script on the page that follows),
 * and the IPN is POSTed to ipnUrl, an "HTTPS" URL in Pockyt's docs (§2.5).
 */
function refuseNonHttpUrl(name: string, value: string | undefined): Response | undefined {
  if (value === undefined || isHttpUrl(value)) return undefined
  return reject(retCodes.invalidValue, `${name} is not an http(s) URL`)
}

/**
 * Pockyt's gateway emulation, with its unverified behaviour adjustable. Throws a TypeError naming
 * every problem in `options`, as createEmulator does for its `pockyt` option.
 */
export function createPockytEmulation(options: PockytEmulationOptions = {}): GatewayEmulation {
  checkEmulatorOptions(options, 'createPockytEmulation')
  const signOptions: pockyt.SignOptions = { emptyValues: options.emptyValues ?? 'include' }
  const cancelledReturnStatus = options.cancelledReturnStatus ?? 'closed'
  const notifyClosed = options.notifyClosed ?? true
  const creditTypes = new Set(options.creditTypes ?? defaultCreditTypes)

  function refundedSoFar(payment: EmulatedPayment): bigint {
    return payment.refunds
      .filter((refund) => refund.state !== 'failed')
      .reduce((sum, refund) => sum + minorUnitsOf(refund.amount), 0n)
  }

  return {
    gateway: 'pockyt',
    brand: 'Pockyt',
    retryDelaysMs: options.retryDelaysMs ?? defaultRetryDelaysMs,

    acknowledges: ({ status, body }) =>
      status >= 200 && status < 300 && body.trim() === pockyt.acknowledgement,

    returnToMerchant(context, payment, reason) {
      const template = payment.returnUrl
      if (!template) {
        return new HttpResponse('This payment has no callbackUrl to return to.', { status: 400 })
      }
      const status =
        reason === 'cancelled' ? cancelledReturnStatus : transactionStatus[payment.state]
      const everything: pockyt.CallbackValues = {
        status,
        amount: payment.amount.value,
        reference: payment.orderReference,
        note: payment.extra.note ?? '',
        transactionNo: payment.id,
        yuansferId: payment.id,
        time: pockytTime(payment.updatedAt),
        // [U] Only CNY amounts are RMB amounts; otherwise the legacy macro stays empty.
        rmbAmount: payment.amount.currency === 'CNY' ? payment.amount.value : '',
      }
      // [U] Pockyt does not say what `{verifySign}` signs. Here: the values of the other macros
      // the template uses, under their macro names, signed like any request (§2.3).
      const signed: Record<string, string> = {}
      for (const name of macrosIn(template)) signed[name] = everything[name] ?? ''
      const credentials = paymentCredentials(context, payment)
      const verifySign = credentials ? pockyt.sign(signed, credentials.token, signOptions) : ''
      const target = pockyt.expandCallbackUrl(template, { ...everything, verifySign })
      return HttpResponse.redirect(target, 303)
    },

    paymentNotification(context, payment) {
      const closed = payment.state === 'cancelled' || payment.state === 'expired'
      const final = payment.state === 'succeeded' || payment.state === 'failed'
      if (!payment.notifyUrl || !(final || (closed && notifyClosed))) return undefined
      const credentials = paymentCredentials(context, payment)
      if (!credentials) return undefined
      const status = transactionStatus[payment.state]
      // [U] The fields of a real IPN (§2.9), plus `note` when the merchant sent one (the docs
      // list it); `vendorId` is left out, there being no upstream provider.
      const ipn = pockyt.buildIpn(
        {
          transactionNo: payment.id,
          status,
          amount: payment.amount.value,
          currency: payment.amount.currency,
          settleCurrency: payment.extra.settleCurrency ?? 'USD',
          reference: payment.orderReference,
          time: pockytTime(payment.updatedAt),
          note: payment.extra.note,
        },
        credentials.token,
        signOptions,
      )
      return {
        url: payment.notifyUrl,
        contentType: 'application/x-www-form-urlencoded',
        body: ipn.body,
        subject: `payment ${status}`,
      }
    },

    refundNotification(context, payment, refund) {
      // [U] Sent only to the refund request's own ipnUrl, once the refund is final. The fields are
      // the payment's IPN fields (so a listener that verifies IPNs reads it) plus the refund's,
      // and `transactionType: refund` to tell it apart.
      const credentials = paymentCredentials(context, payment)
      if (!credentials || !refund.notifyUrl || refund.state === 'processing') return undefined
      const status = refundStatus[refund.state]
      const ipn = pockyt.buildIpn(
        {
          transactionNo: payment.id,
          status,
          amount: payment.amount.value,
          currency: payment.amount.currency,
          settleCurrency: payment.extra.settleCurrency ?? 'USD',
          reference: payment.orderReference,
          time: pockytTime(context.now().toISOString()),
          transactionType: 'refund',
          refundTransactionNo: refund.id,
          refundAmount: refund.amount.value,
          refundReference: merchantRefundReference(refund),
        },
        credentials.token,
        signOptions,
      )
      return {
        url: refund.notifyUrl,
        contentType: 'application/x-www-form-urlencoded',
        body: ipn.body,
        subject: `refund ${refund.reference} ${status}`,
      }
    },

    handlers(context) {
      const api = context.gatewayUrl('pockyt')

      return [
        http.post(`${api}${pockyt.paths.customersCreate}`, async ({ request }) => {
          const read = await readRequest(
            context,
            request,
            pockyt.parseCustomerCreateRequest,
            signOptions,
          )
          if (!read.ok) return read.response
          const { verifySign: _signature, ...fields } = read.fields
          const customerNo = context.state.nextId()
          const customer: Record<string, string> = {
            profileType: 'INDIVIDUAL',
            ...fields,
            customerNo,
          }
          context.state.customers.set(customerNo, customer)
          const { merchantNo: _merchant, storeNo: _store, ...shown } = customer
          // [U] Where customerNo sits is undocumented: the customer is answered as `result` and as
          // the older top-level `customerInfo`, so merchants written against either shape work.
          return succeed(shown, 'success', { customerInfo: shown })
        }),

        ...[pockyt.paths.securePay, ...pockyt.paths.securePayAliases].map((path) =>
          http.post(`${api}${path}`, async ({ request }) => {
            const read = await readRequest(
              context,
              request,
              pockyt.parseSecurePayRequest,
              signOptions,
            )
            if (!read.ok) return read.response
            const { fields, credentials } = read
            const currency = fields.currency
            if (!currencies.has(currency)) {
              return reject(retCodes.invalidValue, `currency ${currency} is not supported`)
            }
            const amount = money(fields.amount, currency)
            if (!amount) return reject(retCodes.invalidValue, 'amount is invalid')
            if (!settles(currency, fields.settleCurrency)) {
              return reject(retCodes.invalidValue, 'settleCurrency is invalid')
            }
            const vendor = fields.vendor
            if (!vendors.has(vendor)) return reject(retCodes.invalidValue, 'vendor is invalid')
            if (!terminals.has(fields.terminal)) {
              return reject(retCodes.invalidValue, 'terminal is invalid')
            }
            if (sdkOnlyVendors.has(vendor) && fields.terminal !== 'YIP') {
              return reject(retCodes.invalidValue, `vendor ${vendor} needs terminal YIP`)
            }
            // §2.5: creditType is required for vendor creditcard.
            if (vendor === 'creditcard') {
              const creditType = given(fields.creditType)
              if (creditType === undefined) {
                return reject(retCodes.missingParameter, 'creditType is required')
              }
              if (!creditTypes.has(creditType)) {
                return reject(retCodes.invalidValue, 'creditType is invalid')
              }
            }
            if (fields.terminal === 'WAP' && !given(fields.osType)) {
              return reject(retCodes.missingParameter, 'osType is required')
            }
            // §2.5: osType is IOS or ANDROID.
            const osType = given(fields.osType)
            if (osType !== undefined && osType !== 'IOS' && osType !== 'ANDROID') {
              return reject(retCodes.invalidValue, 'osType is invalid')
            }
            const timeout = given(fields.timeout) ?? String(defaultTimeoutMinutes)
            if (!/^[1-9]\d{0,5}$/.test(timeout)) {
              return reject(retCodes.invalidValue, 'timeout is invalid')
            }
            if (options.ipnUrlRequired && !given(fields.ipnUrl)) {
              return reject(retCodes.missingParameter, 'ipnUrl is required')
            }
            const unusableUrl =
              refuseNonHttpUrl('callbackUrl', fields.callbackUrl) ??
              refuseNonHttpUrl('ipnUrl', given(fields.ipnUrl))
            if (unusableUrl) return unusableUrl
            const customerNo = given(fields.customerNo)
            if (
              customerNo !== undefined &&
              context.state.customers.get(customerNo)?.merchantNo !== credentials.merchantNo
            ) {
              return reject(retCodes.noRelatedRecord, 'customerNo has no related record')
            }
            // [U] The code of a duplicate reference is undocumented; every earlier payment counts,
            // whatever became of it.
            if (context.state.findByReference('pockyt', credentials.merchantNo, fields.reference)) {
              return reject(retCodes.invalidValue, 'reference is duplicate')
            }

            const isCard = vendor === 'creditcard'
            const payment = context.createPayment({
              gateway: 'pockyt',
              flow: 'hosted',
              account: credentials.merchantNo,
              orderReference: fields.reference,
              amount,
              returnUrl: fields.callbackUrl,
              notifyUrl: given(fields.ipnUrl),
              ...(isCard ? {} : { apmMethod: vendor }),
            })
            const extra: Record<string, string | undefined> = {
              storeNo: credentials.storeNo,
              settleCurrency: fields.settleCurrency,
              vendor,
              terminal: fields.terminal,
              note: given(fields.note),
              description: given(fields.description),
              creditType: given(fields.creditType),
              customerNo,
              cashierToken: crypto.randomUUID().replace(/-/g, ''),
              // A wallet's page sends the shopper back, as the card page does.
              walletReturns: isCard ? undefined : 'true',
            }
            for (const [name, value] of Object.entries(extra)) {
              if (value !== undefined) payment.extra[name] = value
            }
            payment.expiresAt = new Date(
              context.now().getTime() + Number(timeout) * minute,
            ).toISOString()
            context.expireWhenDue(payment)

            return succeed({
              amount: amount.value,
              currency,
              settleCurrency: fields.settleCurrency,
              reference: payment.orderReference,
              transactionNo: payment.id,
              cashierUrl: `${api}/cashier?token=${payment.extra.cashierToken}`,
            })
          }),
        ),

        // The cashier (cashierUrl): the shared card page, or the wallet page for other vendors.
        http.get(`${api}/cashier`, ({ request }) => {
          const token = new URL(request.url).searchParams.get('token') ?? ''
          const payment = context.state.find(
            'pockyt',
            (candidate) => candidate.extra.cashierToken === token,
          )
          if (!payment) {
            return new HttpResponse('This cashier link is invalid or has been reset.', {
              status: 404,
              headers: { 'content-type': 'text/plain; charset=utf-8' },
            })
          }
          if (payment.apmMethod) return HttpResponse.redirect(pagesUrl(context, payment, 'wallet'))
          return cashierPage(context, payment)
        }),

        http.post(`${api}${pockyt.paths.tranQuery}`, async ({ request }) => {
          const read = await readRequest(
            context,
            request,
            pockyt.parseTranQueryRequest,
            signOptions,
          )
          if (!read.ok) return read.response
          const payment = findPayment(context, read.credentials.merchantNo, read.fields)
          if (!payment) return reject(retCodes.noRelatedRecord, 'transaction does not exist')
          // [D] The docs' sample says "query success " (with a trailing space, dropped here).
          return succeed(transactionResult(payment), 'query success')
        }),

        http.post(`${api}${pockyt.paths.refund}`, async ({ request }) => {
          const read = await readRequest(context, request, pockyt.parseRefundRequest, signOptions)
          if (!read.ok) return read.response
          const { fields, credentials } = read
          const unusableUrl = refuseNonHttpUrl('ipnUrl', given(fields.ipnUrl))
          if (unusableUrl) return unusableUrl
          const payment = findPayment(context, credentials.merchantNo, fields)
          if (!payment) return reject(retCodes.noRelatedRecord, 'transaction does not exist')
          const refundReference = given(fields.refundReference)
          const repeated =
            refundReference === undefined
              ? undefined
              : payment.refunds.find((refund) => refund.reference === refundReference)
          // [U] A refundReference seen before is the same refund, answered again (a retry).
          if (repeated) return succeed(refundResult(payment, repeated))
          if (payment.state !== 'succeeded') {
            return reject(
              retCodes.transactionStatusIssue,
              `transaction is ${transactionStatus[payment.state]}, not refundable`,
            )
          }
          if (fields.currency !== payment.amount.currency) {
            return reject(retCodes.parametersDoNotMatch, 'currency does not match the transaction')
          }
          const amount = money(fields.refundAmount, payment.amount.currency)
          if (!amount) return reject(retCodes.invalidValue, 'refundAmount is invalid')
          // [U] Over-refunding is answered 000040 (balance insufficient / status issue).
          if (refundedSoFar(payment) + minorUnitsOf(amount) > minorUnitsOf(payment.amount)) {
            return reject(
              retCodes.transactionStatusIssue,
              'refundAmount exceeds the refundable amount',
            )
          }
          const id = context.state.nextId()
          const refund: EmulatedRefund = {
            id,
            reference: refundReference ?? id,
            amount,
            state: 'processing',
            createdAt: context.now().toISOString(),
            ...(given(fields.ipnUrl) ? { notifyUrl: given(fields.ipnUrl) } : {}),
          }
          payment.refunds.push(refund)
          context.record(
            payment,
            `refund ${refund.reference} of ${amount.value} ${amount.currency}`,
          )
          // Pockyt refunds asynchronously: pending now, success a moment later.
          context.later(1000, () => {
            if (refund.state !== 'processing') return
            refund.state = 'succeeded'
            context.record(payment, `refund ${refund.reference} succeeded`)
            context.notifyRefund(payment, refund)
          })
          return succeed(refundResult(payment, refund))
        }),
      ]
    },
  }
}

export const pockytEmulation: GatewayEmulation = createPockytEmulation()
