/**
 * i18next set-up: Chinese (zh-CN) first, English one click away. The choice is remembered in
 * localStorage; dayjs follows the same language. All strings live in ./zh-CN.json and ./en.json
 * (zh-CN is the reference: en must have every key, checked at compile time below). Only zh-CN is
 * in the start-up code: en.json (120 kB) is its own chunk, loaded before the first render when
 * English was chosen (`i18nReady`, awaited by main.tsx) or when the operator switches to it.
 */
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import 'dayjs/locale/en';
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import zh from './zh-CN.json';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'qy.lang';

// en.json must carry every key of zh-CN.json (a missing key fails `npm run typecheck:web`).
const enHasEveryKey = (en: typeof import('./en.json')): typeof zh => en;
void enHasEveryKey;

/** Adds a language's strings to i18next the first time it is used (zh-CN is always there). */
let englishLoading: Promise<void> | undefined;
function loadStrings(lang: Language): Promise<void> {
  if (lang === 'zh-CN') return Promise.resolve();
  englishLoading ??= import('./en.json').then((module) => {
    i18n.addResourceBundle('en', 'translation', module.default, true, true);
  });
  return englishLoading;
}

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof zh };
  }
}

function storedLanguage(): Language {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    if (value && (LANGUAGES as readonly string[]).includes(value)) return value as Language;
  } catch {
    // storage unavailable (private mode): fall back to the default
  }
  return 'zh-CN';
}

function applyLanguage(lang: Language): void {
  dayjs.locale(lang === 'zh-CN' ? 'zh-cn' : 'en');
  document.documentElement.lang = lang;
}

const initial = storedLanguage();
applyLanguage(initial);

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zh } },
  partialBundledLanguages: true,
  lng: initial,
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
  returnNull: false,
});

/** Resolves when the strings of the language the console starts in are here (main.tsx renders then). */
export const i18nReady: Promise<void> = loadStrings(initial).catch(() => undefined);

export function currentLanguage(): Language {
  return (LANGUAGES as readonly string[]).includes(i18n.language) ? (i18n.language as Language) : 'zh-CN';
}

export async function setLanguage(lang: Language): Promise<void> {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // not remembered, still switched
  }
  await loadStrings(lang);
  applyLanguage(lang);
  await i18n.changeLanguage(lang);
}

export default i18n;
