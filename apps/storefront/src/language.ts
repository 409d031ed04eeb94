import { useSyncExternalStore } from 'react'

// The shop's language, kept in localStorage: it has to survive the trip to a gateway's page and
// back, which a React state would not, and no payment data is involved.

export type Language = 'en' | 'zh-CN'

export const languages: readonly Language[] = ['en', 'zh-CN']

const storageKey = 'storefront-language'
const listeners = new Set<() => void>()

function readLanguage(): Language {
  try {
    const saved = window.localStorage.getItem(storageKey)
    if (saved === 'en' || saved === 'zh-CN') return saved
  } catch {
    // Storage refused (privacy mode): the browser's language below.
  }
  return window.navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en'
}

let current: Language | undefined

/** The language now, for code outside React (error texts); components use `useLanguage`. */
export function currentLanguage(): Language {
  current ??= readLanguage()
  return current
}

export function setLanguage(language: Language) {
  current = language
  try {
    window.localStorage.setItem(storageKey, language)
  } catch {
    // Not kept for the next page load, but this page still switches.
  }
  for (const listener of listeners) listener()
}

function subscribe(listener: () => void) {
  listeners.add(listener)
  return () => {
    listeners.delete(listener)
  }
}

export function useLanguage(): Language {
  return useSyncExternalStore(subscribe, currentLanguage, () => 'en')
}
