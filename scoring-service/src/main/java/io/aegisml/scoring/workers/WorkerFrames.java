package io.aegisml.scoring.workers;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * The framing between scoring-service and a worker, one request at a time per connection (big-endian):
 * a request is {@code u32 length} and the body as received; an answer is {@code u8 outcome}, {@code u32 length}
 * and the payload — outcome 0 JSON, 1 raw bytes, 2 "run() raised" (the exception's last line; the traceback
 * goes to the worker's stderr, which is the deployment's log). A request of length {@link #PING} and no body is the
 * liveness probe, which the worker answers itself. The worker's side is {@code worker/aegis_worker.py}.
 */
final class WorkerFrames {

    enum Outcome { JSON, BYTES, RAISED }

    record Answer(Outcome outcome, byte[] payload) {
    }

    /** Thrown when a worker's answer is not one this protocol allows: the worker is not trusted to frame well. */
    static final class Malformed extends IOException {
        Malformed(String message) {
            super(message);
        }
    }

    private WorkerFrames() {
    }

    /** The liveness probe's request: a length no body has, answered by the worker itself. */
    static final int PING = 0xFFFFFFFF;

    static void ping(SocketChannel channel) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(4).putInt(0, PING);
        while (header.hasRemaining()) {
            channel.write(header);
        }
    }

    static void writeRequest(SocketChannel channel, byte[] body) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(4).putInt(0, body.length);
        ByteBuffer[] frame = {header, ByteBuffer.wrap(body)};
        while (frame[1].hasRemaining()) {
            channel.write(frame);
        }
    }

    /** {@code maxBytes}: a worker's answer is its code's to make up; past this it is refused, not read. */
    static Answer readAnswer(SocketChannel channel, int maxBytes) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(5);
        readFully(channel, header);
        int outcome = header.get(0);
        int length = header.getInt(1);
        if (outcome < 0 || outcome >= Outcome.values().length) {
            throw new Malformed("the worker answered an unknown outcome " + outcome);
        }
        if (length < 0 || length > maxBytes) {
            throw new Malformed("the worker's answer is larger than " + maxBytes + " bytes");
        }
        // Filled as the bytes arrive, never set aside at the length the worker claims: a worker that announces 16 MB
        // and sends nothing costs a chunk, not 16 MB, for each request it holds.
        java.io.ByteArrayOutputStream payload = new java.io.ByteArrayOutputStream(Math.min(length, 64 * 1024));
        ByteBuffer chunk = ByteBuffer.allocate(Math.min(length, 64 * 1024));
        int left = length;
        while (left > 0) {
            chunk.clear().limit(Math.min(left, chunk.capacity()));
            readFully(channel, chunk);
            payload.write(chunk.array(), 0, chunk.limit());
            left -= chunk.limit();
        }
        return new Answer(Outcome.values()[outcome], payload.toByteArray());
    }

    private static void readFully(SocketChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new EOFException("the worker closed the connection");
            }
        }
    }
}
