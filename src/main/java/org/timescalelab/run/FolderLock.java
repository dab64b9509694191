package org.timescalelab.run;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.timescalelab.config.FileReads;

/**
 * One writer per folder: an exclusive OS lock on {@value #NAME} inside a run directory, sweep
 * folder or comparison folder, held until closed. The operating system drops it when the process
 * ends, so a killed run never leaves a stale lock; the file itself stays (it is tiny, and removing
 * it while another process waits on it would let two processes hold "the" lock). The holder
 * writes its process id and command into the file, so a refusal names who is writing.
 * Not thread-safe; one holder per process per folder.
 */
public final class FolderLock implements Closeable {

    /** The lock file's name. */
    public static final String NAME = ".timescale-lab.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private FolderLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of an existing folder for {@code command} (written beside the process id).
     *
     * @throws IllegalArgumentException when another process (or another holder in this one) has it,
     *                                  naming that process and its command; nothing is changed
     */
    public static FolderLock take(Path folder, String command) throws IOException {
        Path file = folder.resolve(NAME);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new IllegalArgumentException(folder + " is in use by " + holder(file) + ": wait for it to finish or "
                    + "stop it first; nothing was changed");
        }
        FolderLock held = new FolderLock(channel, lock);
        try {
            byte[] me = (ProcessHandle.current().pid() + " " + command + "\n").getBytes(StandardCharsets.UTF_8);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(me), 0);
            channel.force(false);
        } catch (IOException e) {
            // A full disk: the lock is not left held by a holder nobody closes.
            held.release();
            throw e;
        }
        return held;
    }

    /** Takes and releases the lock at once: refuses a folder some process is writing. */
    public static void requireFree(Path folder, String command) throws IOException {
        take(folder, command).close();
    }

    /** Whether a file name is the lock's (a folder holding only it is still empty for the app's checks). */
    public static boolean isLockFile(Path p) {
        return p.getFileName().toString().equals(NAME);
    }

    private static String holder(Path file) {
        try {
            String[] s = FileReads.text(file, 256).strip().split(" ", 2);
            if (s.length == 2 && s[0].matches("\\d{1,19}")) {
                return "process " + s[0] + " (" + s[1] + ")";
            }
        } catch (IOException | RuntimeException e) {
            // The holder has the file open but has not written it yet: unnamed.
        }
        return "another process";
    }

    /**
     * {@link #close} for a holder that cannot act on a failure (a window's worker callback): the
     * failure is logged, and the process's end drops the lock in any case.
     */
    public void release() {
        try {
            close();
        } catch (IOException e) {
            System.getLogger(FolderLock.class.getName()).log(System.Logger.Level.WARNING, "cannot release a lock", e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }

    /** Whether a folder holds anything besides the lock file. */
    public static boolean holdsFiles(Path folder) throws IOException {
        try (var list = Files.list(folder)) {
            return list.anyMatch(p -> !isLockFile(p));
        }
    }
}
