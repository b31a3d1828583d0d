package org.gapbench.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.gapbench.config.ConfigException;
import org.gapbench.dataset.DataStore;
import org.gapbench.dataset.DatasetManifest;
import org.gapbench.dataset.ManifestLoader;
import org.gapbench.model.provider.Providers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "data", mixinStandardHelpOptions = true, description = "Fetches, imports and verifies benchmark data files.",
        subcommands = {DataCommand.Pull.class, DataCommand.Import.class, DataCommand.Verify.class})
final class DataCommand {

    static Map<String, DatasetManifest> selected(CommonOptions common, List<String> ids) {
        Map<String, DatasetManifest> all = ManifestLoader.loadAll(common.home().datasets());
        if (ids == null || ids.isEmpty()) {
            return all;
        }
        Map<String, DatasetManifest> out = new java.util.LinkedHashMap<>();
        for (String id : ids) {
            DatasetManifest m = all.get(id);
            if (m == null) {
                throw new ConfigException("unknown dataset '" + id + "' (known: " + String.join(", ", all.keySet()) + ")");
            }
            out.put(id, m);
        }
        return out;
    }

    @Command(name = "pull", mixinStandardHelpOptions = true, description = "Downloads missing files from each manifest's URLs into the user cache, checking sha256.")
    static final class Pull implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        CommonOptions common;
        @Parameters(arity = "0..*", paramLabel = "DATASET", description = "Dataset ids (default: all).")
        List<String> ids;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            DataStore store = common.store();
            for (DatasetManifest m : selected(common, ids).values()) {
                List<Path> fetched = store.pull(m, Providers.http());
                out.printf("%-24s %s%n", m.id(), fetched.isEmpty() ? "already available" : "downloaded " + fetched.size() + " file(s)");
            }
            out.flush();
            return ExitCode.OK.code;
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true, description = "Copies the files of every manifest from a local mirror into the user cache, checking sha256.")
    static final class Import implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        CommonOptions common;
        @Parameters(index = "0", paramLabel = "MIRROR", description = "Directory laid out like the manifests' paths (e.g. ../shared/datasets).")
        Path mirror;
        @Parameters(index = "1..*", arity = "0..*", paramLabel = "DATASET", description = "Dataset ids (default: all).")
        List<String> ids;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            DataStore store = common.store();
            for (DatasetManifest m : selected(common, ids).values()) {
                List<Path> copied = store.importFrom(m, mirror);
                out.printf("%-24s imported %d file(s) into %s%n", m.id(), copied.size(), store.userCache());
            }
            out.flush();
            return ExitCode.OK.code;
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true, description = "Checks that every file of every manifest is available with the right sha256.")
    static final class Verify implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        CommonOptions common;
        @Parameters(arity = "0..*", paramLabel = "DATASET", description = "Dataset ids (default: all).")
        List<String> ids;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            DataStore store = common.store();
            int missing = 0;
            for (DatasetManifest m : selected(common, ids).values()) {
                int ok = 0;
                for (DatasetManifest.DataFile f : m.files()) {
                    Optional<Path> p = store.find(m, f);
                    if (p.isPresent()) {
                        ok++;
                    } else {
                        missing++;
                        out.printf("%s:%d: missing %s%n", m.source(), f.line(), f.path());
                    }
                }
                out.printf("%-24s %d/%d files verified%n", m.id(), ok, m.files().size());
            }
            out.flush();
            return missing == 0 ? ExitCode.OK.code : ExitCode.USAGE.code;
        }
    }
}
