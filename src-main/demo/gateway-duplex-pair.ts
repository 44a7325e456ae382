// Two connected in-memory streams, so the gateway can hand the built-in VNC server a socket-like
// end without a TCP hop. (node:stream's duplexPair only arrives in Node 22.)
import { Duplex } from 'node:stream';

class PairEnd extends Duplex {
  peer: PairEnd | undefined;

  override _read(): void {
    // Data is pushed by the peer's writes.
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, done: (err?: Error | null) => void): void {
    if (!this.peer || this.peer.destroyed) return done(new Error('peer closed'));
    this.peer.push(chunk);
    done();
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
