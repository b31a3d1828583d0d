package org.gapbench.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.gapbench.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Manifests, field mapping over every format, and hash checks. */
class ManifestAndReaderTest {
    @TempDir
    Path tmp;

    Path data(String name, byte[] bytes) throws Exception {
        Path f = tmp.resolve("data").resolve(name);
        Files.createDirectories(f.getParent());
        Files.write(f, bytes);
        return f;
    }

    Path manifest(String text) throws Exception {
        Path f = tmp.resolve("m.yaml");
        Files.writeString(f, text);
        return f;
    }

    List<Item> read(String manifestText) throws Exception {
        DataStore store = new DataStore(List.of(tmp.resolve("data")), tmp.resolve("cache"));
        return new DatasetReader(store).read(ManifestLoader.load(manifest(manifestText)), null);
    }

    static String sha(Path f) throws Exception {
        return DataStore.sha256Of(f);
    }

    @Test
    void csvWithBomHeaderlessColumnsListsAndTags() throws Exception {
        Path f = data("mc/anatomy.csv", "\uFEFFWhat is 1+1?,1,2,3,4,B\n\"Quoted, comma\",a,b,c,d, C \n".getBytes(StandardCharsets.UTF_8));
        List<Item> items = read("""
                id: mc
                version: "1"
                license: CC BY-SA 4.0
                commercial_use: true
                files:
                  - {path: mc/anatomy.csv, sha256: %s, tags: {subject: anatomy}}
                fields:
                  id: {template: "{subject}/{index}"}
                  question: "0"
                  choices: ["1", "2", "3", "4"]
                  answer: {from: "5", regex: "([A-D])"}
                """.formatted(sha(f)));
        assertEquals(2, items.size());
        assertEquals("anatomy/0", items.get(0).id());
        assertEquals("What is 1+1?", items.get(0).text("question"));
        assertEquals(List.of("1", "2", "3", "4"), items.get(0).list("choices"));
        assertEquals("C", items.get(1).text("answer"));
        assertEquals("anatomy", items.get(1).text("subject"));
        assertEquals("Quoted, comma", items.get(1).text("question"));
    }

    @Test
    void gzippedJsonLinesTsvAndJsonArraysWithSelection() throws Exception {
        var bytes = new java.io.ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write("{\"task_id\": \"T/0\", \"n\": 5}\n{\"task_id\": \"T/1\", \"n\": 12}\n".getBytes(StandardCharsets.UTF_8));
        }
        Path gz = data("x.jsonl.gz", bytes.toByteArray());
        assertEquals(List.of("T/0", "T/1"), read("""
                id: x
                version: "1"
                license: MIT
                commercial_use: true
                files: [{path: x.jsonl.gz, sha256: %s}]
                fields: {id: task_id, n: {from: n, type: int}}
                """.formatted(sha(gz))).stream().map(Item::id).toList());

        Path tsv = data("m.tsv", "Janet has 3 apples\t3\nx\t10\n".getBytes(StandardCharsets.UTF_8));
        List<Item> t = read("""
                id: t
                version: "1"
                license: CC BY 4.0
                commercial_use: true
                files: [{path: m.tsv, sha256: %s}]
                fields: {id: {template: "{index}"}, question: "0", answer: "1"}
                """.formatted(sha(tsv)));
        assertEquals("10", t.get(1).text("answer"));

