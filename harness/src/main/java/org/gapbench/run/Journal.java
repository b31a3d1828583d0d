package org.gapbench.run;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.gapbench.config.ConfigException;
import org.gapbench.io.Json;

/**
 * The append-only per-sample log ({@code samples.jsonl}). Workers hand records to one writer thread, which
 * writes whole lines and flushes after every batch (group commit), so a {@code kill -9} loses at most records that
 * were never handed over, and never leaves more than a torn final line, which {@link #read} ignores and
 * {@link #openForAppend} cuts off.
 */
public final class Journal implements AutoCloseable {
    private static final Object POISON = new Object();

    private final FileChannel channel;
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile IOException failure;

    private Journal(FileChannel channel) {
        this.channel = channel;
        this.writer = new Thread(this::drain, "gapbench-journal");
        writer.setDaemon(true);
        writer.start();
    }

    /** Opens {@code file} for appending, first removing a torn final line left by a crash. */
    public static Journal openForAppend(Path file) {
        try {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
            long end = completeLength(ch);
            ch.truncate(end);
            ch.position(end);
            return new Journal(ch);
        } catch (IOException e) {
            throw new ConfigException("cannot open the journal " + file + ": " + e.getMessage());
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

    public void append(SampleRecord record) {
        if (failure != null) {
            throw new UncheckedIOException("journal write failed", failure);
        }
        queue.add(record);
    }

    private void drain() {
        List<Object> batch = new ArrayList<>();
        try {
            while (true) {
                batch.add(queue.take());
                queue.drainTo(batch);
                StringBuilder sb = new StringBuilder(batch.size() * 512);
                boolean stop = false;
                for (Object o : batch) {
                    if (o == POISON) {
                        stop = true;
                    } else {
                        sb.append(Json.write(o)).append('\n');
                    }
                }
                ByteBuffer buf = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
                while (buf.hasRemaining()) {
                    channel.write(buf);
                }
                batch.clear();
                if (stop) {
                    return;
                }
            }
        } catch (IOException e) {
            failure = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes everything handed over so far and closes the file. */
    @Override
    public void close() {
        queue.add(POISON);
        try {
            writer.join();
            channel.force(false);
            channel.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (failure != null) {
            throw new UncheckedIOException("journal write failed", failure);
        }
    }

    /**
     * Streams the records of {@code file} in order. A torn final line (no newline: the process died while
     * writing it) is skipped; a corrupt line anywhere else is an error naming its line.
     */
    public static void read(Path file, Consumer<SampleRecord> consumer) {
        if (!Files.exists(file)) {
            return;
        }
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            long size = Files.size(file);
            long consumed = 0;
            String line;
            int lineNo = 0;
            while ((line = r.readLine()) != null) {
                lineNo++;
                consumed += line.getBytes(StandardCharsets.UTF_8).length + 1;
                if (line.isBlank()) {
                    continue;
                }
                SampleRecord rec;
                try {
                    rec = Json.MAPPER.readValue(line, SampleRecord.class);
                } catch (IOException e) {
                    if (consumed > size) {
                        return; // the torn last line of a crashed run
                    }
                    throw new ConfigException(file, lineNo, "corrupt journal record: " + e.getMessage().lines().findFirst().orElse(""));
                }
                consumer.accept(rec);
            }
        } catch (IOException e) {
            throw new ConfigException(file, 0, "cannot read the journal: " + e.getMessage());
        }
    }

    /**
     * Replaces {@code file} with the records {@code producer} hands to the sink it is given, written through a
     * temporary sibling and an atomic rename: a crash leaves the old journal or the new one, never half of either.
     */
    public static void rewrite(Path file, Consumer<Consumer<SampleRecord>> producer) {
        Path tmp = file.resolveSibling(file.getFileName() + ".rewrite.tmp");
        try (java.io.BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            producer.accept(r -> {
                try {
                    w.write(Json.write(r));
                    w.write('\n');
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            throw new ConfigException("cannot write " + tmp + ": " + e.getMessage());
        }
        try {
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new ConfigException("cannot replace " + file + ": " + e.getMessage());
        }
    }
}
