// The kit's default look, kept small and easy to override: every rule sits in `:where()` (zero
// specificity, so any merchant selector wins) and reads `--ck-*` custom properties with fallbacks,
// so setting `--ck-color-accent` on any ancestor (or `:root`) themes every component. One sheet
// per component, so a page ships only the rules it can use. Written one rule per line, without the
// spaces CSS does not need: the text ships as it is here, no CSS minifier sees it.
/**
 * Every component: the layout, the button, the status line and the alert. The focus ring is
 * solid, 6.7:1 on white (a translucent one fell under the 3:1 a focus indicator needs), and set
 * off from a blue button by a gap in the background colour.
 */
export const baseStyles = `
:where(.ck-root){display:grid;gap:var(--ck-gap,.875rem);max-width:var(--ck-max-width,28rem);font-family:var(--ck-font,system-ui,-apple-system,'Segoe UI',Roboto,'PingFang SC','Microsoft YaHei',sans-serif);font-size:var(--ck-font-size,1rem);line-height:1.4;color:var(--ck-color-text,#1f2933)}
:where(.ck-root) *,:where(.ck-root) ::before,:where(.ck-root) ::after{box-sizing:border-box}
:where(.ck-input):focus-visible,:where(.ck-button):focus-visible,:where(.ck-link):focus-visible{outline:none;box-shadow:0 0 0 2px var(--ck-color-background,#fff),0 0 0 4px var(--ck-color-focus,#1d4ed8)}
:where(.ck-button){display:inline-flex;align-items:center;justify-content:center;gap:.5em;width:100%;padding:.75em 1em;font:inherit;font-weight:600;color:var(--ck-color-accent-text,#fff);background:var(--ck-color-accent,#2563eb);border:0;border-radius:var(--ck-radius,.5rem);cursor:pointer}
:where(.ck-button):hover{filter:brightness(1.08)}
:where(.ck-button):disabled,:where(.ck-button)[aria-disabled=true]{cursor:not-allowed;opacity:.6;filter:none}
:where(.ck-button)[aria-busy=true]{cursor:progress}
:where(.ck-button)[aria-busy=true]::before{content:'';width:1em;height:1em;border:2px solid currentColor;border-right-color:transparent;border-radius:50%;animation:ck-spin .8s linear infinite}
@media (prefers-reduced-motion:reduce){:where(.ck-button)[aria-busy=true]::before{animation:none}}
@keyframes ck-spin{to{transform:rotate(360deg)}}
:where(.ck-status){margin:0;color:var(--ck-color-muted,#5f6b7a)}
:where(.ck-alert){margin:0;padding:.65em .75em;color:var(--ck-color-danger,#c0262d);background:var(--ck-color-danger-background,#fdecec);border-radius:var(--ck-radius,.5rem)}
:where(.ck-root)[data-state=succeeded] :where(.ck-status){color:var(--ck-color-success,#1a7f37)}
:where(.ck-container):empty{display:none}
`

/**
 * `<CardPayment>`: the fields. `.ck-field` aligns its content to the start: a field stretched to
 * its taller neighbour in a row (a longer hint) would otherwise spread the extra height over its
 * rows, and its input would sit lower than the neighbour's.
 */
export const cardStyles = `
:where(.ck-row){display:grid;grid-template-columns:1fr 1fr;gap:var(--ck-gap,.875rem)}
:where(.ck-field){display:grid;gap:.3rem;align-content:start}
:where(.ck-label){font-weight:600;font-size:.9em}
:where(.ck-input){width:100%;padding:.65em .75em;font:inherit;color:inherit;background:var(--ck-color-background,#fff);border:1px solid var(--ck-color-border,#c4cdd5);border-radius:var(--ck-radius,.5rem);transition:border-color .12s,box-shadow .12s}
:where(.ck-input)[aria-invalid=true]{border-color:var(--ck-color-danger,#c0262d)}
:where(.ck-hint){font-size:.85em;color:var(--ck-color-muted,#5f6b7a)}
:where(.ck-field-error){font-size:.85em;color:var(--ck-color-danger,#c0262d)}
`

/** `<LocalPayment>`: the QR code and its countdown. */
export const qrStyles = `
:where(.ck-qr){display:grid;justify-items:center;gap:.5rem;text-align:center}
:where(.ck-qr) svg,:where(.ck-qr) img{width:var(--ck-qr-size,12rem);height:var(--ck-qr-size,12rem);padding:.5rem;background:#fff;border:1px solid var(--ck-color-border,#c4cdd5);border-radius:var(--ck-radius,.5rem)}
:where(.ck-countdown){font-variant-numeric:tabular-nums;color:var(--ck-color-muted,#5f6b7a)}
:where(.ck-link){color:var(--ck-color-accent,#2563eb);border-radius:2px}
`

/** `<PaymentResult>`. */
export const resultStyles = `
:where(.ck-result-title){margin:0;font-size:1.25em}
:where(.ck-result)[data-state=succeeded] :where(.ck-result-title){color:var(--ck-color-success,#1a7f37)}
:where(.ck-result)[data-state=failed] :where(.ck-result-title),:where(.ck-result)[data-state=expired] :where(.ck-result-title){color:var(--ck-color-danger,#c0262d)}
:where(.ck-result-detail){margin:0}
`
