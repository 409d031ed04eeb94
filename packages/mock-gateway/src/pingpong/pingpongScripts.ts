import { type HttpHandler, HttpResponse, http } from 'msw'
import type { EmulatorContext } from '../emulatorContext.ts'

// The browser-side scripts PingPong serves from its CDN, played by the emulator:
// - `ppPay` (hosted JS SDK): mounts the hosted cashier in an iframe inside `root`;
// - `PingPongRiskControl` (RiskJS): `installLight_S2S`, `complexInit` → jsGeneratedData,
//   `complexTrigger` → the 3DS challenge;
// - `PingPongRiskDefense`: `getGeneratedData`, `trigger`.
// The scripts are plain ES5-style JavaScript so they load in any browser the merchant supports.

/** Prefix of the fingerprints the mock RiskDefense plugin makes up, which unifiedPay accepts. */
const riskDefensePrefix = 'emu-fp-'

/**
 * Whether jsGeneratedData came from one of the emulator's risk plugins: a `threeDInitTransId`
 * issued by complexInit, or a RiskDefense fingerprint. Anything else cannot start a 3DS challenge.
 */
export function riskSessionIsValid(context: EmulatorContext, jsGeneratedData: string | undefined) {
  if (!jsGeneratedData) return false
  try {
    const data = JSON.parse(jsGeneratedData) as Record<string, unknown>
    const initId = data.threeDInitTransId
    if (typeof initId === 'string' && context.state.riskSessions.has(initId)) return true
    const fingerPrint = data.fingerPrint
    return (
      typeof fingerPrint === 'string' &&
      new RegExp(`^${riskDefensePrefix}[0-9a-f]{32}$`).test(fingerPrint)
    )
  } catch {
    return false
  }
}

function script(source: string): Response {
  return new HttpResponse(source, {
    headers: {
      'content-type': 'text/javascript; charset=utf-8',
      // Loaded cross-origin by merchants' pages, possibly with `integrity` (which needs CORS).
      'access-control-allow-origin': '*',
      'cache-control': 'no-cache',
    },
  })
}

function ppPaySource(apiUrl: string): string {
  return `/* PingPongCheckout hosted JS SDK — Checkout Kit emulator */
(function () {
  'use strict';
  var cashierUrl = ${JSON.stringify(`${apiUrl}/v3/checkout`)};
  var cashierOrigin = new URL(cashierUrl).origin;
  function PpPay(options) {
    if (!(this instanceof PpPay)) throw new TypeError('ppPay is a constructor: new ppPay({ ... })');
    this.options = options || {};
    this.frame = null;
  }
  PpPay.prototype.createPayment = function (tokenOrConfig, callback) {
    var token = typeof tokenOrConfig === 'string' ? tokenOrConfig : tokenOrConfig && tokenOrConfig.token;
    if (!token) throw new TypeError('ppPay.createPayment needs the token from prePay');
    var root = typeof this.options.root === 'string' ? document.querySelector(this.options.root) : this.options.root;
    if (!root) throw new Error('ppPay: no element matches root ' + String(this.options.root));
    var base = this.options.base || {};
    var frame = document.createElement('iframe');
    var query = '?token=' + encodeURIComponent(token) + '&parentOrigin=' + encodeURIComponent(window.location.origin);
    if (this.options.manul) query += '&manual=1';
    if (this.options.lang) query += '&lang=' + encodeURIComponent(this.options.lang);
    frame.src = cashierUrl + query;
    frame.title = 'PingPong checkout';
    frame.setAttribute('data-pingpong-emulator', 'cashier');
    frame.style.width = base.width || '100%';
    frame.style.height = base.height || '640px';
    frame.style.border = '0';
    while (root.firstChild) root.removeChild(root.firstChild);
    root.appendChild(frame);
    this.frame = frame;
    // At the end the cashier asks this page to go to payResultUrl / payCancelUrl: a frame may not
    // navigate the top window itself. Only messages from the cashier frame and origin count.
    if (this.listener) window.removeEventListener('message', this.listener);
    this.listener = function (event) {
      if (event.source !== frame.contentWindow || event.origin !== cashierOrigin) return;
      if (event.data && event.data.type === 'ppPay:navigate' && typeof event.data.url === 'string') {
        window.location.assign(event.data.url);
      }
    };
    window.addEventListener('message', this.listener);
    if (typeof callback === 'function') {
      frame.addEventListener('load', function () { callback({ status: 'MOUNTED' }); }, { once: true });
    }
  };
  // Manual mode ("manul": true): the merchant's own button submits the cashier's form.
  PpPay.prototype.actionPayment = function (callback) {
    if (!this.frame || !this.frame.contentWindow) throw new Error('ppPay.actionPayment: call createPayment first');
    this.frame.contentWindow.postMessage({ type: 'ppPay:actionPayment' }, cashierOrigin);
    if (typeof callback === 'function') callback({ status: 'SUBMITTED' });
  };
  window.ppPay = PpPay;
})();
`
}

