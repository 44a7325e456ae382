// The tray menu as a template, built by a pure function from what the app knows: favourite and
// recent instances, the running instances of the default profile (from the inventory cache), the
// open consoles and their states, and the profiles. Clicking an instance opens its console.
// The menu stays short whatever the inventory holds (1,000 instances or more): each section is
// capped and ends in "N more…", which opens quick connect.
import type { MenuItemConstructorOptions } from 'electron';
import { TRAY_INSTANCE_COUNT_MAX, type InstanceRef } from '../contract';
import { instanceStateKey } from '../../i18n/instance-states';
import { ENGLISH, type Translate } from '../../i18n/translator';

/** One instance as the tray shows it; the inventory cache and the favourites map into this. */
export interface TrayInstance {
  profileId: string;
  region: string;
  instanceId: string;
  name: string;
  /** RUNNING, STOPPED, STARTING, … as the cloud said; anything else shows as unknown. */
  state: string;
  favourite?: boolean;
  /** Epoch ms the console was last opened: a recent instance. */
  openedAt?: number;
}

/** An open console and its reconnect phase (connecting, connected, reconnecting, waiting-instance, failed, …). */
export interface OpenConsole {
  ref: InstanceRef;
  phase: string;
}

export interface TrayProfile {
  id: string;
  name: string;
}

export interface TrayMenuInput {
  /** Every instance the tray may show: marked ones of any profile, cached ones of the profiles listed. */
  instances: readonly TrayInstance[];
  profiles: readonly TrayProfile[];
  /** Whose running instances lead the menu (the default or last used profile). */
  defaultProfileId?: string;
  consoles: readonly OpenConsole[];
  /** The setting trayInstanceCount: running instances listed per profile. */
  maxRunning: number;
  platform: string;
}

export interface TrayActions {
  openConsole(ref: InstanceRef, title: string): void;
  /** Opens the quick-connect palette, scoped to one profile when given. */
  quickConnect(profileId?: string): void;
  showWindow(): void;
  quit(): void;
}

export const MAX_FAVOURITES = 10;
export const MAX_RECENTS = 5;
export const MAX_PROFILE_SUBMENUS = 20;
const MAX_NAME = 48;

const RUNNING = new Set(['RUNNING']);
const STOPPED = new Set(['STOPPED', 'SHUTDOWN']);
const MOVING = new Set(['PENDING', 'STARTING', 'STOPPING', 'REBOOTING', 'TERMINATING']);

/** A glyph that reads at menu size on every platform: running, stopped, moving, anything else. */
export function stateMark(state: string): string {
  if (RUNNING.has(state)) return '●';
  if (STOPPED.has(state)) return '○';
  if (MOVING.has(state)) return '◐';
  return '◌';
}

/** Phases in which the console is getting back on its own. */
const RECOVERING = new Set(['reconnecting', 'waiting-instance', 'offline', 'connecting']);
/** Phases in which the console has given up. */
const LOST = new Set(['failed', 'gone', 'auth-problem', 'stopped', 'cancelled', 'idle']);

function consoleNote(phase: string | undefined, t: Translate): string {
  if (phase === undefined) return '';
  if (phase === 'connected') return t('tray.note.open');
  if (RECOVERING.has(phase))
    return phase === 'connecting' ? t('tray.note.connecting') : t('tray.note.reconnecting');
  if (LOST.has(phase)) return t('tray.note.lost');
  return t('tray.note.open');
}

// Controls, bidi overrides and other invisible formatting would let a name disguise itself.
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

/**
 * A name from the cloud made safe for a menu: no control or bidi characters, one line, bounded,
 * and `&` doubled where the platform reads it as a keyboard mnemonic (Windows and Linux).
 */
