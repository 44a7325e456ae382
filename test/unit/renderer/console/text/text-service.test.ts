// The text worker's service: frames feed each console's own transcript, search and export read it,
// and malformed requests get an error answer without touching anything.
import { describe, expect, it } from 'vitest';
import { TextService } from '../../../../../src-renderer/console/text/text-service';
import type { TextRequest } from '../../../../../src-renderer/console/text/text-service';
import { font, renderScreen } from './screens';

const screen = (lines: string[]) => renderScreen({ font: font('vga-8x16'), cols: 40, rows: 6, lines });

describe('TextService', () => {
  it('keeps one transcript per console from its frames, searchable and exportable', async () => {
    const service = new TextService();
    const frame = (consoleId: string, lines: string[], time: number) =>
      service.handle({ id: time, type: 'frame', consoleId, image: screen(lines), time });
    expect(await frame('a', ['boot: one', 'boot: two'], 1)).toEqual({
      id: 1,
      ok: true,
      result: { mode: 'cells', appended: 2, edited: 0, lines: 2 },
    });
    await frame('a', ['boot: one', 'boot: two', 'login:'], 2);
    await frame('b', ['other console'], 3);
    const found = await service.handle({ id: 4, type: 'search', consoleId: 'a', query: 'BOOT' });
    expect(found.ok && found.result).toEqual([
      { index: 0, text: 'boot: one', time: 1 },
      { index: 1, text: 'boot: two', time: 1 },
    ]);
    const exported = await service.handle({ id: 5, type: 'export', consoleId: 'a', timestamps: true });
    expect(exported).toMatchObject({
      ok: true,
      result: expect.stringContaining('1970-01-01T00:00:00.002Z  login:'),
    });
    await service.handle({ id: 6, type: 'forget', consoleId: 'a' });
    expect(await service.handle({ id: 7, type: 'export', consoleId: 'a', timestamps: false })).toMatchObject({
      result: '',
    });
    expect(await service.handle({ id: 8, type: 'export', consoleId: 'b', timestamps: false })).toMatchObject({
      result: 'other console\n',
    });
  });

  it('takes a blank screen for a clear, except as the first frame after a (re)connection', async () => {
    const service = new TextService();
    const lines = ['boot: one', 'login:'];
    const frame = (consoleId: string, shown: string[], time: number, connected?: boolean) =>
      service.handle({ id: time, type: 'frame', consoleId, image: screen(shown), time, connected });
    for (const id of ['cleared', 'reconnected']) {
      await frame(id, lines, 1, true);
      await frame(id, [], 2, id === 'reconnected');
      await frame(id, lines, 3);
    }
    const text = async (consoleId: string) =>
      (await service.handle({ id: 9, type: 'export', consoleId, timestamps: false })) as { result: string };
    expect((await text('cleared')).result).toBe('boot: one\nlogin:\nboot: one\nlogin:\n');
    expect((await text('reconnected')).result).toBe('boot: one\nlogin:\n');
  });

  it('warms OCR up when asked (a selection is starting), and answers without an OCR engine too', async () => {
    let warmed = 0;
    const ocr = {
      recognize: () => Promise.reject(new Error('not used')),
      warmUp: async () => void warmed++,
      terminate: async () => {},
    };
    expect(await new TextService(ocr).handle({ id: 1, type: 'warm', consoleId: 'ocr' })).toEqual({
      id: 1,
      ok: true,
      result: null,
    });
    expect(warmed).toBe(1);
    expect(await new TextService().handle({ id: 2, type: 'warm', consoleId: 'ocr' })).toMatchObject({
      ok: true,
    });
  });

  it('answers copy-text requests for a rectangle', async () => {
    const service = new TextService();
    const image = screen(['alpha beta', 'gamma delta']);
    const r = await service.handle({
      id: 1,
      type: 'recognize',
      consoleId: 'a',
      image,
      rect: { x: 48, y: 0, w: 40, h: 32 },
    });
    expect(r).toMatchObject({ ok: true, result: { mode: 'cells', text: 'beta\ndelta' } });
  });

  it('refuses malformed requests with an error answer', async () => {
    const service = new TextService();
    const bad = [
      { id: 1, type: 'frame', consoleId: '', image: screen(['x']), time: 1 },
      {
        id: 2,
        type: 'frame',
        consoleId: 'a',
        image: { width: 2, height: 2, data: new Uint8Array(3) },
        time: 1,
      },
      { id: 3, type: 'recognize', consoleId: 'a', image: screen(['x']), rect: { x: 0, y: 0, w: -1, h: 5 } },
      { id: 4, type: 'search', consoleId: 'a', query: 'x'.repeat(5000) },
      { id: 5, type: 'launch', consoleId: 'a' },
      { id: 6, type: 'frame', consoleId: 'a', image: screen(['x']), time: 1, connected: 'yes' },
    ] as unknown as TextRequest[];
    for (const request of bad) {
      const answer = await service.handle(request);
      expect(answer.ok, JSON.stringify(answer)).toBe(false);
      expect(answer.id).toBe(request.id);
    }
  });
});
