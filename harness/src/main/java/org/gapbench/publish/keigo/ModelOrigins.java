package org.gapbench.publish.keigo;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.gapbench.config.ConfigException;

/**
 * Who made each recorded model ({@code datasets/recorded-model-origins.csv}): the recorded files name models by
 * their Hugging Face or API ids, which the catalog does not list by version.
 */
public final class ModelOrigins {
    public record Origin(String model, String organization, String country) {
    }

    private final Map<String, Origin> byFile;

    private ModelOrigins(Map<String, Origin> byFile) {
        this.byFile = byFile;
    }

    public static ModelOrigins load(Path csv) {
        Map<String, Origin> map = new HashMap<>();
        try (Reader r = Files.newBufferedReader(csv)) {
            CSVFormat fmt = CSVFormat.DEFAULT.builder().setCommentMarker('#').setHeader().setSkipHeaderRecord(true).get();
            for (CSVRecord rec : fmt.parse(r)) {
                if (rec.size() < 5) {
                    throw new ConfigException(csv, (int) rec.getRecordNumber() + 1, "expected file,model,organization,country,source");
                }
                map.put(rec.get("file"), new Origin(rec.get("model"), rec.get("organization"), rec.get("country")));
            }
        } catch (IOException e) {
            throw new ConfigException(csv, 0, "cannot read: " + e.getMessage());
        }
        return new ModelOrigins(map);
    }

    public boolean knows(String file) {
        return byFile.containsKey(file);
    }

    /** The origin of a recorded file, or an "unknown" origin named after the file. */
    public Origin of(String file) {
        return byFile.getOrDefault(file, new Origin(file, "unknown", "unknown"));
    }
}
