/** An instance state's colour: green running, grey at rest, red gone or failed, amber moving. */
export function stateTone(state: string): 'ok' | 'idle' | 'bad' | 'busy' {
  return state === 'RUNNING'
    ? 'ok'
    : state === 'STOPPED' || state === 'SHUTDOWN'
      ? 'idle'
      : state === 'TERMINATING' || state === 'LAUNCH_FAILED' || state === 'TERMINATED'
        ? 'bad'
        : 'busy';
}
