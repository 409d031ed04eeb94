// Oceanpayment hosted checkout: sendTrade (server create, XML `pay_url`), the auto-redirect form
// (`/gateway/service/pay`), the backUrl browser return and the noticeUrl XML push.
export {
  type BillingDetails,
  buildNoticeXml,
  buildPayForm,
  buildReturnFields,
  buildSendTradeRequest,
  buildTradeResponseXml,
  type NoticeInput,
  type PayForm,
  type ProductLine,
  type ReturnInput,
  type ShippingDetails,
  type TradeInput,
  type TradeResponseInput,
} from './build.ts'
export {
  approvedCode,
  describeResultCode,
  duplicateOrderCode,
  type ResultCodeInfo,
  resultCodes,
} from './codes.ts'
export {
  type NoticeResult,
  type OtherNotice,
  parseNotice,
  parseReturn,
  parseSendTradeResponse,
  parseTradeRequest,
  type SecureCodeSource,
  type SendTradeResponseOptions,
  type SendTradeResult,
  type TradeRequest,
  type TradeRequestOptions,
  type TransactionNotice,
  type TransactionResult,
} from './parse.ts'
export {
  signedFields,
  signRequest,
  signResult,
  signTradeResponse,
  verifyRequest,
  verifyResult,
  verifyTradeResponse,
} from './sign.ts'
export { parseDetails, type ResultDetails, toPaymentStatus } from './status.ts'
export {
  acknowledgement,
  authTypes,
  baseUrls,
  fieldOrder,
  type NoticeFields,
  noticeTypes,
  type OceanpaymentCredentials,
  type OceanpaymentEnvironment,
  pageTypes,
  paths,
  paymentStatusCodes,
  payResultCodes,
  type ReturnFields,
  responseTypes,
  type TradeRequestFields,
  type TradeResponseFields,
  type TransactionResultFields,
  testCredentials,
} from './wire.ts'
