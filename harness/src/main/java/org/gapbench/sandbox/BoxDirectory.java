package org.gapbench.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A host directory holding one job's files, readable by the unprivileged sandbox user, deleted after the run. Its
 * name carries the pid of the process that made it ({@code gapbench-box-<pid>-...}), so the directories a killed
 * process left behind are recognised and removed by the next process that runs a job, and a live one's are not.
 */
final class BoxDirectory implements AutoCloseable {
    private static final String PREFIX = "gapbench-box-";
    private static final Pattern OWNED = Pattern.compile(Pattern.quote(PREFIX) + "(\\d+)-.*");
    /** Box directories of builds that did not name their process: stale once older than any job runs. */
    private static final Duration UNNAMED_STALE_AFTER = Duration.ofHours(1);
    private static final AtomicBoolean SWEPT = new AtomicBoolean();

    private final Path dir;

    private BoxDirectory(Path dir) {
        this.dir = dir;
    }

    static BoxDirectory create(Map<String, byte[]> files) {
        if (SWEPT.compareAndSet(false, true)) {
            removeStale(Path.of(System.getProperty("java.io.tmpdir")));
        }
        try {
            Path dir = Files.createTempDirectory(PREFIX + ProcessHandle.current().pid() + "-");
            BoxDirectory box = new BoxDirectory(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                Path target = dir.resolve(f.getKey()).normalize();
                if (!target.startsWith(dir)) {
                    throw new SandboxException("job file name escapes the box: " + f.getKey());
                }
                Files.createDirectories(target.getParent());
                Files.write(target, f.getValue());
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
            }
            return box;
        } catch (IOException e) {
            throw new SandboxException("cannot prepare the sandbox directory: " + e.getMessage(), e);
        }
    }

    Path path() {
        return dir;
    }

    /**
     * Deletes the box directories under {@code tmp} whose process is gone (a {@code kill -9} skips every clean-up),
     * and unnamed ones older than an hour; a live process's directories are left alone.
     */
    static void removeStale(Path tmp) {
        List<Path> stale = new ArrayList<>();
        try (Stream<Path> entries = Files.list(tmp)) {
            entries.filter(p -> p.getFileName().toString().startsWith(PREFIX) && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .filter(BoxDirectory::isStale).forEach(stale::add);
        } catch (IOException | UncheckedIOException e) {
            return; // an unreadable tmp directory: nothing to clean, and the job will say why it cannot start
        }
        stale.forEach(BoxDirectory::deleteTree);
    }

    private static boolean isStale(Path p) {
        Matcher m = OWNED.matcher(p.getFileName().toString());
        if (m.matches()) {
            long pid;
            try {
                pid = Long.parseLong(m.group(1));
            } catch (NumberFormatException e) {
                return false;
            }
            return pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true);
        }
        try {
            return Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(Instant.now().minus(UNNAMED_STALE_AFTER));
        } catch (IOException e) {
            return false;
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // a leftover temp dir is harmless; the next process's sweep tries again
        }
    }

    @Override
    public void close() {
        deleteTree(dir);
    }
}
