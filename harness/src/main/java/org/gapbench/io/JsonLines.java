package org.gapbench.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.gapbench.config.ConfigException;

/**
 * Reads JSON Lines files ({@code .jsonl}, or gzipped when the name ends in {@code .gz}) as strict UTF-8, one JSON
 * object per non-blank line. Anything else is a {@link ConfigException} naming the file and line.
 */
public final class JsonLines {
    private JsonLines() {
    }

    /** Receives each record with its 1-based line number. */
    @FunctionalInterface
    public interface RecordConsumer {
        void accept(int line, JsonNode record);
    }

    public static void forEach(Path file, RecordConsumer consumer) {
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                     .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)))) {
            String line;
            int lineNo = 0;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = Json.MAPPER.readTree(line);
                } catch (JsonProcessingException e) {
                    throw new ConfigException(file, lineNo, "not a JSON record: " + e.getOriginalMessage());
                }
                if (!node.isObject()) {
                    throw new ConfigException(file, lineNo, "expected a JSON object per line");
                }
                consumer.accept(lineNo, node);
            }
        } catch (CharacterCodingException e) {
            throw new ConfigException(file, 0, "not valid UTF-8 text");
        } catch (IOException e) {
            throw new ConfigException(file, 0, "cannot read: " + e.getMessage());
        }
    }
}
