import type { Page } from '@playwright/test'
import { emulatorUrl, storefrontUrl } from '../playwright.config.ts'
import { expect, type Storefront, test } from './fixtures.ts'

// The storefront serves the strict Content-Security-Policy a merchant's checkout should have
// (apps/storefront/server/contentSecurityPolicy.ts). Every spec that uses ./fixtures.ts fails on a
// violation of it, in any tab or frame; these check that the policy is really there, really
// enforced, and that the kit passes it by giving the page's nonce to each element it adds, not by
// luck. Reading `nonce` properties is the one thing here a shopper could not do: it is what the
// policy itself reads.

/** The page's nonce, and the nonces on the kit's style sheets and on the gateway's scripts. */
async function noncesOnThePage(storefront: Storefront) {
  return storefront.page.evaluate((gatewayOrigin) => {
    const meta = document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]')
    return {
      page: meta?.nonce ?? '',
      kitStyles: [...document.querySelectorAll('style[data-checkout-kit-styles]')].map(
        (style) => (style as HTMLStyleElement).nonce ?? '',
      ),
      gatewayScripts: [...document.scripts]
        .filter((script) => script.src.startsWith(gatewayOrigin))
        .map((script) => ({ path: new URL(script.src).pathname, nonce: script.nonce ?? '' })),
    }
  }, emulatorUrl)
}

test('every page is served with a strict policy and a nonce of its own', async ({ page }) => {
  const policies = []
  for (const path of ['/', '/checkout', '/']) {
    const response = await page.goto(`${storefrontUrl}${path}`)
    policies.push(response?.headers()['content-security-policy'] ?? '')
  }
  for (const policy of policies) {
    expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/]{22}=='/)
    expect(policy).toContain("require-trusted-types-for 'script'")
    expect(policy).not.toContain('unsafe-inline')
  }
  expect(new Set(policies).size).toBe(3)
})

test("card payment: the risk plugin's script and the kit's style sheets carry the page's nonce", async ({
  storefront,
}) => {
  await storefront.placeOrder()
  await storefront.choose('PingPong card')
  await expect(storefront.page.getByLabel('Card number')).toBeVisible()

  await expect.poll(async () => (await noncesOnThePage(storefront)).gatewayScripts).toHaveLength(1)
  const nonces = await noncesOnThePage(storefront)
  expect(nonces.page).not.toBe('')
  expect(nonces.gatewayScripts).toEqual([
    { path: '/pingpong/risk/acquirerRiskControl.min.js', nonce: nonces.page },
  ])
  expect(nonces.kitStyles.length).toBeGreaterThanOrEqual(2)
  for (const nonce of nonces.kitStyles) expect(nonce).toBe(nonces.page)
})

test("embedded hosted checkout: PingPong's SDK script carries the page's nonce", async ({
  storefront,
}) => {
  await storefront.placeOrder()
  await storefront.openEmbeddedCheckout()

  const nonces = await noncesOnThePage(storefront)
  const sdk = nonces.gatewayScripts.filter((script) => !script.path.includes('/risk/'))
  expect(sdk).toHaveLength(1)
  expect(sdk[0]?.nonce).toBe(nonces.page)
})

/** Breaks the policy three ways in `page`, and says what the page saw of it. */
async function breakThePolicy(page: Page) {
  return page.evaluate(async (gatewayOrigin) => {
    const style = document.createElement('style')
    style.textContent = 'body { outline: 7px solid rgb(255, 0, 0) }'
    document.head.append(style)

    const script = document.createElement('script')
    const scriptRan = new Promise<boolean>((resolve) => {
      script.addEventListener('load', () => resolve(true))
      script.addEventListener('error', () => resolve(false))
    })
    // A script address the Trusted Types policy lets through: only the missing nonce stops it.
    const { trustedTypes } = window as unknown as {
      trustedTypes: {
        createPolicy(
          name: string,
          rules: { createScriptURL(url: string): string },
        ): { createScriptURL(url: string): string }
      }
    }
    const policy = trustedTypes.createPolicy('checkout-kit', { createScriptURL: (url) => url })
    script.src = policy.createScriptURL(`${gatewayOrigin}/pingpong/risk/acquirerRiskControl.min.js`)
    document.head.append(script)

    let innerHtmlRefused = false
    try {
      document.createElement('div').innerHTML = '<b>hello</b>'
    } catch {
      innerHtmlRefused = true
    }
    return {
      outline: getComputedStyle(document.body).outlineWidth,
      scriptRan: await scriptRan,
      innerHtmlRefused,
    }
  }, emulatorUrl)
}

const directivesOf = (violations: string[]) =>
  [...new Set(violations.map((violation) => violation.split(' ')[0]))].sort()

// This test breaks the policy on purpose: it shows the policy is enforced, and that the fixture
// failing every other test hears each kind of violation, in the test's page and in a second tab,
// then forgets these so that the test itself passes.
test('the policy is enforced, and every violation is heard, in every tab', async ({
  page,
  context,
  contentSecurityPolicyViolations,
}) => {
  for (const tab of [page, await context.newPage()]) {
    await tab.goto(`${storefrontUrl}/`)
    await expect(tab.getByRole('heading', { level: 1 })).toBeVisible()

    const outcome = await breakThePolicy(tab)
    expect(outcome.outline).not.toBe('7px')
    expect(outcome.scriptRan).toBe(false)
    expect(outcome.innerHtmlRefused).toBe(true)
    expect(directivesOf(await contentSecurityPolicyViolations.collect())).toEqual([
      'require-trusted-types-for',
      'script-src-elem',
      'style-src-elem',
    ])
    await contentSecurityPolicyViolations.forget()
    expect(await contentSecurityPolicyViolations.collect()).toEqual([])
  }
})
