package org.gapbench.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One line of a run's {@code batches.jsonl}: what is known of one provider batch at one moment. The first line of a
 * batch is written once its input file is uploaded and before the batch is created ({@code file}, {@code custom_ids},
 * state {@code uploaded}); later lines name the batch ({@code batch}) and its state as polled. The last line of a
 * file id wins, its custom ids from the first.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BatchEntry(@JsonProperty("file") String file, @JsonProperty("batch") String batch, @JsonProperty("state") String state,
                         @JsonProperty("custom_ids") List<String> customIds, @JsonProperty("output_file") String outputFile,
                         @JsonProperty("error_file") String errorFile) {
    public static final String UPLOADED = "uploaded";
}
