package org.gapbench.io;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Writes a file through a temporary sibling and an atomic rename, so a crash leaves the old file or the new one,
 * never half of either. Every result file of the project is written this way, and only here. A file that cannot be
 * written is a {@link WriteFailedException} naming it and the cause ("no space left on device").
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Receives the writer of the temporary file. */
    @FunctionalInterface
    public interface Content {
        void writeTo(Writer out) throws IOException;
    }

    /**
     * Refuses {@code dir}, an output directory given with {@code flag}, when it or a directory above it is a file:
     * {@code --out runs/x: runs is a file, not a directory}.
     */
    public static void requireDirectory(Path dir, String flag) {
        Path abs = dir.toAbsolutePath().normalize();
        for (Path p = abs; p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                if (!Files.isDirectory(p)) {
                    throw new org.gapbench.config.ConfigException(flag + " " + dir + ": " + (p.equals(abs) ? dir : p)
                            + " is a file, not a directory");
                }
                return;
            }
        }
    }

    public static void write(Path file, String text) {
        write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    public static void write(Path file, byte[] bytes) {
        replace(file, tmp -> Files.write(tmp, bytes));
    }

    /** Streams UTF-8 text into {@code file}: for files too large to build in memory (a journal being rewritten). */
    public static void write(Path file, Content content) {
        replace(file, tmp -> {
            try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                content.writeTo(w);
            }
        });
    }

    /** Fills a new directory. */
    @FunctionalInterface
    public interface DirectoryContent {
        void writeInto(Path dir) throws IOException;
    }

    /**
     * Replaces the directory {@code dir} (a published report) with the one {@code content} writes: it is built in a
     * hidden sibling and swapped in by two renames, so a crash while building leaves the old directory whole, and a
     * crash between the renames is undone by the next call (the old directory is put back, or the half-built one
     * deleted). {@code dir} must be absent, empty or hold only names in {@code owned}: anything else in it was not
     * written by us and is refused rather than lost.
     */
    public static void replaceDirectory(Path dir, Set<String> owned, String flag, DirectoryContent content) {
        requireDirectory(dir, flag);
        Path abs = dir.toAbsolutePath().normalize();
        Path parent = abs.getParent();
        String name = abs.getFileName().toString();
        Path building = null;
        try {
            Files.createDirectories(parent);
            recoverSwap(parent, name, abs);
            if (Files.isDirectory(abs)) {
                List<String> foreign = new ArrayList<>();
                try (Stream<Path> entries = Files.list(abs)) {
                    entries.map(p -> p.getFileName().toString()).filter(n -> !owned.contains(n)).sorted().forEach(foreign::add);
                }
                if (!foreign.isEmpty()) {
                    throw new org.gapbench.config.ConfigException(flag + " " + dir + " holds files gapbench did not write ("
                            + String.join(", ", foreign.subList(0, Math.min(5, foreign.size()))) + (foreign.size() > 5 ? ", ..." : "")
                            + "): choose an empty or new directory");
                }
            }
            building = Files.createTempDirectory(parent, "." + name + NEW);
            if (building.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(building, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            content.writeInto(building);
            if (Files.exists(abs)) {
                Path old = parent.resolve("." + name + OLD + Long.toHexString(System.nanoTime()));
                Files.move(abs, old, StandardCopyOption.ATOMIC_MOVE);
                Files.move(building, abs, StandardCopyOption.ATOMIC_MOVE);
                deleteTree(old);
            } else {
                Files.move(building, abs, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException | UncheckedIOException e) {
            deleteTreeQuietly(building);
            if (e instanceof WriteFailedException w) {
                throw w;
            }
            throw new WriteFailedException(dir, e instanceof IOException io ? io : ((UncheckedIOException) e).getCause());
        } catch (RuntimeException e) {
            deleteTreeQuietly(building);
            throw e;
        }
    }

    private static final String NEW = ".new-";
    private static final String OLD = ".old-";

    /** Undoes what a crash in {@link #replaceDirectory} left: half-built directories go; a moved-away one comes back. */
    private static void recoverSwap(Path parent, String name, Path dir) throws IOException {
        List<Path> leftovers = new ArrayList<>();
        try (Stream<Path> siblings = Files.list(parent)) {
            siblings.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith("." + name + NEW) || n.startsWith("." + name + OLD);
            }).sorted().forEach(leftovers::add);
        }
        for (Path p : leftovers) {
            if (p.getFileName().toString().startsWith("." + name + OLD) && !Files.exists(dir)) {
                Files.move(p, dir, StandardCopyOption.ATOMIC_MOVE);
            } else {
                deleteTree(p);
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void deleteTreeQuietly(Path root) {
        if (root != null) {
            try {
                deleteTree(root);
            } catch (IOException | UncheckedIOException ignored) {
                // the next replaceDirectory removes it
            }
        }
    }

    /** Copies {@code source} to {@code file}. */
    public static void copy(Path source, Path file) {
        replace(file, tmp -> Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING));
    }

    private interface Fill {
        void into(Path tmp) throws IOException;
    }

    private static void replace(Path file, Fill fill) {
        Path tmp = null;
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            tmp = Files.createTempFile(parent, "." + file.getFileName(), ".tmp");
            fill.into(tmp);
            readableByAll(tmp);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (WriteFailedException e) {
            deleteQuietly(tmp);
            throw e;
        } catch (IOException | UncheckedIOException e) {
            deleteQuietly(tmp);
            throw new WriteFailedException(file, e instanceof IOException io ? io : ((UncheckedIOException) e).getCause());
        } catch (RuntimeException e) {
            deleteQuietly(tmp);
            throw e;
        }
    }

    private static void deleteQuietly(Path tmp) {
        if (tmp != null) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // a stray hidden temporary file is harmless; the error being reported is what matters
            }
        }
    }

    /** Temporary files are created private (0600); results and reports are meant to be read and served. */
    private static void readableByAll(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        }
    }
}
