package org.gapbench.results;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Consumer;
import org.gapbench.config.ConfigException;
import org.gapbench.io.AtomicFiles;
import org.gapbench.io.BatchingWriter;
import org.gapbench.io.Json;
import org.gapbench.io.WriteFailedException;

/**
 * The append-only per-sample log ({@code samples.jsonl}). Workers hand records to one writer thread, which writes
 * whole lines and flushes after every batch (group commit), so a {@code kill -9} loses at most records that were
 * never handed over, and never leaves more than a torn final line, which {@link #read} ignores and opening for
 * append cuts off. A final record that is whole but lost its newline is kept.
 *
 * <p>Only {@link RunDirectory} opens or rewrites a journal and only {@link RunReader} reads one.
 */
public final class Journal implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;
    private final BatchingWriter<SampleRecord> writer;

    private Journal(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
        this.writer = new BatchingWriter<>("gapbench-journal", this::write);
    }

    /** Opens {@code file} for appending, first cutting a torn final line left by a crash. */
    static Journal openForAppend(Path file) {
        try {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
            long end = completeLength(ch);
            if (end < ch.size() && parses(tail(ch, end))) {
                ch.write(ByteBuffer.wrap(new byte[] {'\n'}), ch.size()); // a whole record that lost its newline: keep it
            } else {
                ch.truncate(end);
            }
            ch.position(ch.size());
            return new Journal(file, ch);
        } catch (IOException e) {
            throw new WriteFailedException(file, e);
        }
    }

    /** Length of the file up to and including its last newline. */
    private static long completeLength(FileChannel ch) throws IOException {
        long size = ch.size();
        ByteBuffer b = ByteBuffer.allocate(1);
        for (long pos = size - 1; pos >= 0; pos--) {
            b.clear();
            ch.read(b, pos);
            if (b.get(0) == '\n') {
                return pos + 1;
            }
        }
        return 0;
    }

    private static String tail(FileChannel ch, long from) throws IOException {
        ByteBuffer b = ByteBuffer.allocate((int) Math.min(Integer.MAX_VALUE, ch.size() - from));
        ch.read(b, from);
        return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8);
    }

    private static boolean parses(String line) {
        try {
            Json.MAPPER.readValue(line, SampleRecord.class);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Hands {@code record} to the writer thread.
     *
     * @throws WriteFailedException when an earlier batch could not be written (the disk is full): nothing more is
     *                              taken; what was written is whole lines, and a torn last one is cut on resume
     */
    public void append(SampleRecord record) {
        throwIfFailed();
        writer.add(record);
    }

    private void throwIfFailed() {
        Exception f = writer.failure();
        if (f != null) {
            throw new WriteFailedException(file, f instanceof IOException io ? io : new IOException(f));
        }
    }

    private void write(List<SampleRecord> batch) throws IOException {
        StringBuilder sb = new StringBuilder(batch.size() * 512);
        for (SampleRecord r : batch) {
            sb.append(Json.write(r)).append('\n');
        }
        ByteBuffer buf = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
    }

    /** Writes everything handed over so far and closes the file; a failure to write is a {@link WriteFailedException}. */
    @Override
    public void close() {
        writer.close();
        try {
            channel.force(false);
        } catch (IOException e) {
            throwIfFailed();
            throw new WriteFailedException(file, e);
        } finally {
            try {
                channel.close();
            } catch (IOException e) {
                // the file descriptor goes with the process; what was written is on disk or reported above
            }
        }
        throwIfFailed();
    }

    /**
     * Streams the records of {@code file} in order. A torn final line (no newline: the process died while writing
     * it) is skipped; a corrupt line anywhere else is an error naming its line.
     */
    static void read(Path file, Consumer<SampleRecord> consumer) {
        read(file, consumer, RECORDS);
    }

    /**
     * {@link #read} without the response and reasoning texts (null in each record, for code that needs only scores and counts):
     * the parser skips over them instead of building strings, which is most of a journal's bytes.
     */
    static void readWithoutTexts(Path file, Consumer<SampleRecord> consumer) {
        read(file, consumer, RECORDS_WITHOUT_TEXTS);
    }

    private static final ObjectReader RECORDS = Json.MAPPER.readerFor(SampleRecord.class);
    private static final ObjectReader RECORDS_WITHOUT_TEXTS = Json.MAPPER.copy().addMixIn(SampleRecord.class, WithoutTexts.class)
            .readerFor(SampleRecord.class);

    @JsonIgnoreProperties({"response", "reasoning"})
    private abstract static class WithoutTexts {
    }

    private static void read(Path file, Consumer<SampleRecord> consumer, ObjectReader records) {
        if (!Files.exists(file)) {
            return;
        }
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line = r.readLine();
            int lineNo = 0;
            while (line != null) {
                lineNo++;
                String next = r.readLine();
                if (line.isBlank()) {
                    line = next;
                    continue;
                }
                SampleRecord rec;
                try {
                    rec = records.readValue(line);
                } catch (IOException e) {
                    if (next == null && !endsWithNewline(file)) {
                        return; // the torn last line of a crashed run
                    }
                    throw new ConfigException(file, lineNo, "corrupt journal record: " + e.getMessage().lines().findFirst().orElse(""));
                }
                consumer.accept(rec);
                line = next;
            }
        } catch (IOException e) {
            throw new ConfigException(file, 0, "cannot read the journal: " + e.getMessage());
        }
    }

    private static boolean endsWithNewline(Path file) throws IOException {
        try (java.nio.channels.SeekableByteChannel ch = Files.newByteChannel(file)) {
            if (ch.size() == 0) {
                return true;
            }
            java.nio.ByteBuffer last = java.nio.ByteBuffer.allocate(1);
            ch.position(ch.size() - 1).read(last);
            return last.get(0) == '\n';
        }
    }

    /**
     * Replaces {@code file} with the records {@code producer} hands to the sink it is given, atomically: a crash
     * leaves the old journal or the new one, never half of either.
     */
    static void rewrite(Path file, Consumer<Consumer<SampleRecord>> producer) {
        try {
            AtomicFiles.write(file, w -> producer.accept(r -> {
                try {
                    w.write(Json.write(r));
                    w.write('\n');
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }));
        } catch (WriteFailedException e) {
            throw e;
        } catch (UncheckedIOException e) {
            throw new ConfigException(e.getMessage());
        }
    }
}
