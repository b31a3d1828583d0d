package org.gapbench.results;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.gapbench.io.Hashes;
import org.gapbench.io.Json;
import org.gapbench.model.GenerationParams;
import org.gapbench.suite.ScorerConfig;

/**
 * Everything that decides a run's numbers ({@code run.json}). Two runs with the same {@link #fingerprint()} asked
 * the same questions of the same model in the same way and judged the answers the same way; shards of one run share
 * it and differ only in {@code shard}. {@code judges} are the models the scorer asks (judges, a reference answerer),
 * resolved as the model under test is: a recording by its sha256.
 */
public record RunIdentity(
        @JsonProperty("format") String format,
        @JsonProperty("suite") SuiteRef suite,
        @JsonProperty("dataset") DatasetRef dataset,
        @JsonProperty("model") ModelRef model,
        @JsonProperty("generation") GenerationParams generation,
        @JsonProperty("samples") int samples,
        @JsonProperty("selection") Selection selection,
        @JsonProperty("shard") Shard shard,
        @JsonProperty("harness") Harness harness,
        @JsonProperty("judges") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ModelRef> judges,
        @JsonProperty("scorer_data") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<DatasetRef> scorerData) {

    public RunIdentity {
        judges = judges == null ? List.of() : List.copyOf(judges);
        scorerData = scorerData == null ? List.of() : List.copyOf(scorerData);
    }

    public RunIdentity(String format, SuiteRef suite, DatasetRef dataset, ModelRef model, GenerationParams generation, int samples,
                       Selection selection, Shard shard, Harness harness, List<ModelRef> judges) {
        this(format, suite, dataset, model, generation, samples, selection, shard, harness, judges, List.of());
    }

    public static final String FORMAT = "gapbench-run/1";

    public record SuiteRef(@JsonProperty("id") String id, @JsonProperty("version") String version,
                           @JsonProperty("content_hash") String contentHash, @JsonProperty("prompt_hash") String promptHash,
                           @JsonProperty("prompt_system") String promptSystem, @JsonProperty("prompt_user") String promptUser,
                           @JsonProperty("scorer") ScorerConfig scorer, @JsonProperty("scorer_hash") String scorerHash,
                           @JsonProperty("metrics") List<String> metrics) {
    }

    /** @param corrections the manifest's gold corrections, {@code "<item>.<field>: <was> -> <value>"} (left out when none) */
    public record DatasetRef(@JsonProperty("id") String id, @JsonProperty("version") String version,
                             @JsonProperty("license") String license, @JsonProperty("commercial_use") boolean commercialUse,
                             @JsonProperty("files") List<FileHash> files,
                             @JsonProperty("corrections") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> corrections) {
        public DatasetRef {
            corrections = corrections == null ? List.of() : List.copyOf(corrections);
        }
    }

    public record FileHash(@JsonProperty("path") String path, @JsonProperty("sha256") String sha256) {
    }

    /**
     * The model as asked; catalog facts are copied in so the run can be placed on history charts later. A replay
     * names its recording by {@code file_sha256} and by its path relative to the data directory.
     */
    public record ModelRef(@JsonProperty("name") String name, @JsonProperty("spec") String spec,
                           @JsonProperty("provider") String provider, @JsonProperty("api_model") String apiModel,
                           @JsonProperty("base_url") String baseUrl, @JsonProperty("organization") String organization,
                           @JsonProperty("country") String country, @JsonProperty("release_date") String releaseDate,
                           @JsonProperty("open_weights") Boolean openWeights, @JsonProperty("file_sha256") String fileSha256) {

        /** What makes two models one for resuming and merging: the endpoint counts, a replay is its file's content. */
        String identifying() {
            String where = fileSha256 != null ? "file:" + fileSha256 : provider + " " + apiModel + " " + endpoint(baseUrl);
            return Hashes.sha256(name, fileSha256 != null ? provider : spec, where);
        }

        static String endpoint(String url) {
            return url == null ? "" : url.strip().replaceAll("/+$", "");
        }
    }

    /** Which items: all, or a seeded stratified sample of {@code limit} items. */
    public record Selection(@JsonProperty("limit") Integer limit, @JsonProperty("seed") long seed,
                            @JsonProperty("stratify_by") String stratifyBy, @JsonProperty("items") int items) {
    }

    public record Shard(@JsonProperty("index") int index, @JsonProperty("count") int count) {
        public static final Shard WHOLE = new Shard(0, 1);

        @Override
        public String toString() {
            return index + "/" + count;
        }
    }

    public record Harness(@JsonProperty("version") String version, @JsonProperty("git_commit") String gitCommit,
                          @JsonProperty("created_at") String createdAt) {
    }

    /** This identity naming {@code j} as the models its scorer asks. */
    public RunIdentity withJudges(List<ModelRef> j) {
        return new RunIdentity(format, suite, dataset, model, generation, samples, selection, shard, harness, j, scorerData);
    }

    /** This identity naming {@code d} as the datasets its scorer reads (judge prompts), each file by its sha256. */
    public RunIdentity withScorerData(List<DatasetRef> d) {
        return new RunIdentity(format, suite, dataset, model, generation, samples, selection, shard, harness, judges, d);
    }

    /** Hash of everything that must match for two runs (or two shards) to be one run. */
    @JsonIgnore
    public String fingerprint() {
        String base = Hashes.sha256(format, Json.write(suite), Json.write(dataset), model.identifying(), Json.write(generation),
                Integer.toString(samples), Json.write(selection));
        // judged runs only: the fingerprints of unjudged runs stay what they were
        if (judges.isEmpty() && scorerData.isEmpty()) {
            return base;
        }
        return Hashes.sha256(base, String.join(",", judges.stream().map(ModelRef::identifying).toList()), Json.write(scorerData));
    }

    /** What differs between this identity and {@code other}, for a message; empty when the fingerprints match. */
    public List<String> differencesFrom(RunIdentity other) {
        List<String> d = new java.util.ArrayList<>();
        if (!suite.id().equals(other.suite.id())) {
            d.add("suite " + other.suite.id() + " vs " + suite.id());
        } else {
            if (!suite.version().equals(other.suite.version())) {
                d.add("suite version " + other.suite.version() + " vs " + suite.version());
            }
            if (!suite.promptHash().equals(other.suite.promptHash())) {
                d.add("prompt template (hash " + other.suite.promptHash().substring(0, 12) + " vs " + suite.promptHash().substring(0, 12) + ")");
            }
            if (!suite.scorerHash().equals(other.suite.scorerHash())) {
                d.add("scorer configuration");
            }
        }
        if (!dataset.files().equals(other.dataset.files())) {
            d.add("dataset files (sha256 differ)");
        }
        if (!dataset.corrections().equals(other.dataset.corrections())) {
            d.add("dataset corrections");
        }
        if (!model.spec().equals(other.model.spec())) {
            d.add("model " + other.model.spec() + " vs " + model.spec());
        } else if (!ModelRef.endpoint(model.baseUrl()).equals(ModelRef.endpoint(other.model.baseUrl()))) {
            d.add("endpoint " + other.model.baseUrl() + " vs " + model.baseUrl());
        } else if (!java.util.Objects.equals(model.fileSha256(), other.model.fileSha256())) {
            d.add("recorded outputs (sha256 " + other.model.fileSha256() + " vs " + model.fileSha256() + ")");
        }
        if (!generation.equals(other.generation)) {
            d.add("generation parameters " + Json.write(other.generation) + " vs " + Json.write(generation));
        }
        if (samples != other.samples) {
            d.add("samples per item " + other.samples + " vs " + samples);
        }
        if (!selection.equals(other.selection)) {
            d.add("item selection " + Json.write(other.selection) + " vs " + Json.write(selection));
        }
        if (!judges.stream().map(ModelRef::identifying).toList().equals(other.judges.stream().map(ModelRef::identifying).toList())) {
            d.add("judges " + other.judges.stream().map(ModelRef::spec).toList() + " vs " + judges.stream().map(ModelRef::spec).toList()
                    + (other.judges.stream().map(ModelRef::spec).toList().equals(judges.stream().map(ModelRef::spec).toList())
                    ? " (recordings differ)" : ""));
        }
        if (!scorerData.equals(other.scorerData)) {
            d.add("the scorer's own data (judge prompts: sha256 differ)");
        }
        if (d.isEmpty() && !fingerprint().equals(other.fingerprint())) {
            d.add("suite content");
        }
        return d;
    }
}
