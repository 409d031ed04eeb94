'use client'

import {
  type CardBrand,
  detectCardBrand,
  formatCardNumber,
  formatExpiry,
  type GatewayName,
  parseExpiry,
  performRedirect,
  type RiskPlugin,
  startThreeDs,
  validateCardNumber,
  validateSecurityCode,
  watchPaymentStatus,
} from '@checkout-kit/core'
import { type ChangeEvent, type FormEvent, useEffect, useId, useRef, useState } from 'react'
import { CardField } from './CardField.tsx'
import { useKitContext, useMessages } from './checkoutContext.ts'
import { cardStyles } from './checkoutStyles.ts'
import { formatInput } from './formatInput.ts'
import { formatMessage } from './formatMessage.ts'
import { environmentOf } from './kitServices.ts'
import { type CardMessages, cardMessages, commonMessages } from './messages.ts'
import { notify } from './notify.ts'
import { PaymentControls } from './PaymentControls.tsx'
import { type AttemptCapabilities, type CheckoutCallbacks, useAttempt } from './useAttempt.ts'
import { useCheckoutStyles } from './useCheckoutStyles.ts'
import { useIsomorphicLayoutEffect } from './useIsomorphicLayoutEffect.ts'
import { useLatestRef } from './useLatestRef.ts'
import { useRiskPlugin } from './useRiskPlugin.ts'

// A card payment redirects (the gateway's page, 3DS by URL) or starts 3DS through the risk
// plugin, and is watched while the bank decides.
const cardCapabilities: AttemptCapabilities = {
  performers: { redirect: performRedirect, 'three-ds': startThreeDs },
  watch: watchPaymentStatus,
}

export interface CardPaymentProps extends CheckoutCallbacks {
  /** The merchant's order reference; the server prices it. */
  orderId: string
  /** The page the shopper comes back to after a 3DS redirect; the server appends `?paymentId=`. */
  returnUrl: string
  /** The gateway with the card flow. Default `pingpong`. */
  gateway?: GatewayName
  /** Your shopper's id, passed to the PingPong risk plugin. */
  merchantUserId?: string
  className?: string
}

type FieldName = 'number' | 'expiry' | 'cvc' | 'name'
const fieldNames: readonly FieldName[] = ['number', 'expiry', 'cvc', 'name']
type Values = Record<FieldName, string>
const emptyValues: Values = { number: '', expiry: '', cvc: '', name: '' }
/** How long "Pay" waits for a risk plugin still loading before it pays without risk data. */
const riskLoadWaitMs = 8000

function validate(values: Values, brand: CardBrand, messages: CardMessages) {
  const errors: Partial<Record<FieldName, string>> = {}
  const number = validateCardNumber(values.number)
  if (!number.valid) {
    errors.number =
      number.reason === 'empty'
        ? messages.cardNumberEmpty
        : number.reason === 'incomplete'
          ? messages.cardNumberIncomplete
          : messages.cardNumberInvalid
  }
  const expiry = parseExpiry(values.expiry)
  if (!expiry.valid) {
    errors.expiry =
      expiry.reason === 'empty'
        ? messages.expiryEmpty
        : expiry.reason === 'past'
          ? messages.expiryPast
          : messages.expiryFormat
  }
  const cvc = validateSecurityCode(values.cvc, brand)
  if (!cvc.valid) {
    errors.cvc =
      cvc.reason === 'empty'
        ? messages.securityCodeEmpty
        : formatMessage(messages.securityCodeLength, { length: brand === 'amex' ? 4 : 3 })
  }
  if (values.name.trim() === '') errors.name = messages.nameOnCardEmpty
  return { errors, number, expiry }
}

/** What PingPong's `browserInfo` carries for 3DS; read at submit, never stored. */
function readBrowserInfo(): Record<string, string> | undefined {
  if (typeof window === 'undefined') return undefined
  return {
    acceptHeader: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
    colorDepth: String(window.screen?.colorDepth ?? 24),
    screenHeight: String(window.screen?.height ?? 0),
    screenWidth: String(window.screen?.width ?? 0),
    windowSize: `${window.innerWidth}x${window.innerHeight}`,
    jetLag: String(new Date().getTimezoneOffset()),
    userAgent: window.navigator.userAgent,
    javaEnabled: 'false',
    javaScriptEnabled: 'true',
    language: window.navigator.language,
  }
}

