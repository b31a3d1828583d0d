package org.gapbench.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.gapbench.config.ConfigException;

/** Reads a JSON-lines file ({@code .jsonl}, or gzip-compressed {@code .gz}) record by record, skipping blank lines. */
public final class JsonLines {

    /** Receives each record with its 1-based line number (for {@code file:line} errors). */
    @FunctionalInterface
    public interface RecordConsumer {
        void accept(int line, JsonNode record);
    }

    private JsonLines() {
    }

    /** As {@link #forEach(Path, boolean, RecordConsumer)}, gzip-compressed when the name ends in {@code .gz}. */
    public static void forEach(Path file, RecordConsumer consumer) throws IOException {
        forEach(file, file.toString().endsWith(".gz"), consumer);
    }

    /**
     * A line that is not JSON is a {@link ConfigException} naming the file and line; bytes that are not UTF-8 throw
     * {@link java.nio.charset.CharacterCodingException} rather than being replaced silently.
     */
    public static void forEach(Path file, boolean gzip, RecordConsumer consumer) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = gzip ? new GZIPInputStream(raw) : raw;
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                     .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)))) {
            String line;
            int lineNo = 0;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n;
                try {
                    n = Json.MAPPER.readTree(line);
                } catch (JsonProcessingException e) {
                    throw new ConfigException(file, lineNo, "not a JSON record: " + e.getOriginalMessage());
                }
                consumer.accept(lineNo, n);
            }
        }
    }
}
