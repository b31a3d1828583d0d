package org.gapbench.score.math;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.gapbench.io.Json;

/** The read-only mirror of third-party data and recorded generations that the replay tests read. */
final class Recorded {
    private Recorded() {
    }

    static Path mirror() {
        String env = System.getenv("GAPBENCH_DATA");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("gapbench.home", "..")).resolve("../shared/datasets").normalize();
    }

    static Path recorded(String dir) {
        return mirror().resolve("recorded").resolve(dir);
    }

    /** Every line of a (gzipped) JSONL file as a tree. */
    static List<JsonNode> jsonl(Path file) {
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            List<JsonNode> out = new ArrayList<>();
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.isBlank()) {
                    out.add(Json.MAPPER.readTree(line));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
