package org.gapbench.model.resilient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.gapbench.dataset.Item;
import org.gapbench.io.Hashes;
import org.gapbench.io.Json;
import org.gapbench.model.Catalog;
import org.gapbench.model.GenerationParams;
import org.gapbench.model.Message;
import org.gapbench.model.ModelRequest;
import org.gapbench.model.ModelResponse;
import org.gapbench.model.ModelTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite response cache: concurrent writers, old files, and a key that no part of a request can be left out of. */
class ResponseCacheTest {
    @TempDir
    Path tmp;

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
    void everyPartOfTheRequestChangesTheKey() {
        GenerationParams p = new GenerationParams(0.0, 10, 0.9, 7);
        List<Message> m = List.of(Message.system("s"), Message.user("q"));
        String base = ResponseCache.key("openai", "http://a/v1", "m", p, m, 0);
        Map<String, String> variants = new java.util.LinkedHashMap<>();
        variants.put("provider", ResponseCache.key("deepseek", "http://a/v1", "m", p, m, 0));
        variants.put("endpoint", ResponseCache.key("openai", "http://b/v1", "m", p, m, 0));
        variants.put("model", ResponseCache.key("openai", "http://a/v1", "m2", p, m, 0));
        variants.put("temperature", ResponseCache.key("openai", "http://a/v1", "m", new GenerationParams(0.5, 10, 0.9, 7), m, 0));
        variants.put("max tokens", ResponseCache.key("openai", "http://a/v1", "m", new GenerationParams(0.0, 11, 0.9, 7), m, 0));
        variants.put("top p", ResponseCache.key("openai", "http://a/v1", "m", new GenerationParams(0.0, 10, 0.8, 7), m, 0));
        variants.put("seed", ResponseCache.key("openai", "http://a/v1", "m", new GenerationParams(0.0, 10, 0.9, 8), m, 0));
        variants.put("message text", ResponseCache.key("openai", "http://a/v1", "m", p, List.of(Message.system("s"), Message.user("q2")), 0));
        variants.put("message role", ResponseCache.key("openai", "http://a/v1", "m", p, List.of(Message.user("s"), Message.user("q")), 0));
        variants.put("message order", ResponseCache.key("openai", "http://a/v1", "m", p, List.of(Message.user("q"), Message.system("s")), 0));
        variants.put("a message more", ResponseCache.key("openai", "http://a/v1", "m", p,
                List.of(Message.system("s"), Message.user("q"), Message.assistant("a")), 0));
        variants.put("sample", ResponseCache.key("openai", "http://a/v1", "m", p, m, 1));
        Set<String> seen = new HashSet<>(List.of(base));
        variants.forEach((part, key) -> {
            assertNotEquals(base, key, part + " must change the key");
            assertEquals(true, seen.add(key), part + " collides with another variant");
        });
        assertEquals(base, ResponseCache.key("openai", "http://a/v1", "m", new GenerationParams(0.0, 10, 0.9, 7),
                List.of(Message.system("s"), Message.user("q")), 0), "and the same request gives the same key");
    }

    @Test
    void aRequestKeepsTheKeyCachesWereWrittenWith() {
        ModelTarget target = ModelTarget.resolve("openai:gpt-test", Catalog.empty(), "http://127.0.0.1:8080/v1", null, null);
        List<Message> m = List.of(Message.system("You are a careful calculator."), Message.user("What is 2 + \"3\"? é 😀 \\boxed{}"));
        GenerationParams p = new GenerationParams(0.0, 2048, null, null);
        ModelRequest request = new ModelRequest(new Item("q1", Map.of()), m, p, 3);
        // what the key is made of, spelled out: a change to how it is computed must keep existing caches hitting
        String spelledOut = Hashes.sha256("openai", "http://127.0.0.1:8080/v1", "gpt-test", Json.write(p), Json.write(m), "3");
        assertEquals(spelledOut, ModelCalls.key(target, request));
        assertEquals("5299a8125194e7192a251b4783ba3201a2ab3d1622d3a533d0549a4faf515c17", ModelCalls.key(target, request),
                "the key caches hold for this request (computed at 13000f4)");
        assertEquals(spelledOut, ResponseCache.key("openai", "http://127.0.0.1:8080/v1", "gpt-test", p, m, 3));
    }
}
