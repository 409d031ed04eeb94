interface ImportMetaEnv {
  /** The gateway emulator's origin, defined by server/start.ts. */
  readonly CHECKOUT_KIT_GATEWAY_ORIGIN: string
}

interface ImportMeta {
  readonly env: ImportMetaEnv
}
