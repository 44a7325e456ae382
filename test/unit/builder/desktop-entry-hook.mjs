// An electron-builder afterPack hook for package-layout.test.ts. A `linux dir` build installs no
// .desktop file (deb and AppImage do, but need tools CI cannot download), so this writes the entry
// those targets would install, computed by electron-builder's own LinuxTargetHelper from this very
// packaging run's configuration: dist/linux-desktop-entry.txt.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { LinuxTargetHelper } from 'app-builder-lib/out/targets/LinuxTargetHelper.js';

export default async function writeDesktopEntry(context) {
  const { packager } = context;
  // What the deb target passes: the linux section with the deb section over it.
  const options = { ...packager.platformSpecificBuildOptions, ...(packager.config.deb ?? {}) };
  const entry = await new LinuxTargetHelper(packager).computeDesktopEntry(options);
  await writeFile(path.join(context.outDir, 'linux-desktop-entry.txt'), entry);
}
