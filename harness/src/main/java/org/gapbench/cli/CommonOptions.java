package org.gapbench.cli;

import java.nio.file.Path;
import org.gapbench.config.Home;
import org.gapbench.dataset.DataStore;
import org.gapbench.model.Catalog;
import org.gapbench.run.RunPreparer;
import picocli.CommandLine.Option;

/** Options every command that reads suites or data shares. */
final class CommonOptions {
    @Option(names = "--data-dir", description = "Directory with benchmark data files (searched before $GAPBENCH_DATA and the user cache).")
    Path dataDir;

    @Option(names = "--debug", description = "Print stack traces for errors.")
    boolean debug;

    Home home() {
        return Home.resolve();
    }

    DataStore store() {
        return DataStore.standard(dataDir, home().datasets());
    }

    Catalog catalog() {
        return Catalog.load(home().catalog());
    }

    RunPreparer preparer() {
        return new RunPreparer(home(), store(), catalog());
    }
}
