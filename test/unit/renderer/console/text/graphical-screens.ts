// Graphical test screens for OCR: HTML pages (a desktop dialog, a browser-like page, a Chinese
// page) drawn by Debian's Chromium at 1280x800, with the text each shows, line by line.
import { PNG } from 'pngjs';
import type { Browser } from 'playwright-core';
import type { PixelImage } from '../../../../../src-renderer/console/text/pixel-image';

export interface GraphicalScreen {
  name: string;
  /** The text a reader sees, in reading order, one entry per line. */
  lines: string[];
  html: string;
}

const PAGE_STYLE = `body{margin:0;width:1280px;height:800px;overflow:hidden;font-family:'DejaVu Sans',sans-serif}`;

function dialog(): GraphicalScreen {
  const lines = [
    'System Properties',
    'Computer Name Hardware Advanced Remote',
    'You must be logged on as an Administrator to make most of these changes.',
    'Performance',
    'Visual effects, processor scheduling, memory usage, and virtual memory',
    'User Profiles',
    'Desktop settings related to your sign-in',
    'Startup and Recovery',
    'System startup, system failure, and debugging information',
    'OK Cancel Apply',
  ];
  const html = `<style>${PAGE_STYLE}
    body{background:#2d6a9f}
    .win{position:absolute;left:330px;top:120px;width:620px;background:#f0f0f0;border:1px solid #555;font-size:15px;color:#000}
    .title{background:#fff;padding:8px 12px;font-size:15px}
    .tabs{padding:8px 12px;border-bottom:1px solid #aaa}
    .tabs span{margin-right:18px}
    .body{padding:12px 16px}
    h3{font-size:15px;font-weight:bold;margin:16px 0 4px}
    p{margin:4px 0}
    .buttons{text-align:right;padding:12px}
    .buttons span{display:inline-block;border:1px solid #777;background:#e1e1e1;padding:4px 22px;margin-left:8px}
  </style>
  <div class="win"><div class="title">${lines[0]}</div>
  <div class="tabs"><span>Computer Name</span><span>Hardware</span><span>Advanced</span><span>Remote</span></div>
  <div class="body"><p>${lines[2]}</p>
  <h3>${lines[3]}</h3><p>${lines[4]}</p>
  <h3>${lines[5]}</h3><p>${lines[6]}</p>
  <h3>${lines[7]}</h3><p>${lines[8]}</p></div>
  <div class="buttons"><span>OK</span><span>Cancel</span><span>Apply</span></div></div>`;
  return { name: 'dialog', lines, html };
}

function browserPage(): GraphicalScreen {
  const paragraphs = [
    'Instances in ap-guangzhou are listed below with their state, address and type.',
    'Select an instance to open its console, or use the search box to filter by name.',
    'The console reconnects by itself when the link drops or the instance reboots.',
    'A one-time console URL is valid for fifteen seconds and works exactly once.',
    'Keys are kept in the system keychain and never leave this computer in plain text.',
  ];
  const rows = [
    ['web-01', 'RUNNING', '10.0.0.12', 'S5.MEDIUM4'],
    ['db-02', 'STOPPED', '10.0.0.31', 'M5.LARGE16'],
    ['cache-03', 'RUNNING', '10.0.1.7', 'SA2.SMALL2'],
  ];
  const lines = [
    'Cloud Virtual Machine - Instances',
    'Home Products Pricing Documentation Support',
    'Instance list',
    ...paragraphs,
    'Name State Private IP Type',
    ...rows.map((r) => r.join(' ')),
  ];
  const html = `<style>${PAGE_STYLE}
    body{background:#fff;color:#222;font-size:16px}
    .chrome{background:#dee1e6;height:40px;padding:10px 16px;box-sizing:border-box;font-size:14px}
    nav{background:#1f2937;color:#fff;padding:12px 24px}
    nav span{margin-right:28px}
    main{padding:16px 40px}
    h1{font-size:26px;margin:8px 0 12px}
    p{margin:6px 0;line-height:1.5}
    table{border-collapse:collapse;margin-top:16px}
    td,th{border:1px solid #ccc;padding:6px 18px;text-align:left}
  </style>
  <div class="chrome">${lines[0]}</div>
  <nav><span>Home</span><span>Products</span><span>Pricing</span><span>Documentation</span><span>Support</span></nav>
  <main><h1>${lines[2]}</h1>${paragraphs.map((p) => `<p>${p}</p>`).join('')}
  <table><tr><th>Name</th><th>State</th><th>Private IP</th><th>Type</th></tr>
  ${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</table></main>`;
  return { name: 'browser page', lines, html };
}

function chinesePage(): GraphicalScreen {
  const lines = [
    '云服务器实例列表',
    '选择一个实例以打开它的控制台。',
    '实例重启后控制台会自动重新连接。',
    '密钥保存在系统钥匙串中。',
  ];
  const html = `<style>${PAGE_STYLE}
    body{background:#fff;color:#111;font-size:22px;font-family:'WenQuanYi Zen Hei','Noto Sans CJK SC',sans-serif}
    main{padding:60px 80px} p{margin:14px 0}
  </style><main>${lines.map((l) => `<p>${l}</p>`).join('')}</main>`;
  return { name: 'chinese page', lines, html };
}

export const LATIN_GRAPHICAL_SCREENS: readonly GraphicalScreen[] = [dialog(), browserPage()];
export const CHINESE_GRAPHICAL_SCREEN: GraphicalScreen = chinesePage();

/** Draws the page in Chromium at 1280x800 and returns its pixels. */
export async function renderPage(browser: Browser, html: string): Promise<PixelImage> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  try {
    await page.setContent(html);
    const png = PNG.sync.read(await page.screenshot({ type: 'png' }));
    return {
      width: png.width,
      height: png.height,
      data: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.length),
    };
  } finally {
    await page.close();
  }
}
