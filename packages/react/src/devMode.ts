// As in @checkout-kit/core: long integration guidance only outside production builds, where every
// bundler replaces `process.env.NODE_ENV` and the texts become dead code.
declare const process: { env: { NODE_ENV?: string } }

export const devMode = process.env.NODE_ENV !== 'production'
