package org.gapbench.publish.keigo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.gapbench.config.ConfigException;
import org.gapbench.io.JsonLines;

/**
 * The real Japanese answers in the mirror's {@code recorded/} folder, per corpus and model file: ELYZA-tasks-100
 * predictions ({@code pred}) and the FastChat answer files of Rakuda, ja-vicuna-qa and Japanese MT-Bench
 * ({@code choices[0].turns}, every turn).
 */
public final class RecordedAnswers {

    /** One model's answers in one corpus; {@code file} is the file name without extensions (the origin key). */
    public record ModelAnswers(String corpus, String file, List<String> answers) {
    }

    /** Where each corpus lives under the mirror, and whether it uses the ELYZA {@code pred} layout. */
    private record Corpus(String name, String dir, boolean pred) {
    }

    private static final List<Corpus> CORPORA = List.of(
            new Corpus("elyza-tasks-100", "recorded/elyza-tasks-100-preds/preds", true),
            new Corpus("rakuda-v3", "recorded/rakuda-ja/rakuda_v3/answers", false),
            new Corpus("rakuda-v2", "recorded/rakuda-ja/rakuda_v2/answers", false),
            new Corpus("ja-vicuna-qa", "recorded/ja-vicuna-qa-benchmark/model_answer", false),
            new Corpus("ja-mt-bench", "recorded/stability-japanese-mt-bench/model_answer", false));

    private RecordedAnswers() {
    }

    public static List<ModelAnswers> read(Path mirror) {
        List<ModelAnswers> out = new ArrayList<>();
        for (Corpus c : CORPORA) {
            Path dir = mirror.resolve(c.dir());
            if (!Files.isDirectory(dir)) {
                throw new ConfigException(dir, 0, "recorded answers not found: is --data-dir (or GAPBENCH_DATA) the datasets mirror?");
            }
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.sorted().filter(p -> p.toString().matches(".*\\.jsonl(\\.gz)?$")).toList()) {
                    out.add(new ModelAnswers(c.name(), stem(f), answers(f, c.pred())));
                }
            } catch (IOException e) {
                throw new ConfigException(dir, 0, "cannot read: " + e.getMessage());
            }
        }
        return out;
    }

    private static List<String> answers(Path f, boolean pred) {
        List<String> out = new ArrayList<>();
        JsonLines.forEach(f, (line, n) -> {
            if (pred) {
                out.add(n.path("pred").asText(""));
            } else {
                n.path("choices").path(0).path("turns").forEach(t -> out.add(t.asText("")));
            }
        });
        return out;
    }

    private static String stem(Path f) {
        return f.getFileName().toString().replaceFirst("(\\.preds)?\\.jsonl(\\.gz)?$", "");
    }
}
