import { languages, setLanguage, useLanguage } from './language.ts'
import { shopText } from './shopText.ts'

/** One button per language, each named in its own language (and marked so), the current one pressed. */
export function LanguageSwitch() {
  const current = useLanguage()
  return (
    <fieldset className="language-switch">
      <legend className="visually-hidden">{shopText[current].languageLabel}</legend>
      {languages.map((language) => (
        <button
          key={language}
          type="button"
          lang={language}
          aria-pressed={language === current}
          onClick={() => setLanguage(language)}
        >
          {shopText[language].languageName}
        </button>
      ))}
    </fieldset>
  )
}
