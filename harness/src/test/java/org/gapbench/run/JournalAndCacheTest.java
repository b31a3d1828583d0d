package org.gapbench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.gapbench.config.ConfigException;
import org.gapbench.model.Message;
import org.gapbench.model.ModelResponse;
import org.gapbench.score.Score;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalAndCacheTest {
    @TempDir
    Path tmp;

    static SampleRecord record(String item, int sample) {
        return new SampleRecord(item, sample, "abc", "text " + item, null, Score.correct("1", "1", "1", "test"), null, null,
                1, 5, 10, 3, -1, 0, false, "stop", "m-2025");
    }

    @Test
    void aTornLastLineIsIgnoredAndCutBeforeAppending() throws Exception {
        Path f = tmp.resolve("samples.jsonl");
        try (Journal j = Journal.openForAppend(f)) {
            j.append(record("a", 0));
            j.append(record("b", 0));
        }
        Files.writeString(f, "{\"item\": \"c\", \"sam", StandardOpenOption.APPEND); // the process died mid-write
        List<String> seen = new ArrayList<>();
        Journal.read(f, r -> seen.add(r.item()));
        assertEquals(List.of("a", "b"), seen);
        try (Journal j = Journal.openForAppend(f)) {
            j.append(record("c", 0));
        }
        seen.clear();
        Journal.read(f, r -> seen.add(r.item()));
        assertEquals(List.of("a", "b", "c"), seen);
        assertTrue(Files.readString(f).endsWith("\n"));
    }

    @Test
    void aCorruptLineInTheMiddleIsAnErrorWithItsLine() throws Exception {
        Path f = tmp.resolve("samples.jsonl");
        Files.writeString(f, "{\"item\":\"a\",\"sample\":0}\nnot json\n{\"item\":\"b\",\"sample\":0}\n", StandardCharsets.UTF_8);
        ConfigException e = assertThrows(ConfigException.class, () -> Journal.read(f, r -> { }));
        assertEquals(2, e.line());
    }

    @Test
    void concurrentWritersFromTwoCachesOnOneFileLoseNothing() throws Exception {
        Path db = tmp.resolve("cache.sqlite");
        int perWriter = 300;
        try (ResponseCache a = ResponseCache.open(db); ResponseCache b = ResponseCache.open(db)) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<?>> fs = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                ResponseCache c = w % 2 == 0 ? a : b;
                int writer = w;
                fs.add(pool.submit(() -> {
                    for (int i = 0; i < perWriter; i++) {
                        String key = ResponseCache.key("p", "u", "m", null, List.of(Message.user("q" + writer + "-" + i)), 0);
                        c.put(key, new ModelResponse("answer " + writer + "-" + i, null, 1, 2, -1, "stop", "m"));
                        c.get(key); // reads interleave with writes
                    }
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
            pool.shutdown();
        }
        try (ResponseCache c = ResponseCache.open(db)) {
            for (int w = 0; w < 4; w++) {
                for (int i = 0; i < perWriter; i++) {
                    String key = ResponseCache.key("p", "u", "m", null, List.of(Message.user("q" + w + "-" + i)), 0);
                    assertEquals("answer " + w + "-" + i, c.get(key).orElseThrow().text());
                }
            }
        }
    }

    @Test
    void aCacheWrittenBeforeTheModelColumnStillOpensAndReads() throws Exception {
        Path db = tmp.resolve("old.sqlite");
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db); var s = c.createStatement()) {
            s.execute("CREATE TABLE responses (key TEXT PRIMARY KEY, text TEXT NOT NULL, reasoning TEXT, input_tokens INTEGER,"
                    + " output_tokens INTEGER, reasoning_tokens INTEGER, finish_reason TEXT, created_at TEXT DEFAULT CURRENT_TIMESTAMP)");
            s.execute("INSERT INTO responses (key, text, input_tokens, output_tokens, reasoning_tokens, finish_reason)"
                    + " VALUES ('k', 'old answer', 1, 2, -1, 'stop')");
        }
        try (ResponseCache c = ResponseCache.open(db)) {
            ModelResponse old = c.get("k").orElseThrow();
            assertEquals("old answer", old.text());
            assertEquals(null, old.model());
            c.put("k2", new ModelResponse("new", null, 1, 2, -1, "stop", "m-2025"));
        }
        try (ResponseCache c = ResponseCache.open(db)) {
            assertEquals("m-2025", c.get("k2").orElseThrow().model());
        }
    }

    @Test
    void theCacheKeyDependsOnEverythingThatChangesTheAnswer() {
        List<Message> m = List.of(Message.user("q"));
        String k = ResponseCache.key("openai", "u", "m", new org.gapbench.model.GenerationParams(0.0, 10, null, null), m, 0);
        assertTrue(!k.equals(ResponseCache.key("openai", "u", "m", new org.gapbench.model.GenerationParams(0.5, 10, null, null), m, 0)));
        assertTrue(!k.equals(ResponseCache.key("openai", "u", "m2", new org.gapbench.model.GenerationParams(0.0, 10, null, null), m, 0)));
        assertTrue(!k.equals(ResponseCache.key("openai", "u", "m", new org.gapbench.model.GenerationParams(0.0, 10, null, null), m, 1)));
    }
}
