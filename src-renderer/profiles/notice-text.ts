// A profiles-file notice in the window's language, worded from its code, file and reason (keyed:
// `profiles.notice.reason.*`); a code this window does not know shows main's English message.
import type { StoreNotice } from '../../src-main/contract';
import { t, wordText } from '../lib/translate';

export function noticeText(notice: StoreNotice): string {
  const { file } = notice;
  const reason = (notice.reasonText ? wordText(notice.reasonText) : undefined) ?? notice.reason;
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
