package org.gapbench.results;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.gapbench.config.ConfigException;
import org.gapbench.io.AtomicFiles;
import org.gapbench.io.Json;
import org.gapbench.io.WriteFailedException;

/**
 * A run's directory opened for writing: {@code run.json} (identity), {@code samples.jsonl} (journal),
 * {@code summary.json}. Opening takes the directory's exclusive lock, held until {@link #close}, so two processes
 * never write one run; whoever is refused is told the holder's pid. Every command that writes a run directory (run,
 * score, merge) opens it here.
 */
public final class RunDirectory implements AutoCloseable {
    public static final String IDENTITY = "run.json";
    public static final String SAMPLES = "samples.jsonl";
    public static final String SUMMARY = "summary.json";
    /** The provider batches of a {@code --batch} run (their ids, custom ids and states), journaled before an upload is trusted. */
    public static final String BATCHES = "batches.jsonl";
    static final String LOCK = ".lock";

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
     * same fingerprint and shard; a directory holding a different run is refused with what differs.
     */
    public static RunDirectory create(Path dir, RunIdentity identity) {
        AtomicFiles.requireDirectory(dir, "--out");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new ConfigException("cannot create the run directory " + dir + ": " + WriteFailedException.reason(e));
        }
        RunDirectory rd = lock(dir);
        try {
            Path idFile = dir.resolve(IDENTITY);
            if (Files.exists(idFile)) {
                RunIdentity existing = RunReader.readIdentity(dir);
                boolean sameShard = existing.shard().equals(identity.shard());
                if (!existing.fingerprint().equals(identity.fingerprint()) || !sameShard) {
                    List<String> diff = new ArrayList<>(identity.differencesFrom(existing));
                    if (!sameShard) {
                        diff.add("shard " + existing.shard() + " vs " + identity.shard());
                    }
                    throw new ConfigException(dir + " holds a different run (" + String.join("; ", diff)
                            + "): use another --out, or delete the directory to start over");
                }
            } else {
                Json.writePretty(idFile, identity);
            }
            return rd;
        } catch (RuntimeException e) {
            rd.close();
            throw e;
        }
    }

    /**
     * Opens an existing run directory to rewrite it (re-scoring). The lock is taken before anything is read, so a
     * directory that a live run (or another re-scoring) is writing is refused, naming that process, before its
     * half-written state is looked at.
     */
    public static RunDirectory openExisting(Path dir) {
        if (!Files.isRegularFile(dir.resolve(IDENTITY))) {
            throw new ConfigException(dir + " is not a gapbench run directory (it has no " + IDENTITY + ")");
        }
        RunDirectory rd = lock(dir);
        try {
            RunReader.readIdentity(dir);
            return rd;
        } catch (RuntimeException e) {
            rd.close();
            throw e;
        }
    }

    private static RunDirectory lock(Path dir) {
        try {
            FileChannel ch = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.READ);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                String holder = holder(ch);
                ch.close();
                throw new ConfigException(dir + " is in use by another gapbench process" + holder
                        + ": wait for it to finish, or stop it");
            }
            try {
                ch.truncate(0);
                ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            } catch (IOException e) {
                lock.release();
                ch.close();
                throw new WriteFailedException(dir.resolve(LOCK), e);
            }
            return new RunDirectory(dir, ch, lock);
        } catch (IOException e) {
            throw new ConfigException("cannot use run directory " + dir + ": " + WriteFailedException.reason(e));
        }
    }

    /** " (pid N)" from the lock file, or "" when the holder did not say. */
    private static String holder(FileChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(32);
        ch.read(b, 0);
        String pid = new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII).trim();
        return pid.matches("\\d+") ? " (pid " + pid + ")" : "";
    }

    public RunReader reader() {
        return RunReader.open(dir);
    }

    /** The journal, opened for appending (a torn final line is cut first). */
    public Journal appendJournal() {
        return Journal.openForAppend(dir.resolve(SAMPLES));
    }

    /** Replaces the journal with what {@code producer} hands its sink, atomically. */
    public void rewriteJournal(Consumer<Consumer<SampleRecord>> producer) {
        Journal.rewrite(dir.resolve(SAMPLES), producer);
    }

    /** Appends one batch entry to {@code batches.jsonl}, on disk before this returns. */
    public void appendBatch(BatchEntry entry) {
        BatchLog.append(dir.resolve(BATCHES), entry);
    }

    /** The run's batches as last journaled, in order of upload. */
    public List<BatchEntry> batches() {
        return BatchLog.read(dir.resolve(BATCHES));
    }

    public void writeIdentity(RunIdentity identity) {
        Json.writePretty(dir.resolve(IDENTITY), identity);
    }

    public void writeSummary(Summary summary) {
        Json.writePretty(dir.resolve(SUMMARY), summary);
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
