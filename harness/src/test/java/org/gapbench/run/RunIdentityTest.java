package org.gapbench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gapbench.cli.ExitCode;
import org.gapbench.io.Json;
import org.gapbench.testing.TestSupport;
import org.gapbench.testkit.ProviderServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What makes two runs one run: the endpoint is part of it (two servers are two models, even under one name), and
 * nothing of the machine is (a replay is named by its content and its path under the data directory, so the same
 * recording gives the same identity on every machine).
 */
class RunIdentityTest {
    private static final String RECORDING = "recorded/zeroeval-gsm8k-math/gsm/Mixtral-8x7B-Instruct-v0.1.slim.jsonl.gz";

    @TempDir
    Path tmp;

    private static TestSupport.Cli gapbench(String... args) {
        return TestSupport.gapbench(args);
    }

    @Test
    void anotherEndpointIsAnotherRun() {
        try (ProviderServer a = ProviderServer.start(); ProviderServer b = ProviderServer.start()) {
            Path out = tmp.resolve("run");
            String[] common = {"run", "--suite", "gsm8k", "--model", "openai-compatible:same-name", "--limit", "2", "--no-cache",
                "--progress", "none", "--data-dir", TestSupport.dataDir().toString(), "--out", out.toString(), "--base-url"};
            TestSupport.Cli first = gapbench(concat(common, a.baseUrl()));
            assertEquals(ExitCode.OK.code, first.exit(), first::toString);
            TestSupport.Cli other = gapbench(concat(common, b.baseUrl()));
            assertEquals(ExitCode.USAGE.code, other.exit(), other::toString);
            assertTrue(other.err().contains("holds a different run (endpoint " + a.baseUrl() + " vs " + b.baseUrl() + ")"), other.err());
            assertEquals(0, b.requestCount(), "refused before any request");
            TestSupport.Cli again = gapbench(concat(common, a.baseUrl() + "/"));
            assertEquals(ExitCode.OK.code, again.exit(), "a trailing slash is the same endpoint: " + again);
        }
    }

    @Test
    void aReplayIsNamedByItsContentNotByWhereThisMachineKeepsIt() throws Exception {
        Path mirrorA = tmp.resolve("mirror-a");
        Path mirrorB = tmp.resolve("elsewhere/mirror-b");
        for (Path m : new Path[] {mirrorA, mirrorB}) {
            Files.createDirectories(m.resolve(RECORDING).getParent());
            Files.copy(TestSupport.dataDir().resolve(RECORDING), m.resolve(RECORDING));
            Files.createDirectories(m.resolve("gsm8k"));
            Files.copy(TestSupport.dataDir().resolve("gsm8k/test.jsonl"), m.resolve("gsm8k/test.jsonl"));
        }
        JsonNode[] ids = new JsonNode[2];
        Path[] mirrors = {mirrorA, mirrorB};
        for (int i = 0; i < 2; i++) {
            Path out = tmp.resolve("replay-" + i);
            TestSupport.Cli c = gapbench("run", "--suite", "gsm8k-zeroeval", "--model", "replay:" + RECORDING, "--as",
                    "mixtral-8x7b-instruct-v0.1", "--limit", "5", "--data-dir", mirrors[i].toString(), "--out", out.toString(),
                    "--progress", "none", "--no-cache");
            assertEquals(ExitCode.OK.code, c.exit(), c::toString);
            String runJson = Files.readString(out.resolve("run.json"));
            assertFalse(runJson.contains(mirrors[i].toString()), "no path of this machine in the identity: " + runJson);
            ids[i] = Json.MAPPER.readTree(runJson);
        }
        assertEquals("replay:" + RECORDING, ids[0].at("/model/spec").asText());
        assertEquals(64, ids[0].at("/model/file_sha256").asText().length());
        assertEquals(ids[0].get("model"), ids[1].get("model"));
        assertEquals(Json.MAPPER.readTree(Files.readString(tmp.resolve("replay-0/summary.json"))).get("run_fingerprint"),
                Json.MAPPER.readTree(Files.readString(tmp.resolve("replay-1/summary.json"))).get("run_fingerprint"),
                "one recording, one fingerprint, wherever the mirror is");

        Files.writeString(mirrorB.resolve(RECORDING), "{\"id\": \"0\", \"output\": [\"changed\"]}\n");
        TestSupport.Cli changed = gapbench("run", "--suite", "gsm8k-zeroeval", "--model", "replay:" + RECORDING, "--as",
                "mixtral-8x7b-instruct-v0.1", "--limit", "5", "--data-dir", mirrorB.toString(), "--out", tmp.resolve("replay-1").toString(),
                "--progress", "none", "--no-cache");
        assertEquals(ExitCode.USAGE.code, changed.exit(), "other recorded outputs are another run: " + changed);
        assertTrue(changed.err().contains("recorded outputs (sha256"), changed.err());
        assertNotEquals(ids[0].at("/model/file_sha256").asText(), "");
    }

    private static String[] concat(String[] a, String last) {
        String[] out = java.util.Arrays.copyOf(a, a.length + 1);
        out[a.length] = last;
        return out;
    }
}