export function menuText(text: string, platform: string, max = MAX_NAME): string {
  let clean = text.replace(INVISIBLE, ' ').replace(/\s+/g, ' ').trim();
  if (clean.length > max) clean = `${clean.slice(0, max - 1)}…`;
  return platform === 'darwin' ? clean : clean.replace(/&/g, '&&');
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
const byName = (a: TrayInstance, b: TrayInstance) =>
  collator.compare(a.name || a.instanceId, b.name || b.instanceId) ||
  (a.instanceId < b.instanceId ? -1 : a.instanceId > b.instanceId ? 1 : 0);

function refOf(i: TrayInstance): InstanceRef {
  return { profileId: i.profileId, region: i.region, instanceId: i.instanceId };
}

const keyOf = (ref: InstanceRef) => `${ref.profileId}/${ref.region}/${ref.instanceId}`;

/** `● web-1 · ap-guangzhou · running — reconnecting` */
export function instanceLabel(
  i: TrayInstance,
  phase: string | undefined,
  platform: string,
  t: Translate = ENGLISH.t,
): string {
  const name = menuText(i.name || i.instanceId, platform);
  const state = t(instanceStateKey(i.state));
  return `${stateMark(i.state)} ${name} · ${i.region} · ${state}${consoleNote(phase, t)}`;
}

function header(label: string): MenuItemConstructorOptions {
  return { label, enabled: false };
}

/** The tooltip: how many consoles are open, and how many are getting back. */
export function trayTooltip(consoles: readonly OpenConsole[], t: Translate = ENGLISH.t): string {
  if (consoles.length === 0) return 'CVM Console';
  const recovering = consoles.filter((c) => RECOVERING.has(c.phase) && c.phase !== 'connecting').length;
  const open = t('tray.consolesOpen', { count: consoles.length });
  return recovering > 0 ? t('tray.reconnecting', { open, count: recovering }) : open;
}

/** The menu, in the language of `t` (main's translator; English by default). */
export function trayMenuTemplate(
  input: TrayMenuInput,
  actions: TrayActions,
  t: Translate = ENGLISH.t,
): MenuItemConstructorOptions[] {
  const { platform } = input;
  const maxRunning = Math.max(0, Math.min(TRAY_INSTANCE_COUNT_MAX, Math.floor(input.maxRunning) || 0));
  const phases = new Map(input.consoles.map((c) => [keyOf(c.ref), c.phase]));
  const profileName = new Map(input.profiles.map((p) => [p.id, p.name]));

  const item = (section: string, i: TrayInstance): MenuItemConstructorOptions => {
    const ref = refOf(i);
    return {
      id: `${section}:${keyOf(ref)}`,
      label: instanceLabel(i, phases.get(keyOf(ref)), platform, t),
      click: () => actions.openConsole(ref, i.name || i.instanceId),
    };
  };
  const more = (hidden: number, profileId?: string): MenuItemConstructorOptions => ({
    label: t('tray.more', { count: hidden }),
    click: () => actions.quickConnect(profileId),
  });

  const shown = new Set<string>();
  const favourites = input.instances.filter((i) => i.favourite).sort(byName);
  const recents = input.instances
    .filter((i) => i.openedAt !== undefined && !i.favourite)
    .sort((a, b) => b.openedAt! - a.openedAt! || byName(a, b));
  const running = (profileId: string) =>
    input.instances.filter((i) => i.profileId === profileId && RUNNING.has(i.state)).sort(byName);

  const template: MenuItemConstructorOptions[] = [];
  const section = (title: string, list: TrayInstance[], cap: number, id: string, profileId?: string) => {
    const fresh = list.filter((i) => !shown.has(keyOf(refOf(i))));
    if (fresh.length === 0 || cap === 0) return;
    template.push(header(title));
    for (const i of fresh.slice(0, cap)) {
      shown.add(keyOf(refOf(i)));
      template.push(item(id, i));
    }
    if (fresh.length > cap) template.push(more(fresh.length - cap, profileId));
  };
  section(t('tray.favourites'), favourites, MAX_FAVOURITES, 'favourite');
  section(t('tray.recent'), recents, MAX_RECENTS, 'recent');
  if (input.defaultProfileId !== undefined && profileName.has(input.defaultProfileId)) {
    const name = menuText(profileName.get(input.defaultProfileId)!, platform);
    section(
      t('tray.running', { profile: name }),
      running(input.defaultProfileId),
      maxRunning,
      'running',
      input.defaultProfileId,
    );
  }
  if (template.length === 0) {
    template.push(header(input.defaultProfileId ? t('tray.noRunning') : t('tray.noInstances')));
  }

  template.push(
    { type: 'separator' },
    { id: 'quick-connect', label: t('tray.quickConnect'), click: () => actions.quickConnect() },
  );

  const profiles = input.profiles.slice(0, MAX_PROFILE_SUBMENUS);
  if (profiles.length > 0) template.push({ type: 'separator' });
  for (const profile of profiles) {
    const list = running(profile.id);
    const name = menuText(profile.name, platform);
    const submenu: MenuItemConstructorOptions[] = list.length === 0 ? [header(t('tray.noRunning'))] : [];
    for (const i of list.slice(0, maxRunning)) submenu.push(item(`profile-${profile.id}`, i));
    if (list.length > maxRunning) submenu.push(more(list.length - maxRunning, profile.id));
    submenu.push(
      { type: 'separator' },
      { label: t('tray.quickConnectIn', { profile: name }), click: () => actions.quickConnect(profile.id) },
    );
    template.push({ id: `profile:${profile.id}`, label: name, submenu });
  }
  if (input.profiles.length > profiles.length) {
    template.push(header(t('tray.moreProfiles', { count: input.profiles.length - profiles.length })));
  }

  template.push(
    { type: 'separator' },
    { id: 'show', label: t('tray.show'), click: () => actions.showWindow() },
    { id: 'quit', label: t('tray.quit'), click: () => actions.quit() },
  );
  return template;
}
