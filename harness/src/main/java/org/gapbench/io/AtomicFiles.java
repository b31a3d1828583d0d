package org.gapbench.io;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file through a temporary sibling and an atomic rename, so a crash leaves the old file or the new one,
 * never half of either. Every result file of the project is written this way, and only here.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Receives the writer of the temporary file. */
    @FunctionalInterface
    public interface Content {
        void writeTo(Writer out) throws IOException;
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
        } catch (IOException | UncheckedIOException e) {
            deleteQuietly(tmp);
            String why = e instanceof UncheckedIOException u ? u.getCause().getMessage() : e.getMessage();
            throw new UncheckedIOException("cannot write " + file + ": " + why,
                    e instanceof IOException io ? io : ((UncheckedIOException) e).getCause());
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
