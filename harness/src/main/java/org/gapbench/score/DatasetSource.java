package org.gapbench.score;

import java.util.List;
import org.gapbench.config.ConfigException;
import org.gapbench.dataset.Item;

/**
 * Datasets a scorer reads besides the suite's own (a judge's prompt templates, say), by manifest id: read through the
 * same manifests, sha256 checks and data directories as every dataset, never from a path of the scorer's own.
 */
@FunctionalInterface
public interface DatasetSource {
    /** The items of dataset {@code id}; a missing manifest or file is a {@link ConfigException}. */
    List<Item> items(String id);

    /** Where no dataset can be read (a scorer that needs one says so). */
    DatasetSource NONE = id -> {
        throw new ConfigException("dataset '" + id + "' cannot be read here");
    };
}
