// The demo Linux console's `dmesg`: a long, made-up but kernel-like boot log, the same every time,
// so a test or benchmark can compare what a viewer captured with what was printed.

/** How many lines `dmesg` prints. */
export const BOOT_LOG_LINES = 2000;
/**
 * The pace of `dmesg`: lines per tick and the tick. One tick is a 60 Hz screen refresh: a VNC viewer
 * gets the framebuffer as it is when it asks, never each intermediate state, so printing all 2,000
 * lines at once would show any viewer just the last screen. At 8 lines a refresh (500 lines/s, the
 * whole log in 4 s) the log scrolls too fast to read, as on a real console, yet each line stays on
 * screen for three refreshes.
 */
export const BOOT_LOG_LINES_PER_TICK = 8;
export const BOOT_LOG_TICK_MS = 16;

const MESSAGES = [
  'ACPI: PM-Timer IO Port: 0x608',
  'ACPI: Added _OSI(Module Device)',
  'PCI: Using configuration type 1 for base access',
  'clocksource: tsc-early: mask: 0xffffffffffffffff max_cycles: 0x1fa3704c1a4',
  'pci 0000:00:0{n}.0: [1af4:1000] type 00 class 0x020000',
  'virtio-pci 0000:00:0{n}.0: enabling device (0000 -> 0003)',
  'EXT4-fs (vda1): mounted filesystem with ordered data mode. Quota mode: none.',
  'systemd[1]: Started Journal Service.',
  'systemd[1]: Mounted Kernel Debug File System.',
  'systemd[1]: Starting Load Kernel Module {mod}...',
  'audit: type=1400 audit({t}:{n}): apparmor="STATUS" operation="profile_load"',
  'random: crng init done',
  'NET: Registered PF_INET{v} protocol family',
  'e1000: eth{n}: NIC Link is Up 1000 Mbps Full Duplex, Flow Control: RX',
  'IPv6: ADDRCONF(NETDEV_CHANGE): eth{n}: link becomes ready',
  "cloud-init[{pid}]: Cloud-init v. 23.1 running 'modules:config'",
  'usb {n}-1: new high-speed USB device number {n} using xhci_hcd',
  'input: QEMU Virtio Tablet as /devices/virtio{n}/input/input{n}',
  'memory: block {n}: {m} MB online, zone Normal',
  'blk_update_request: I/O error, dev vdb, sector {m} op 0x0:(READ)',
  'TCP: request_sock_TCP: Possible SYN flooding on port {port}. Sending cookies.',
  'kvm-clock: cpu {n}, msr {m}, secondary cpu clock',
  'smpboot: CPU {n} is now offline',
  'Freeing unused kernel image (initmem) memory: {m}K',
] as const;

const MODULES = ['configfs', 'drm', 'fuse', 'efi_pstore', 'dm_mod', 'loop', 'nf_tables', 'overlay'];

/** The log's lines, each starting with a kernel timestamp that only grows, so no two are alike. */
export function bootLog(count = BOOT_LOG_LINES): string[] {
  let seed = 0x9e3779b9;
  const next = (n: number): number => {
    seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return seed % n;
  };
  const lines: string[] = [];
  let micros = 0;
  for (let i = 0; i < count; i++) {
    micros += 37 + next(4000);
    const stamp = `[${(micros / 1e6).toFixed(6).padStart(12)}]`;
    const message = MESSAGES[next(MESSAGES.length)]!.replace(/\{(\w+)\}/g, (_, key: string) => {
      if (key === 'mod') return MODULES[next(MODULES.length)]!;
      if (key === 'v') return next(2) ? '6' : '';
      if (key === 't') return String(1700000000 + next(1000));
      if (key === 'pid') return String(300 + next(4000));
      if (key === 'port') return String(1024 + next(60000));
      if (key === 'm') return String(next(1 << 20));
      return String(next(8));
    });
    lines.push(`${stamp} ${message}`.slice(0, 78));
  }
  return lines;
}
