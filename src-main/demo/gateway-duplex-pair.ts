// Two connected in-memory streams, so the gateway can hand the built-in VNC server a socket-like
// end without a TCP hop. (node:stream's duplexPair only arrives in Node 22.) Backpressure works as
// on a socket: a write is complete only once the other end's reader has room for it.
import { Duplex } from 'node:stream';

class PairEnd extends Duplex {
  peer: PairEnd | undefined;
  // The peer's write that is waiting for this end's reader to want more.
  private blockedWrite: (() => void) | undefined;

  override _read(): void {
    // Data is pushed by the peer's writes; asking for more releases a write that was held back.
    const release = this.blockedWrite;
    this.blockedWrite = undefined;
    release?.();
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, done: (err?: Error | null) => void): void {
    const peer = this.peer;
    if (!peer || peer.destroyed) return done(new Error('peer closed'));
    if (peer.push(chunk)) return done();
    // The peer's buffer is full: complete this write (and so let the next one in) when it drains.
    peer.blockedWrite = () => done();
  }

  override _final(done: (err?: Error | null) => void): void {
    this.peer?.push(null);
    done();
  }

  override _destroy(err: Error | null, done: (err?: Error | null) => void): void {
    // Like a socket: when one side goes away, the other side sees its connection close.
    if (this.peer && !this.peer.destroyed) this.peer.destroy();
    done(err);
  }
}

export function duplexPair(): [Duplex, Duplex] {
  const a = new PairEnd();
  const b = new PairEnd();
  a.peer = b;
  b.peer = a;
  return [a, b];
}
