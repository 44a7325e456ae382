// Favourite and recently opened instances, per profile, in one JSON file in the user-data folder.
// Kept in main (not in the renderer's storage) because the tray menu lists them too. Written
// atomically; a bad or other-version file is ignored with a warning and replaced at the next change.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { writeFileAtomic } from '../atomic-file';
import { instanceIdSchema, profileIdSchema, regionSchema, type ProfileMarks } from '../contract';

export const MARKS_VERSION = 1;
export const MAX_FAVOURITES = 500;
export const MAX_RECENTS = 20;
const MAX_FILE_BYTES = 4 * 1024 * 1024;

const markSchema = z.strictObject({ region: regionSchema, instanceId: instanceIdSchema });
const profileMarksSchema = z.strictObject({
  favourites: z.array(markSchema).max(MAX_FAVOURITES),
  recents: z
    .array(z.strictObject({ ...markSchema.shape, openedAt: z.number().int().nonnegative() }))
    .max(MAX_RECENTS),
});
const fileSchema = z.strictObject({
  version: z.literal(MARKS_VERSION),
  profiles: z.record(profileIdSchema, profileMarksSchema),
});

export interface MarkChange {
  profileId: string;
  region: string;
  instanceId: string;
  favourite?: boolean;
  /** The console was opened now: move it to the top of the recents. */
  opened?: true;
}

const empty = (): ProfileMarks => ({ favourites: [], recents: [] });

export class MarksStore {
  private profiles: Record<string, ProfileMarks> = {};
  /** Writes run one after the other, so an older state never lands after a newer one. */
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly file: string,
    private readonly warn: (message: string) => void = () => {},
    private readonly now: () => number = Date.now,
  ) {}

  async load(): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch {
      return;
    }
    if (text.length > MAX_FILE_BYTES) return this.warn('marks file ignored: too large');
    try {
      const parsed = fileSchema.safeParse(JSON.parse(text));
      if (parsed.success) this.profiles = parsed.data.profiles;
      else this.warn(`marks file ignored: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    } catch {
      this.warn('marks file ignored: not JSON');
    }
  }

  all(): Record<string, ProfileMarks> {
    return structuredClone(this.profiles);
  }

  get(profileId: string): ProfileMarks {
    return structuredClone(this.profiles[profileId] ?? empty());
  }

  async change(change: MarkChange): Promise<ProfileMarks> {
    const current = this.profiles[change.profileId] ?? empty();
    const same = (m: { region: string; instanceId: string }) =>
      m.region === change.region && m.instanceId === change.instanceId;
    const mark = { region: change.region, instanceId: change.instanceId };
    let favourites = current.favourites;
    if (change.favourite === true && !favourites.some(same)) {
      if (favourites.length >= MAX_FAVOURITES) throw new Error(`at most ${MAX_FAVOURITES} favourites`);
      favourites = [...favourites, mark];
    }
    if (change.favourite === false) favourites = favourites.filter((m) => !same(m));
    let recents = current.recents;
    if (change.opened) {
      recents = [{ ...mark, openedAt: this.now() }, ...recents.filter((m) => !same(m))].slice(0, MAX_RECENTS);
    }
    const next = { ...this.profiles, [change.profileId]: { favourites, recents } };
    const text = JSON.stringify(fileSchema.parse({ version: MARKS_VERSION, profiles: next }));
    this.profiles = next;
    const write = this.writing.then(() => writeFileAtomic(this.file, text));
    this.writing = write.catch(() => {});
    await write;
    return this.get(change.profileId);
  }
}