        Path json = data("a.json", "[{\"task_id\": 3}, {\"task_id\": 11}, {\"task_id\": 510}, {\"task_id\": 511}]".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("11", "510"), read("""
                id: a
                version: "1"
                license: MIT
                commercial_use: true
                files: [{path: a.json, sha256: %s}]
                fields: {id: task_id}
                select: {field: task_id, min: 11, max: 510}
                """.formatted(sha(json))).stream().map(Item::id).toList());
    }

    /** A publisher's result file: a gzipped JSON object whose records sit under a member, beside file-wide fields. */
    @Test
    void gzippedJsonDocumentsWithTheirRecordsUnderAMember() throws Exception {
        var bytes = new java.io.ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write("""
                    {"keyword": "Physics_MCQs", "prompt": "请你做一道物理选择题", "example": [
                      {"index": 0, "score": 6, "standard_answer": ["BD"]},
                      {"index": 1, "score": 1.5, "standard_answer": ["A", "C"], "prompt": "its own"}]}
                    """.getBytes(StandardCharsets.UTF_8));
        }
        Path f = data("gk/Physics.json.gz", bytes.toByteArray());
        String manifest = """
                id: gk
                version: "1"
                license: Apache-2.0
                commercial_use: false
                files:
                  - path: gk/Physics.json.gz
                    sha256: %s
                    records: example
                    tags: {subject: physics}
                fields:
                  id: {template: "{keyword}/{index}"}
                  instruction: prompt
                  answer: {from: standard_answer, type: raw}
                  points: {from: score, type: raw}
                """.formatted(sha(f));
        List<Item> items = read(manifest);
        assertEquals(List.of("Physics_MCQs/0", "Physics_MCQs/1"), items.stream().map(Item::id).toList());
        assertEquals("请你做一道物理选择题", items.get(0).text("instruction"), "the document's prompt, for every record");
        assertEquals("its own", items.get(1).text("instruction"), "a record's own member wins");
        assertEquals(List.of("A", "C"), items.get(1).list("answer"));
        assertEquals(1.5, ((Number) items.get(1).fields().get("points")).doubleValue());
        assertEquals("physics", items.get(0).text("subject"));

        ConfigException notThere = assertThrows(ConfigException.class, () -> read(manifest.replace("records: example", "records: items")));
        assertTrue(notThere.getMessage().contains("'items'"), notThere.getMessage());
        Path csv = data("gk/x.csv", "a\n1\n".getBytes(StandardCharsets.UTF_8));
        ConfigException notJson = assertThrows(ConfigException.class, () -> read(manifest.replace("gk/Physics.json.gz", "gk/x.csv")
                .replace(sha(f), sha(csv))));
        assertEquals(8, notJson.line(), "the 'records' line of a CSV file");
    }

    @Test
    void aHashMismatchIsAHardErrorNamingTheFile() throws Exception {
        Path f = data("g.jsonl", "{\"q\": 1}\n".getBytes(StandardCharsets.UTF_8));
        String text = """
                id: g
                version: "1"
                license: MIT
                commercial_use: true
                files:
                  - path: g.jsonl
                    sha256: %s
                fields: {id: q}
                """.formatted("0".repeat(64));
        ConfigException e = assertThrows(ConfigException.class, () -> read(text));
        assertEquals(7, e.line(), "the line of the sha256 that does not match");
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("sha256"), e.getMessage());
    }

    @Test
    void aCorruptRecordNamesItsDataFileAndLine() throws Exception {
        Path f = data("c.jsonl", "{\"q\": 1}\n{\"q\": 2\n".getBytes(StandardCharsets.UTF_8));
        ConfigException e = assertThrows(ConfigException.class, () -> read("""
                id: c
                version: "1"
                license: MIT
                commercial_use: true
                files: [{path: c.jsonl, sha256: %s}]
                fields: {id: q}
                """.formatted(sha(f))));
        assertEquals(f, e.file());
        assertEquals(2, e.line());
    }

    @Test
    void badManifestsGiveFileAndLine() throws Exception {
        String base = """
                id: b
                version: "1"
                license: MIT
                commercial_use: true
                files:
                  - path: b.jsonl
                    sha256: %s
                fields: {id: q}
                """;
        ConfigException shortHash = assertThrows(ConfigException.class, () -> ManifestLoader.load(manifest(base.formatted("abc"))));
        assertEquals(7, shortHash.line());
        ConfigException escape = assertThrows(ConfigException.class,
                () -> ManifestLoader.load(manifest(base.formatted("a".repeat(64)).replace("b.jsonl", "../../etc/passwd"))));
        assertEquals(6, escape.line());
        ConfigException noLicence = assertThrows(ConfigException.class,
                () -> ManifestLoader.load(manifest(base.formatted("a".repeat(64)).replace("license: MIT\n", ""))));
        assertTrue(noLicence.getMessage().contains("license"));
    }

    @Test
    void importCopiesAVerifiedMirror() throws Exception {
        Path f = data("i/one.jsonl", "{\"q\": 1}\n".getBytes(StandardCharsets.UTF_8));
        DatasetManifest m = ManifestLoader.load(manifest("""
                id: i
                version: "1"
                license: MIT
                commercial_use: true
                files: [{path: i/one.jsonl, sha256: %s}]
                fields: {id: q}
                """.formatted(sha(f))));
        DataStore store = new DataStore(List.of(tmp.resolve("cache")), tmp.resolve("cache"));
        store.importFrom(m, tmp.resolve("data"));
        assertTrue(store.find(m, m.files().get(0)).isPresent());
        Files.writeString(tmp.resolve("cache/i/one.jsonl"), "tampered");
        assertThrows(ConfigException.class, () -> store.find(m, m.files().get(0)));
    }

    /** A gold that keeps one of several valid values is corrected by id, with its reason; a changed file is noticed. */
    @Test
    void correctionsReplaceAGoldByIdAndCheckWhatTheyCorrect() throws Exception {
        Path f = data("q.jsonl", "{\"id\": 1, \"answer\": \"5\"}\n{\"id\": 2, \"answer\": \"3\"}\n".getBytes(StandardCharsets.UTF_8));
        String manifest = """
                id: q
                version: "1"
                license: MIT
                commercial_use: true
                files:
                  - {path: q.jsonl, sha256: %s}
                fields:
                  id: id
                  answer: answer
                corrections:
                  - id: "2"
                    field: answer
                    was: "%s"
                    value: "3, -3"
                    source: x^2 = 9 has two roots; the gold kept one
                """;
        List<Item> items = read(manifest.formatted(sha(f), "3"));
        assertEquals("5", items.get(0).text("answer"));
        assertEquals("3, -3", items.get(1).text("answer"));

        ConfigException changed = assertThrows(ConfigException.class, () -> read(manifest.formatted(sha(f), "4")));
        assertTrue(changed.oneLine().matches(".*m\\.yaml:11: item '2' has answer '3', not '4'.*"), changed.oneLine());
        ConfigException unknown = assertThrows(ConfigException.class, () -> read(manifest.formatted(sha(f), "3").replace("id: \"2\"", "id: \"9\"")));
        assertTrue(unknown.oneLine().contains("m.yaml:11: correction for item '9'"), unknown.oneLine());
        ConfigException noReason = assertThrows(ConfigException.class,
                () -> read(manifest.formatted(sha(f), "3").replace("    source: x^2 = 9 has two roots; the gold kept one\n", "")));
        assertTrue(noReason.oneLine().contains("m.yaml:11") && noReason.oneLine().contains("source"), noReason.oneLine());
        ConfigException field = assertThrows(ConfigException.class, () -> read(manifest.formatted(sha(f), "3").replace("field: answer", "field: gold")));
        assertTrue(field.oneLine().contains("m.yaml:12: a correction of 'gold'"), field.oneLine());
    }

    @Test
    void jsonPointersReachNestedTurnsAndDuplicatesFirstKeepsTheFirstRecord() throws Exception {
        Path f = data("answers.jsonl", ("""
                {"question_id": 1, "model": "m", "choices": [{"index": 0, "turns": ["first", "second"]}]}
                {"question_id": 2, "model": "m", "choices": [{"index": 0, "turns": ["only"]}]}
                {"question_id": 1, "model": "m", "choices": [{"index": 0, "turns": ["again", "twice"]}]}
                """).getBytes(StandardCharsets.UTF_8));
        String manifest = """
                id: answers
                version: "1"
                license: Apache-2.0
                commercial_use: true
                %s
                files:
                  - {path: answers.jsonl, sha256: %s}
                fields:
                  id: {template: "{model}/{question_id}"}
                  response: /choices/0/turns/0
                  question: /question_id
                """;
        ConfigException dup = assertThrows(ConfigException.class, () -> read(manifest.formatted("", sha(f))));
        assertTrue(dup.oneLine().contains("answers.jsonl:3") && dup.oneLine().contains("duplicate item id 'm/1'"), dup.oneLine());
        List<Item> items = read(manifest.formatted("duplicates: first", sha(f)));
        assertEquals(List.of("m/1", "m/2"), items.stream().map(Item::id).toList());
        assertEquals("first", items.get(0).text("response"));
        assertEquals("1", items.get(0).text("question"));

        ConfigException missing = assertThrows(ConfigException.class, () -> read(manifest.formatted("", sha(f))
                .replace("/choices/0/turns/0", "/choices/0/turns/1")));
        assertTrue(missing.oneLine().contains("answers.jsonl:2") && missing.oneLine().contains("/choices/0/turns/1"), missing.oneLine());
        ConfigException bad = assertThrows(ConfigException.class, () -> read(manifest.formatted("duplicates: last", sha(f))));
        assertTrue(bad.oneLine().contains("m.yaml:5") && bad.oneLine().contains("'duplicates'"), bad.oneLine());
    }
}
