// The kit's errors say how to fix an integration, at length. Shoppers never read those texts, so
// production builds leave them out: every bundler replaces `process.env.NODE_ENV` (React itself
// relies on it), which makes `devMode` a constant there and the long texts dead code. Tests, SSR
// and development builds keep them.
declare const process: { env: { NODE_ENV?: string } }

export const devMode = process.env.NODE_ENV !== 'production'
