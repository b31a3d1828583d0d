package org.gapbench.run;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.gapbench.config.ConfigException;
import org.gapbench.io.Json;

/**
 * A run's directory: {@code run.json} (identity), {@code samples.jsonl} (journal), {@code summary.json}.
 * Opening it for writing takes an exclusive lock, so two processes never append to one journal.
 */
public final class RunDirectory implements AutoCloseable {
    public static final String IDENTITY = "run.json";
    public static final String SAMPLES = "samples.jsonl";
    public static final String SUMMARY = "summary.json";

    private final Path dir;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private RunDirectory(Path dir, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Opens {@code dir} for a run with {@code identity}: creates it, or resumes it when its {@code run.json} has the
     * same fingerprint; a directory holding a different run is refused with what differs.
     */
    public static RunDirectory openForWriting(Path dir, RunIdentity identity) {
        try {
            Files.createDirectories(dir);
            FileChannel ch = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                ch.close();
                throw new ConfigException(dir + " is in use by another gapbench process");
            }
            RunDirectory rd = new RunDirectory(dir, ch, lock);
            Path idFile = dir.resolve(IDENTITY);
            if (Files.exists(idFile)) {
                RunIdentity existing = readIdentity(dir);
                boolean sameShard = existing.shard().equals(identity.shard());
                if (!existing.fingerprint().equals(identity.fingerprint()) || !sameShard) {
                    rd.close();
                    List<String> diff = identity.differencesFrom(existing);
                    if (!sameShard) {
                        diff = new java.util.ArrayList<>(diff);
                        diff.add("shard " + existing.shard() + " vs " + identity.shard());
                    }
                    throw new ConfigException(dir + " holds a different run (" + String.join("; ", diff)
                            + "): use another --out, or delete the directory to start over");
                }
            } else {
                Json.writePretty(idFile, identity);
            }
            return rd;
        } catch (IOException e) {
            throw new ConfigException("cannot use run directory " + dir + ": " + e.getMessage());
        }
    }

    public static RunIdentity readIdentity(Path dir) {
        Path f = dir.resolve(IDENTITY);
        if (!Files.isRegularFile(f)) {
            throw new ConfigException(dir + " is not a gapbench run directory (no " + IDENTITY + ")");
        }
        try {
            return Json.MAPPER.readValue(f.toFile(), RunIdentity.class);
        } catch (IOException e) {
            throw new ConfigException(f, 0, "unreadable run identity: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /** The run's {@code summary.json}, written when the run (or its last rescoring) finished. */
    public static Summary readSummary(Path dir) {
        Path f = dir.resolve(SUMMARY);
        if (!Files.isRegularFile(f)) {
            throw new ConfigException(dir + " has no " + SUMMARY + " (the run never finished: resume it with 'gapbench run')");
        }
        try {
            return Json.MAPPER.readValue(f.toFile(), Summary.class);
        } catch (IOException e) {
            throw new ConfigException(f, 0, "unreadable summary: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    public Path path() {
        return dir;
    }

    public Path samples() {
        return dir.resolve(SAMPLES);
    }

    public Path summary() {
        return dir.resolve(SUMMARY);
    }

    @Override
    public void close() {
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            // the OS releases the lock with the process anyway
        }
    }
}
