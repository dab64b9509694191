package org.timescalelab.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Atomic file writes: the bytes go to a temporary file beside the target, which is then renamed
 * over it, so a reader (or a crash) never sees a half-written file. Stateless and thread-safe.
 */
public final class AtomicFiles {

    private AtomicFiles() {
    }

    /** Writes bytes atomically, creating parent directories. */
    public static void write(Path target, byte[] bytes) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(tmp,
                    java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
                java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    ch.write(buffer);
                }
                // On disk before the rename makes it visible: a crash never leaves a renamed, empty file.
                ch.force(true);
            }
            if (Files.getFileStore(tmp).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            }
            try {
                rename(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                rename(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            if (!Death.dead) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /**
     * Every rename of a run directory goes through here (the atomic writes and the checkpoint
     * swaps), so that a test can stop the process "dead" at any one of them: {@link Death}.
     */
    static void rename(Path from, Path to, java.nio.file.CopyOption... options) throws IOException {
        Death.atRename();
        Files.move(from, to, options);
    }

    /**
     * The in-process stand-in for {@code strace -e inject=rename:signal=SIGKILL:when=N}, for the
     * commit-protocol tests: armed with N, the N-th rename from then on, and every file operation
     * of this class after it, throws {@link Killed} instead of happening, so the disk is left as a
     * kill there would leave it (no clean-up of temporary files). Unarmed (the app), it counts
     * nothing. Single-threaded use only (the headless runs write on their calling thread).
     */
    static final class Death {

        private static int at;
        private static int renames;
        private static boolean dead;

        private Death() {
        }

        /** Dies at the {@code n}-th rename from now (0: never). */
        static void arm(int n) {
            at = n;
            renames = 0;
            dead = false;
        }

        /** The renames counted since {@link #arm}. */
        static int renames() {
            return renames;
        }

        private static void atRename() {
            if (at == 0 && !dead) {
                return;
            }
            if (dead || ++renames == at) {
                dead = true;
                throw new Killed();
            }
        }
    }

    /** What {@link Death} throws: not an exception anyone may handle. */
    static final class Killed extends Error {
        private static final long serialVersionUID = 1;

        Killed() {
            super("killed at a rename (test)");
        }
    }

    /** Writes UTF-8 text atomically. */
    public static void write(Path target, String text) throws IOException {
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }
}
