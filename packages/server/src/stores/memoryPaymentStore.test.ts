import { createMemoryPaymentStore } from './memoryPaymentStore.ts'
import { describePaymentStoreContract } from './paymentStoreContract.ts'

describePaymentStoreContract('memory payment store', async () => createMemoryPaymentStore())
