package org.gapbench.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.gapbench.config.ConfigException;
import org.gapbench.io.Json;
import org.gapbench.score.Score;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal after crashes: what a reader keeps, what a writer cuts, and what it must never cut. */
class JournalTest {
    @TempDir
    Path tmp;

    static SampleRecord record(String item, int sample) {
        return SampleRecord.builder(item, sample).promptHash("abc").response("text " + item)
                .score(Score.correct("1", "1", "1", "test")).attempts(1).latencyMs(5).tokens(10, 3, -1).finishReason("stop")
                .model("m-2025").build();
    }

    private static List<String> items(Path f) {
        List<String> seen = new ArrayList<>();
        Journal.read(f, r -> seen.add(r.item()));
        return seen;
    }

    @Test
    void aTornLastLineIsIgnoredAndCutBeforeAppending() throws Exception {
        Path f = tmp.resolve("samples.jsonl");
        try (Journal j = Journal.openForAppend(f)) {
            j.append(record("a", 0));
            j.append(record("b", 0));
        }
        Files.writeString(f, "{\"item\": \"c\", \"sam", StandardOpenOption.APPEND); // the process died mid-write
        assertEquals(List.of("a", "b"), items(f));
        try (Journal j = Journal.openForAppend(f)) {
            j.append(record("c", 0));
        }
        assertEquals(List.of("a", "b", "c"), items(f));
        assertTrue(Files.readString(f).endsWith("\n"));
    }

    @Test
    void aWholeLastRecordWithoutItsNewlineIsKeptWhenAppending() throws Exception {
        Path f = tmp.resolve("samples.jsonl");
        Files.writeString(f, Json.write(record("a", 0)) + "\n" + Json.write(record("b", 0))); // died before the '\n'
        assertEquals(List.of("a", "b"), items(f), "the reader accepts it");
        try (Journal j = Journal.openForAppend(f)) {
            j.append(record("c", 0));
        }
        assertEquals(List.of("a", "b", "c"), items(f), "and the writer must not cut what the reader accepted");
    }

    @Test
    void aCorruptLineInTheMiddleIsAnErrorWithItsLine() throws Exception {
        Path f = tmp.resolve("samples.jsonl");
        Files.writeString(f, "{\"item\":\"a\",\"sample\":0}\nnot json\n{\"item\":\"b\",\"sample\":0}\n", StandardCharsets.UTF_8);
        ConfigException e = assertThrows(ConfigException.class, () -> Journal.read(f, r -> { }));
        assertEquals(2, e.line());
    }
}
