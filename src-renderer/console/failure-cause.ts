// Why a console keeps failing, in plain words: the cause an operator can act on, named from the
// error's kind and code (and the gateway's HTTP status when main saw the refused handshake). The
// raw API text and code are not repeated here: the overlay shows them under "Details".
import type { ErrorEnvelope } from '../../src-main/contract';

export interface FailureCause {
  /** One sentence: what went wrong. */
  cause: string;
  /** One or two sentences: what usually helps. Empty when there is nothing to add. */
  advice: string;
}

/** A refused console WebSocket handshake, by the gateway's HTTP status. */
function gatewayCause(status: number): FailureCause {
  if (status === 401 || status === 403 || status === 410) {
    return {
      cause: `The console gateway refused the one-time token (HTTP ${status}): it had expired or was already used.`,
      advice:
        'Each attempt uses a fresh token. If this repeats, check that this computer’s clock is right and that no proxy holds the connection back.',
    };
  }
  if (status === 409) {
    return {
      cause: `The console gateway says the instance is not running (HTTP ${status}).`,
      advice: 'Check the instance’s state in the list; start it if it is stopped.',
    };
  }
  if (status === 429) {
    return {
      cause: `The console gateway refused: too many console connections to this instance (HTTP ${status}).`,
      advice: 'It allows 30 a minute; the console waits and tries again.',
    };
  }
  return {
    cause: `The console gateway refused the connection with HTTP ${status}.`,
    advice:
      'The gateway or the instance’s VNC service is unavailable. It usually comes back by itself; the web console may work meanwhile.',
  };
}

export function failureCause(error: ErrorEnvelope | undefined, httpStatus?: number): FailureCause {
  if (httpStatus !== undefined && httpStatus !== 101) return gatewayCause(httpStatus);
  if (!error) return { cause: 'The console could not be opened.', advice: '' };
  const { kind, code } = error;
  switch (kind) {
    case 'auth':
      if (/Token/i.test(code)) {
        return {
          cause: 'The temporary key’s token has expired or was refused.',
          advice: 'Temporary (STS) keys last a few hours: get a new one and update the key profile.',
        };
      }
      return {
        cause: 'Tencent Cloud refused the API key.',
        advice:
          'Check the key profile: the key may be disabled, expired or lack permission for this instance.',
      };
    case 'instance-transitional':
      return {
        cause: 'The instance is busy: it is starting, rebooting or in another operation.',
        advice: 'The console connects by itself once the instance is ready.',
      };
    case 'instance-stopped':
      return {
        cause: 'The instance is stopped.',
        advice: 'Start it, and the console connects once it runs.',
      };
    case 'instance-gone':
      return {
        cause: 'The instance no longer exists: it was terminated, or it is not in this region.',
        advice: 'Refresh the list to see its current state.',
      };
    case 'throttled':
      if (code === 'ConsoleAttemptLimit') {
        return {
          cause: 'Too many console attempts for this instance: at most 30 a minute.',
          advice: 'The console waits for the minute to pass, then tries again.',
        };
      }
      return {
        cause: 'Tencent Cloud is limiting this account’s API calls.',
        advice: 'The console tries again more slowly.',
      };
    case 'clock':
      return {
        cause: 'This computer’s clock differs from Tencent Cloud’s.',
        advice: 'Set the clock to update automatically.',
      };
    case 'network':
      if (code === 'ConnectionClosed') {
        return {
          cause: 'The console gateway closed the connection before the console was ready.',
          advice:
            'The gateway refused it or could not reach the instance. A firewall or proxy may block port 26789 to the gateway; the web console may work meanwhile.',
        };
      }
      if (code === 'ConnectTimeout') {
        return {
          cause: 'The console did not answer in time.',
          advice: 'The network may be slow or blocked towards the console gateway.',
        };
      }
      return {
        cause: 'Tencent Cloud’s API could not be reached.',
        advice: 'Check this computer’s network connection and proxy.',
      };
    case 'server':
      return {
        cause: 'Tencent Cloud answered with an error.',
        advice: 'It is usually temporary; the console tries again.',
      };
    default:
      return { cause: 'The console could not be opened.', advice: '' };
  }
}
