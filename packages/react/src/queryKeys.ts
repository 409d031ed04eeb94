/** The key of one payment's session (checkoutContext.ts writes it without the whole table). */
export const paymentQueryKey = (paymentId: string) =>
  ['checkout-kit', 'payment', paymentId] as const

/**
 * The kit's TanStack Query keys, for merchants who read or invalidate its queries:
 * `queryClient.invalidateQueries({ queryKey: queryKeys.payment(id) })`.
 */
export const queryKeys = {
  all: ['checkout-kit'] as const,
  config: ['checkout-kit', 'config'] as const,
  payment: paymentQueryKey,
}
