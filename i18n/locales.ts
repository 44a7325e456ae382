// The app's languages and how one is chosen: the user's setting, else the first of the OS's
// preferred languages the app has, else English. Pure: main and the renderer both use it.

export const LOCALES = ['en', 'zh-CN', 'ko'] as const;
export type Locale = (typeof LOCALES)[number];

/** The language setting: follow the OS, or one of the app's languages. */
export const LANGUAGE_SETTINGS = ['system', ...LOCALES] as const;
export type LanguageSetting = (typeof LANGUAGE_SETTINGS)[number];

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** The app's language for one BCP 47 tag, if it has one: zh-CN, zh-Hans-*, zh-SG → zh-CN; ko-* → ko; en-* → en. */
export function matchLocale(tag: string): Locale | undefined {
  const parts = tag.replace(/_/g, '-').toLowerCase().split('-');
  const [language] = parts;
  if (language === 'en') return 'en';
  if (language === 'ko') return 'ko';
  // Simplified Chinese only: Traditional (zh-TW, zh-HK, zh-Hant) readers are better served by English
  // than by characters they do not use.
  if (language === 'zh') {
    const rest = parts.slice(1);
    if (rest.includes('hant') || rest.includes('tw') || rest.includes('hk') || rest.includes('mo')) {
      return undefined;
    }
    return 'zh-CN';
  }
  return undefined;
}

/** The OS's preferred languages (most preferred first) → the app's language; English if none fits. */
export function systemLocale(preferred: readonly string[]): Locale {
  for (const tag of preferred) {
    const match = matchLocale(tag);
    if (match) return match;
  }
  return 'en';
}

/** The language the app shows: the setting, or the OS's when it says `system`. */
export function resolveLocale(setting: LanguageSetting, osLocale: Locale): Locale {
  return setting === 'system' ? osLocale : setting;
}

/**
 * The X-TC-Language Tencent Cloud API calls send, so that Tencent's own messages and names
 * (DescribeRegions' RegionName) follow the app. Tencent accepts only zh-CN and en-US there
 * (reference §1: "X-TC-Language: zh-CN | en-US"), so Korean asks for English.
 */
export function tencentLanguage(locale: Locale): 'zh-CN' | 'en-US' {
  return locale === 'zh-CN' ? 'zh-CN' : 'en-US';
}