/**
 * Same-origin card fields with live formatting and inline validation, the PingPong risk plugin
 * and 3DS. The card data lives in this component's state and in the one `POST /payments` request
 * only: never in a URL, storage, the console or an error.
 */
export function CardPayment({
  orderId,
  returnUrl,
  gateway = 'pingpong',
  merchantUserId,
  className,
  onReady,
  onActionRequired,
  onComplete,
  onError,
}: CardPaymentProps) {
  useCheckoutStyles('<CardPayment>', 'card', cardStyles)
  const messages = useMessages(cardMessages, '<CardPayment>')
  const common = useMessages(commonMessages, '<CardPayment>')
  const kit = useKitContext('<CardPayment>')
  const { locale } = kit
  const environment = environmentOf(kit)
  // onReady is the form's own: the card flow's actions all leave the page.
  const checkout = useAttempt(
    { onActionRequired, onComplete, onError },
    cardCapabilities,
    '<CardPayment>',
  )
  const risk = useRiskPlugin(gateway, merchantUserId === undefined ? {} : { merchantUserId })
  const onReadyRef = useLatestRef(onReady)
  const riskSettled = risk.status !== 'loading'
  const readyReported = useRef(false)
  // "Pay" pressed while the plugin still loads waits for it, for a while: without its
  // jsGeneratedData PingPong cannot start a 3DS challenge, and the payment would fail.
  const riskRef = useLatestRef(risk)
  const riskWaiters = useRef<(() => void)[]>([])
  useEffect(() => {
    if (!riskSettled) return
    // Once per mount, whatever StrictMode replays: the card can be typed, and whether its risk
    // data and 3DS go through the plugin is settled.
    if (!readyReported.current) {
      readyReported.current = true
      notify(onReadyRef.current, undefined)
    }
    for (const resume of riskWaiters.current.splice(0)) resume()
  }, [riskSettled, onReadyRef])
  // A shopper who left the form while "Pay" waited is not charged: the wait ends, and nothing is
  // sent from a form that is gone.
  const mounted = useRef(false)
  useEffect(() => {
    mounted.current = true
    return () => {
      mounted.current = false
      for (const resume of riskWaiters.current.splice(0)) resume()
    }
  }, [])
  function settledPlugin(): Promise<RiskPlugin | undefined> {
    const read = () => (riskRef.current.status === 'ready' ? riskRef.current.plugin : undefined)
    if (riskRef.current.status !== 'loading') return Promise.resolve(read())
    return new Promise((resolve) => {
      const resume = () => {
        environment.clearTimeout(timer)
        resolve(read())
      }
      const timer = environment.setTimeout(resume, riskLoadWaitMs)
      riskWaiters.current.push(resume)
    })
  }
  const idPrefix = `ck${useId().replace(/:/g, '')}`
  const root = useRef<HTMLFormElement>(null)
  // The control last focused in the form: "Pay" gives way to the success, and a keyboard user's
  // focus on it would drop to the top of the page.
  const focused = useRef<EventTarget | null>(null)

  const [values, setValues] = useState<Values>(emptyValues)
  const [touched, setTouched] = useState<Partial<Record<FieldName, boolean>>>({})
  const [submitted, setSubmitted] = useState(false)
  // The last submit was refused for invalid fields: the alert says so until they are fixed.
  const [refused, setRefused] = useState(false)
  const [preparing, setPreparing] = useState(false)
  // Guards the awaits before pay(): a second submit in the same frame does nothing.
  const preparingRef = useRef(false)
  const inputs = useRef<Partial<Record<FieldName, HTMLInputElement | null>>>({})
  const caret = useRef<{ field: FieldName; position: number } | undefined>(undefined)
  // What the risk plugin was last asked about (card number and expiry), which plugin, and its answer.
  const collected = useRef<
    { card: string; from: RiskPlugin; data: Promise<string | undefined> } | undefined
  >(undefined)

  const brand = detectCardBrand(values.number)
  const { errors, number, expiry } = validate(values, brand, messages)
  const busy = checkout.busy || preparing
  const { state } = checkout

  // Put the caret back where the shopper was typing after a reformat.
  useIsomorphicLayoutEffect(() => {
    const pending = caret.current
    if (!pending) return
    caret.current = undefined
    const input = inputs.current[pending.field]
    if (input && input.ownerDocument.activeElement === input) {
      input.setSelectionRange(pending.position, pending.position)
    }
  })

  useIsomorphicLayoutEffect(() => {
    const form = root.current
    const last = focused.current as Node | null
    if (state.status !== 'succeeded' || !form || !last || last.isConnected) return
    // Onto the form, not its emptied first field: a field left is validated.
    const { activeElement, body } = form.ownerDocument
    if (!activeElement || activeElement === body) form.focus()
  }, [state.status])

  // The card is no longer needed once the server took the payment. The emptied fields are not
  // errors: they are no longer touched or submitted, or "Enter your card number." would show
  // beside "Payment successful.".
  useEffect(() => {
    if (state.status === 'succeeded') {
      setValues(emptyValues)
      setTouched({})
      setSubmitted(false)
      setRefused(false)
      collected.current = undefined
    }
  }, [state.status])

  const plugin: RiskPlugin | undefined = risk.status === 'ready' ? risk.plugin : undefined

  /**
   * complexInit for this card, once per card number and expiry: PingPong asks for it when either
   * field changes or is left (pingpong.md §1.9), so its 3D initialisation knows the expiry once the
   * shopper has typed it, whichever field came first. `expiryText` is the field's text, for a
   * change not yet in state.
   */
  function collect(
    digits: string,
    from = plugin,
    expiryText = values.expiry,
    cardBrand = brand,
  ): Promise<string | undefined> {
    if (!from) return Promise.resolve(undefined)
    const typedExpiry = parseExpiry(expiryText)
    const expiryFields = typedExpiry.valid
      ? { expiryMonth: typedExpiry.month, expiryYear: typedExpiry.year }
      : {}
    const card = `${digits} ${expiryFields.expiryMonth ?? ''}/${expiryFields.expiryYear ?? ''}`
    // Another plugin (made again for a shopper id given later) has not run complexInit for the
    // card: its 3DS would be triggered on a plugin that never initialised it.
    if (collected.current?.card === card && collected.current.from === from) {
      return collected.current.data
    }
    const data = from
      .collect({ number: digits, brand: cardBrand, ...expiryFields })
      .catch(() => undefined)
    const entry = { card, from, data }
    collected.current = entry
    // No answer in time (its 3D init was slow) is not the card's answer: "Pay" asks again, or the
    // payment, and every retry of it, would go without jsGeneratedData and so without 3DS.
    void data.then((value) => {
      if (value === undefined && collected.current === entry) collected.current = undefined
    })
    return data
  }

  function change(field: FieldName, event: ChangeEvent<HTMLInputElement>) {
    const { value: typed, selectionStart } = event.target
    let value = typed
    if (field === 'number' || field === 'expiry') {
      const format = field === 'number' ? formatCardNumber : formatExpiry
      const next = formatInput(values[field], typed, selectionStart, format)
      value = next.value
      caret.current = { field, position: next.caret }
    } else if (field === 'cvc') {
      value = typed.replace(/\D/g, '').slice(0, 4)
    }
    setValues((current) => ({ ...current, [field]: value }))
    if (field === 'number') {
      const checked = validateCardNumber(value)
      // Its own brand: `brand` is the field's before this change, 'unknown' for a pasted number.
      if (checked.valid) void collect(checked.digits, plugin, values.expiry, checked.brand)
    } else if (field === 'expiry' && number.valid && parseExpiry(value).valid) {
      void collect(number.digits, plugin, value)
    }
  }

  function blur(field: FieldName) {
    setTouched((current) => (current[field] ? current : { ...current, [field]: true }))
    if ((field === 'number' || field === 'expiry') && number.valid) void collect(number.digits)
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (busy || preparingRef.current) return
    // The server may have taken the last request: only the same request, with its key, asks again.
    if (state.status === 'unknown') return checkout.retry()
    setSubmitted(true)
    const firstInvalid = fieldNames.find((field) => errors[field] !== undefined)
    if (firstInvalid || !number.valid || !expiry.valid) {
      if (firstInvalid) inputs.current[firstInvalid]?.focus()
      // Said through the alert as well: Enter pressed in the first invalid field moves no focus,
      // so a screen reader would hear nothing of the errors that just appeared.
      setRefused(true)
      return
    }
    setRefused(false)
    preparingRef.current = true
    setPreparing(true)
    try {
      const settled = await settledPlugin()
      if (!mounted.current) return
      const jsGeneratedData = await collect(number.digits, settled)
      if (!mounted.current) return
      const browserInfo = readBrowserInfo()
      await checkout.pay(
        {
          gateway,
          flow: 'card',
          orderId,
          returnUrl,
          card: {
            number: number.digits,
            expiryMonth: expiry.month,
            expiryYear: expiry.year,
            cvc: values.cvc.trim(),
            holderName: values.name.trim(),
          },
          ...(jsGeneratedData ? { jsGeneratedData } : {}),
          ...(browserInfo ? { browserInfo } : {}),
        },
        settled ? { riskPlugin: settled } : {},
      )
    } finally {
      preparingRef.current = false
      setPreparing(false)
    }
  }

  const shown = (field: FieldName) => (touched[field] || submitted ? errors[field] : undefined)
  // What every field is: plain text (no browser validation or spinners), never spell-checked.
  const field = (name: FieldName) => ({
    type: 'text',
    spellCheck: false,
    id: `${idPrefix}-${name}`,
    value: values[name],
    readOnly: busy,
    inputRef: (element: HTMLInputElement | null) => {
      inputs.current[name] = element
    },
    onChange: (event: ChangeEvent<HTMLInputElement>) => change(name, event),
    onBlur: () => blur(name),
    error: shown(name),
  })

  // The inputs have no `name`: a form submitted natively (before hydration, or with scripts off)
  // then sends nothing, so a card number can never end up in a URL's query string.
  return (
    <form
      ref={root}
      // Focus lands here when "Pay" gives way to the success.
      tabIndex={-1}
      onFocus={(event) => {
        focused.current = event.target
      }}
      className={className ? `ck-root ${className}` : 'ck-root'}
      lang={locale}
      data-ck="card-payment"
      data-state={
        state.status === 'action' && checkout.action.status === 'failed' ? 'error' : state.status
      }
      data-brand={brand}
      noValidate
      onSubmit={(event) => void submit(event)}
    >
      <CardField
        {...field('number')}
        label={messages.cardNumber}
        hint={messages.cardNumberHint}
        inputMode="numeric"
        autoComplete="cc-number"
        autoCorrect="off"
        data-brand={brand}
      />
      <div className="ck-row">
        <CardField
          {...field('expiry')}
          label={messages.expiryDate}
          hint={messages.expiryDateHint}
          inputMode="numeric"
          autoComplete="cc-exp"
          autoCorrect="off"
          maxLength={9}
        />
        <CardField
          {...field('cvc')}
          label={messages.securityCode}
          hint={brand === 'amex' ? messages.securityCodeHintAmex : messages.securityCodeHint}
          inputMode="numeric"
          autoComplete="cc-csc"
          autoCorrect="off"
          maxLength={4}
        />
      </div>
      <CardField
        {...field('name')}
        label={messages.nameOnCard}
        autoComplete="cc-name"
        autoCapitalize="characters"
      />
      <PaymentControls
        checkout={{ ...checkout, busy }}
        idPrefix={idPrefix}
        submit
        hidePay={false}
        // Before the attempt opens, "Pay" may wait seconds for the risk plugin: say it started.
        {...(preparing && !checkout.busy ? { status: common.statusSubmitting } : {})}
        {...(refused && fieldNames.some((name) => errors[name])
          ? { note: messages.fixFields }
          : {})}
      />
    </form>
  )
}
