// A profiles-file notice in the window's language, worded from its code, file and reason (the
// reason is main's technical detail, kept as said); a code this window does not know shows main's
// English message.
import type { StoreNotice } from '../../src-main/contract';
import { t } from '../lib/translate';

export function noticeText(notice: StoreNotice): string {
  const { file, reason } = notice;
  switch (notice.code) {
    case 'ProfilesFileNewer':
      return t('profiles.notice.newer', { file, version: reason });
    case 'ProfilesFileStuck':
      return t('profiles.notice.stuck', { file, reason });
    case 'ProfilesFileCorrupt':
      // The name it was kept under, in the same folder (Windows or POSIX separators).
      if (notice.movedTo === undefined) break;
      return t('profiles.notice.corrupt', { file, reason, aside: notice.movedTo.split(/[\\/]/).pop() ?? '' });
  }
  return notice.message;
}
