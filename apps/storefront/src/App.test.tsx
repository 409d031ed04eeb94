import { act, screen, waitFor } from '@testing-library/react'
import { HttpResponse, http } from 'msw'
import { expect, it, vi } from 'vitest'
import {
  apiError,
  fillCart,
  held,
  renderShop,
  server,
  setupShopTestBed,
} from './testing/shopTestBed.tsx'

setupShopTestBed()

it('switches the whole page to the language chosen, and keeps it for the next page load', async () => {
  const { user } = renderShop('/')
  await screen.findByRole('heading', { level: 1, name: 'Checkout Kit demo shop' })
  expect(screen.getByRole('button', { name: 'English' }).getAttribute('aria-pressed')).toBe('true')

  await user.click(screen.getByRole('button', { name: '简体中文' }))

  await screen.findByRole('heading', { level: 1, name: 'Checkout Kit 演示商店' })
  screen.getByRole('heading', { level: 2, name: '搪瓷露营杯' })
  expect(screen.getByRole('button', { name: '简体中文' }).getAttribute('aria-pressed')).toBe('true')
  expect(screen.getByRole('button', { name: 'English' }).getAttribute('aria-pressed')).toBe('false')
  // Screen readers choose their voice by it.
  expect(document.documentElement.lang).toBe('zh-CN')
  expect(window.localStorage.getItem('storefront-language')).toBe('zh-CN')
})

it('counts every item added to the cart, and says how many of that product it now holds', async () => {
  const { user } = renderShop('/')
  const addMug = await screen.findByRole('button', { name: 'Add to cart (Enamel camp mug)' })
  await user.click(addMug)
  await waitFor(() =>
    expect(screen.getByRole('status').textContent).toBe(
      'Enamel camp mug added to your cart (1 in cart).',
    ),
  )
  await user.click(addMug)
  await waitFor(() =>
    expect(screen.getByRole('status').textContent).toBe(
      'Enamel camp mug added to your cart (2 in cart).',
    ),
  )
  await user.click(screen.getByRole('button', { name: 'Add to cart (Dot-grid notebook)' }))
  await screen.findByRole('link', { name: 'Cart (3 items)' })
})

it("moves focus to the new page's heading after a link or Back, and leaves it on a link to the page shown", async () => {
  const { user } = renderShop('/')
  await screen.findByRole('heading', { level: 1, name: 'Checkout Kit demo shop' })

  const catalogue = screen.getByRole('link', { name: 'Catalogue' })
  await user.click(catalogue)
  expect(document.activeElement).toBe(catalogue)

  await user.click(screen.getByRole('link', { name: 'Orders' }))
  const orders = await screen.findByRole('heading', { level: 1, name: 'Orders' })
  await waitFor(() => expect(document.activeElement).toBe(orders))
  expect(document.title).toBe('Orders — Checkout Kit demo shop')

  act(() => window.history.back())
  const shop = await screen.findByRole('heading', { level: 1, name: 'Checkout Kit demo shop' })
  await waitFor(() => expect(document.activeElement).toBe(shop))
})

it('leaves a modified click on a link to the browser (a new tab)', async () => {
  const { user } = renderShop('/')
  const orders = await screen.findByRole('link', { name: 'Orders' })
  orders.addEventListener('click', (event) => event.preventDefault())
  await user.keyboard('{Control>}')
  await user.click(orders)
  await user.keyboard('{/Control}')
  expect(window.location.pathname).toBe('/')
})

it("follows the browser's language until the shopper chooses one", async () => {
  vi.resetModules()
  window.localStorage.removeItem('storefront-language')
  const language = vi.spyOn(window.navigator, 'language', 'get').mockReturnValue('zh')
  try {
    const { currentLanguage } = await import('./language.ts')
    expect(currentLanguage()).toBe('zh-CN')

    // Chosen on an earlier page load, it wins over the browser's.
    vi.resetModules()
    window.localStorage.setItem('storefront-language', 'en')
    expect((await import('./language.ts')).currentLanguage()).toBe('en')
  } finally {
    language.mockRestore()
  }
})

it('says the shop could not be reached when the network fails', async () => {
  server.use(http.get('/api/shop/products', () => HttpResponse.error()))
  renderShop('/')
  await waitFor(() =>
    expect(screen.getByRole('alert').textContent).toBe(
      'The shop could not be reached: check your connection and try again.',
    ),
  )
})

it('moves focus to the heading once per navigation, not again when the page rewrites its address', async () => {
  fillCart({ mug: 1 })
  window.sessionStorage.setItem('storefront-cart-order', 'ord_gone')
  const gone = held(() => apiError(404, 'ORDER_NOT_FOUND', 'No order has this id.'))
  server.use(http.get('/api/shop/orders/ord_gone', gone.resolver))
  const { user } = renderShop('/')

  await user.click(await screen.findByRole('link', { name: /^Cart/ }))
  const heading = await screen.findByRole('heading', { level: 1, name: 'Checkout' })
  await waitFor(() => expect(document.activeElement).toBe(heading))
  // The shopper moves on while the order is read; the page then forgets it and rewrites its address.
  const english = screen.getByRole('button', { name: 'English' })
  act(() => english.focus())
  gone.release()
  await screen.findByRole('button', { name: 'Place order' })
  expect(window.location.search).toBe('')
  expect(document.activeElement).toBe(english)
})
