package org.gapbench.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/** A host directory holding one job's files, readable by the unprivileged sandbox user, deleted after the run. */
final class BoxDirectory implements AutoCloseable {
    private final Path dir;

    private BoxDirectory(Path dir) {
        this.dir = dir;
    }

    static BoxDirectory create(Map<String, byte[]> files) {
        try {
            Path dir = Files.createTempDirectory("gapbench-box-");
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

    @Override
    public void close() {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // a leftover temp dir is harmless; the next boot's tmp cleaning removes it
        }
    }
}