function riskControlSource(apiUrl: string): string {
  return `/* PingPongRiskControl (RiskJS) — Checkout Kit emulator */
(function () {
  'use strict';
  var initUrl = ${JSON.stringify(`${apiUrl}/risk/complexInit`)};
  function PingPongRiskControl(options, callback) {
    this.options = options || {};
    this.installed = false;
    if (typeof callback === 'function') setTimeout(callback, 0);
  }
  PingPongRiskControl.prototype.installLight_S2S = function () { this.installed = true; };
  // Runs "3D init" for the card and calls back with jsGeneratedData. Only the card's first six
  // digits (its BIN) leave the page.
  PingPongRiskControl.prototype.complexInit = function (params, callback) {
    var card = String((params && params.cardNumber) || '').replace(/\\D/g, '');
    var body = JSON.stringify({
      accId: (params && params.accId) || this.options.accId || '',
      bin: card.slice(0, 6),
      cardBrand: (params && params.cardBrand) || '',
      requestId: (params && params.requestId) || this.options.requestId || ''
    });
    fetch(initUrl, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: body })
      .then(function (response) { return response.json(); })
      .then(function (answer) { if (typeof callback === 'function') callback(answer.jsGeneratedData); })
      .catch(function () { /* like the real plugin: no callback, the merchant's bounded wait ends */ });
  };
  // Starts the 3DS challenge: navigates to it. The callback runs only when nothing navigates.
  PingPongRiskControl.prototype.complexTrigger = function (threeDUnionParams, callback) {
    var params = typeof threeDUnionParams === 'string' ? JSON.parse(threeDUnionParams) : threeDUnionParams;
    if (params && params.threeDRedirectUrl) { window.location.assign(params.threeDRedirectUrl); return; }
    if (typeof callback === 'function') callback({ threeDContinue: 'false' });
  };
  window.PingPongRiskControl = PingPongRiskControl;
})();
`
}

function riskDefenseSource(): string {
  return `/* PingPongRiskDefense — Checkout Kit emulator */
(function () {
  'use strict';
  function randomHex() {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
  }
  function PingPongRiskDefense(options) {
    this.options = options || {};
    this.fingerPrint = ${JSON.stringify(riskDefensePrefix)} + randomHex();
  }
  PingPongRiskDefense.prototype.getGeneratedData = function () {
    return {
      browserInfo: {
        acceptHeader: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
        colorDepth: String(screen.colorDepth),
        language: navigator.language,
        screenHeight: String(screen.height),
        screenWidth: String(screen.width),
        timeZoneOffset: String(new Date().getTimezoneOffset()),
        userAgent: navigator.userAgent,
        javaEnabled: 'false',
        javaScriptEnabled: 'true'
      },
      jsGeneratedData: { fingerPrint: this.fingerPrint, forterSiteId: 'emulator', forterTokenCookie: '' }
    };
  };
  PingPongRiskDefense.prototype.trigger = function (threeDUnionParams) {
    var params = typeof threeDUnionParams === 'string' ? JSON.parse(threeDUnionParams) : threeDUnionParams;
    if (params && params.threeDRedirectUrl) window.location.assign(params.threeDRedirectUrl);
  };
  window.PingPongRiskDefense = PingPongRiskDefense;
})();
`
}

export function pingpongScriptHandlers(context: EmulatorContext): HttpHandler[] {
  const api = context.gatewayUrl('pingpong')
  const cors = { 'access-control-allow-origin': '*' }
  return [
    http.get(`${api}/sdk/ppPay.min.js`, () => script(ppPaySource(api))),
    http.get(`${api}/risk/acquirerRiskControl.min.js`, () => script(riskControlSource(api))),
    http.get(`${api}/risk/pingpongRiskDefense.min.js`, () => script(riskDefenseSource())),
    http.options(
      `${api}/risk/complexInit`,
      () => new HttpResponse(null, { status: 204, headers: cors }),
    ),
    http.post(`${api}/risk/complexInit`, async ({ request }) => {
      const body = (await request.json().catch(() => ({}))) as Record<string, unknown>
      const bin = typeof body.bin === 'string' ? body.bin : ''
      const threeDInitTransId = `EMU3DI-${crypto.randomUUID()}`
      context.state.riskSessions.add(threeDInitTransId)
      return HttpResponse.json(
        {
          jsGeneratedData: {
            threeDInitTransId,
            threeDSecureReferenceId: crypto.randomUUID(),
            channel: 'Emulator',
            correlationId: crypto.randomUUID(),
            fingerPrint: `${riskDefensePrefix}${crypto.randomUUID().replace(/-/g, '')}`,
            forterSiteId: 'emulator',
            forterTokenCookie: '',
            threeDSServerTransID: crypto.randomUUID(),
            version: '2.2.0',
            ...(bin ? { bin } : {}),
          },
        },
        { headers: cors },
      )
    }),
  ]
}
