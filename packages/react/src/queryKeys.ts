/**
 * The kit's TanStack Query keys, for merchants who read or invalidate its queries:
 * `queryClient.invalidateQueries({ queryKey: queryKeys.payment(id) })`.
 */
export const queryKeys = {
  all: ['checkout-kit'] as const,
  config: ['checkout-kit', 'config'] as const,
  payment: (paymentId: string) => ['checkout-kit', 'payment', paymentId] as const,
}
