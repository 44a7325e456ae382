// A strict reader for the SDKs' credentials file (INI): `[section]`, `name = value`, comments.
// Anything else is an error naming its line, so a damaged file is reported, not half-read.
import { keyed, type KeyedText } from '../common/keyed-text';
import { ENGLISH } from '../../i18n/translator';

export interface IniValue {
  value: string;
  line: number;
}

export interface IniSection {
  name: string;
  line: number;
  values: Map<string, IniValue>;
}

/** A line the parser cannot read; `reason` is a catalogue key (`profiles.importProblem.ini.*`). */
export class IniSyntaxError extends Error {
  constructor(
    readonly line: number,
    readonly reason: KeyedText,
  ) {
    super(`line ${line}: ${ENGLISH.word(reason) ?? reason.key}`);
    this.name = 'IniSyntaxError';
  }
}

const SECTION = /^\[([^\]]+)\]$/;
const SETTING = /^([A-Za-z0-9_.-]+)\s*[=:]\s*(.*)$/;

function unquote(value: string): string {
  const m = /^(["'])(.*)\1$/.exec(value);
  return m ? (m[2] as string) : value;
}

export function parseIni(text: string): IniSection[] {
  const sections: IniSection[] = [];
  let current: IniSection | undefined;
  const lines = text.replace(/^\ufeff/, '').split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) continue;
    const section = SECTION.exec(trimmed);
    if (section) {
      const name = (section[1] as string).trim();
      const earlier = sections.find((s) => s.name === name);
      if (name === '') throw new IniSyntaxError(line, keyed('profiles.importProblem.ini.noName'));
      if (earlier)
        throw new IniSyntaxError(
          line,
          keyed('profiles.importProblem.ini.sectionAgain', { name, line: earlier.line }),
        );
      current = { name, line, values: new Map() };
      sections.push(current);
      continue;
    }
    const setting = SETTING.exec(trimmed);
    if (!setting) throw new IniSyntaxError(line, keyed('profiles.importProblem.ini.notASetting'));
    if (!current) throw new IniSyntaxError(line, keyed('profiles.importProblem.ini.noSection'));
    const key = (setting[1] as string).toLowerCase();
    const earlier = current.values.get(key);
    if (earlier)
      throw new IniSyntaxError(
        line,
        keyed('profiles.importProblem.ini.settingAgain', { name: key, line: earlier.line }),
      );
    current.values.set(key, { value: unquote((setting[2] as string).trim()), line });
  }
  return sections;
}
