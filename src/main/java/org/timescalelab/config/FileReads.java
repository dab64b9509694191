package org.timescalelab.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Every file the app reads, read the one bounded way: a regular file (a FIFO would block the open,
 * {@code /dev/zero} or a link to it would never end), at most a stated number of bytes (a damaged or
 * hostile file cannot exhaust the heap), and text as strict UTF-8 with the file named when it is not
 * (the JDK's own message is "Input length = 1"). Links are followed to a regular file: reading
 * through a link touches nothing; deletion never follows one (see the run directory's cleaning).
 */
public final class FileReads {

    /** Cap of a small JSON document: a config, a sweep spec, a checkpoint's state, preferences. */
    public static final long JSON = 1L << 20;
    /** Cap of a CSV history or table (a million metrics rows of about 200 bytes fit). */
    public static final long TABLE = 256L << 20;
    /** Cap of one array file (a Java array's reach). */
    public static final long ARRAY = Integer.MAX_VALUE - 64L;

    private FileReads() {
    }

    /** The bytes of a regular file of at most {@code maxBytes}, or an IOException naming it. */
    public static byte[] bytes(Path file, long maxBytes) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + (Files.exists(file) ? " is not a regular file" : " does not exist"));
        }
        try (SeekableByteChannel ch = Files.newByteChannel(file)) {
            long size = ch.size();
            if (size > maxBytes) {
                throw new IOException(file + " is " + megabytes(size) + ", more than the " + megabytes(maxBytes)
                        + " such a file can hold: not a file of this app, or damaged");
            }
            ByteBuffer buf = ByteBuffer.allocate((int) size);
            int n;
            do {
                n = ch.read(buf);
            } while (n >= 0 && buf.hasRemaining());
            if (ch.read(ByteBuffer.allocate(1)) > 0) {
                throw new IOException(file + " grew while it was read: written by another program?");
            }
            byte[] out = new byte[buf.position()];
            buf.flip();
            buf.get(out);
            return out;
        }
    }

    /** The text of a regular UTF-8 file of at most {@code maxBytes}, or an IOException naming it. */
    public static String text(Path file, long maxBytes) throws IOException {
        byte[] b = bytes(file, maxBytes);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw new IOException(file + " is not UTF-8 text (a binary or damaged file)");
        }
    }

    private static String megabytes(long bytes) {
        return bytes < 1L << 20 ? (bytes + 1023) / 1024 + " KiB" : String.format("%.0f MiB", bytes / 1048576.0);
    }
}
