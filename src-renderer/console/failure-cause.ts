// Why a console keeps failing, in plain words: the cause an operator can act on, named from the
// error's kind and code (and the gateway's HTTP status when main saw the refused handshake). The
// raw API text and code are not repeated here: the overlay shows them under "Details".
import type { ErrorEnvelope } from '../../src-main/contract';
import { t } from '../lib/translate';

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
      cause: t('failure.gatewayToken', { status }),
      advice: t('failure.gatewayTokenAdvice'),
    };
  }
  if (status === 409) {
    return {
      cause: t('failure.gatewayNotRunning', { status }),
      advice: t('failure.gatewayNotRunningAdvice'),
    };
  }
  if (status === 429) {
    return {
      cause: t('failure.gatewayTooMany', { status }),
      advice: t('failure.gatewayTooManyAdvice'),
    };
  }
  return {
    cause: t('failure.gatewayRefused', { status }),
    advice: t('failure.gatewayRefusedAdvice'),
  };
}

export function failureCause(error: ErrorEnvelope | undefined, httpStatus?: number): FailureCause {
  if (httpStatus !== undefined && httpStatus !== 101) return gatewayCause(httpStatus);
  if (!error) return { cause: t('failure.notOpened'), advice: '' };
  const { kind, code } = error;
  switch (kind) {
    case 'auth':
      if (code === 'CredentialsExpired') {
        // The profile's own expiry, known before any call: the temporary key lapsed, nothing refused it.
        return {
          cause: t('failure.keyExpired'),
          advice: t('failure.keyExpiredAdvice'),
        };
      }
      if (/Token/i.test(code)) {
        return {
          cause: t('failure.token'),
          advice: t('failure.tokenAdvice'),
        };
      }
      return {
        cause: t('failure.keyRefused'),
        advice: t('failure.keyRefusedAdvice'),
      };
    case 'instance-transitional':
      return {
        cause: t('failure.busy'),
        advice: t('failure.busyAdvice'),
      };
    case 'instance-stopped':
      return {
        cause: t('failure.stopped'),
        advice: t('failure.stoppedAdvice'),
      };
    case 'instance-gone':
      return {
        cause: t('failure.gone'),
        advice: t('failure.goneAdvice'),
      };
    case 'throttled':
      if (code === 'ConsoleAttemptLimit') {
        return {
          cause: t('failure.attemptLimit'),
          advice: t('failure.attemptLimitAdvice'),
        };
      }
      return {
        cause: t('failure.throttled'),
        advice: t('failure.throttledAdvice'),
      };
    case 'clock':
      return {
        cause: t('failure.clock'),
        advice: t('failure.clockAdvice'),
      };
    case 'network':
      if (code === 'ConnectionClosed') {
        return {
          cause: t('failure.connectionClosed'),
          advice: t('failure.connectionClosedAdvice'),
        };
      }
      if (code === 'ConnectTimeout') {
        return {
          cause: t('failure.connectTimeout'),
          advice: t('failure.connectTimeoutAdvice'),
        };
      }
      return {
        cause: t('failure.network'),
        advice: t('failure.networkAdvice'),
      };
    case 'server':
      return {
        cause: t('failure.server'),
        advice: t('failure.serverAdvice'),
      };
    default:
      return { cause: t('failure.notOpened'), advice: '' };
  }
}
