package org.gapbench.model.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.gapbench.config.ConfigException;
import org.gapbench.dataset.DataStore;
import org.gapbench.dataset.Item;
import org.gapbench.model.ErrorClass;
import org.gapbench.model.GenerationParams;
import org.gapbench.model.ModelCallException;
import org.gapbench.model.ModelRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recording manifest: a publisher's result file (a gzipped JSON document whose records sit under a member, with
 * document-wide fields) replayed as published, each record matched to the suite's item id; and every mistake in it
 * reported with its file and line before any item is asked.
 */
class RecordingManifestTest {
    @TempDir
    Path tmp;
    DataStore store;
    String sha;

    @BeforeEach
    void recording() throws Exception {
        Path f = tmp.resolve("data/results/model_Physics.json.gz");
        Files.createDirectories(f.getParent());
        try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(f))) {
            gz.write("""
                    {"keyword": "Physics", "model_name": "m", "example": [
                      {"index": 0, "model_output": "【答案】BD <eoa>"},
                      {"index": 1, "model_output": "【答案】A <eoa>"}]}
                    """.getBytes(StandardCharsets.UTF_8));
        }
        store = new DataStore(List.of(tmp.resolve("data")), tmp.resolve("cache"));
        sha = DataStore.sha256Of(f);
    }

    private Path manifest(String fields, String sha256) throws Exception {
        Path m = tmp.resolve("recording.yaml");
        Files.writeString(m, """
                id: rec
                version: "1"
                license: Apache-2.0
                commercial_use: true
                files:
                  - path: results/model_Physics.json.gz
                    sha256: %s
                    records: example
                fields:
                %s
                """.formatted(sha256, fields));
        return m;
    }

    private static ModelRequest ask(String id) {
        return new ModelRequest(new Item(id, Map.of()), List.of(), GenerationParams.DEFAULT, 0);
    }

    @Test
    void answersEachItemWithItsRecordedOutput() throws Exception {
        Path m = manifest("  id: {template: \"{keyword}/{index}\"}\n  response: model_output", sha);
        Providers.checkRecording(m, store);
        ReplayClient client = new ReplayClient(m, store);
        assertEquals("【答案】BD <eoa>", client.complete(ask("Physics/0")).text());
        assertEquals("【答案】A <eoa>", client.complete(ask("Physics/1")).text());
        // No trailing-index guesswork for a manifest: its ids are the suite's own.
        ModelCallException e = assertThrows(ModelCallException.class, () -> client.complete(ask("1")));
        assertEquals(ErrorClass.NO_RECORDING, e.errorClass());
    }

    @Test
    void aManifestWithoutResponsesIsRefused() throws Exception {
        Path m = manifest("  id: {template: \"{keyword}/{index}\"}\n  output: model_output", sha);
        ConfigException e = assertThrows(ConfigException.class, () -> Providers.checkRecording(m, store));
        assertEquals(m, e.file());
        assertTrue(e.getMessage().contains("'response'"), e.getMessage());
    }

    @Test
    void aRecordedFileThatChangedIsRefusedWithTheManifestLine() throws Exception {
        Path m = manifest("  id: {template: \"{keyword}/{index}\"}\n  response: model_output", "0".repeat(64));
        ConfigException e = assertThrows(ConfigException.class, () -> Providers.checkRecording(m, store));
        assertEquals(m, e.file());
        assertEquals(7, e.line(), "the line of the sha256 that does not match");
        assertTrue(e.getMessage().contains("sha256"), e.getMessage());
    }
}
