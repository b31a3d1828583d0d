package org.gapbench.results;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gapbench.io.Json;
import org.gapbench.io.WriteFailedException;

/**
 * {@code batches.jsonl}: every line whole and on disk (forced) before the caller goes on, because a batch must be
 * known before its upload is trusted. A torn last line (the process died writing it) is ignored when read and cut
 * before the next append.
 */
final class BatchLog {
    private BatchLog() {
    }

    static void append(Path file, BatchEntry entry) {
        byte[] line = (Json.write(entry) + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ)) {
            ch.truncate(wholeLength(ch));
            ByteBuffer b = ByteBuffer.wrap(line);
            long pos = ch.size();
            while (b.hasRemaining()) {
                pos += ch.write(b, pos);
            }
            ch.force(false);
        } catch (IOException e) {
            throw new WriteFailedException(file, e);
        }
    }

    private static long wholeLength(FileChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(1);
        for (long pos = ch.size() - 1; pos >= 0; pos--) {
            b.clear();
            ch.read(b, pos);
            if (b.get(0) == '\n') {
                return pos + 1;
            }
        }
        return 0;
    }

    /** Each input file's batch as last journaled (its custom ids from its first line), in order of upload. */
    static List<BatchEntry> read(Path file) {
        if (!Files.exists(file)) {
            return List.of();
        }
        Map<String, BatchEntry> byFile = new LinkedHashMap<>();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new org.gapbench.config.ConfigException("cannot read " + file + ": " + e.getMessage());
        }
        int end = text.lastIndexOf('\n') + 1;
        for (String line : text.substring(0, end).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            BatchEntry e;
            try {
                e = Json.MAPPER.readValue(line, BatchEntry.class);
            } catch (IOException ex) {
                throw new org.gapbench.config.ConfigException(file + ": a line is not a batch entry: " + ex.getMessage());
            }
            BatchEntry old = byFile.get(e.file());
            if (old != null) {
                e = new BatchEntry(e.file(), e.batch() != null ? e.batch() : old.batch(), e.state(),
                        e.customIds() != null ? e.customIds() : old.customIds(),
                        e.outputFile() != null ? e.outputFile() : old.outputFile(), e.errorFile() != null ? e.errorFile() : old.errorFile());
            }
            byFile.put(e.file(), e);
        }
        return new ArrayList<>(byFile.values());
    }
}
