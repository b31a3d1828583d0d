package org.gapbench.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.gapbench.model.CatalogEntry;
import org.gapbench.model.ProviderProfile;
import org.gapbench.suite.SuiteLoader;
import org.gapbench.suite.SuiteSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "list", mixinStandardHelpOptions = true, description = "Lists suites, catalog models or provider profiles.")
final class ListCommand implements Callable<Integer> {
    enum What { suites, models, providers }

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Parameters(paramLabel = "WHAT", description = "suites, models or providers")
    What what;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        switch (what) {
            case suites -> {
                for (SuiteSpec s : SuiteLoader.loadAll(common.home().suites()).values()) {
                    out.printf("%-22s v%-4s %-8s %-22s %s%n", s.id(), s.version(), s.language(), s.dataset(), s.title());
                }
            }
            case models -> {
                out.printf("%-28s %-18s %-14s %-3s %-10s %-5s %-5s %s%n", "id", "provider", "organization", "cc", "released",
                        "open", "think", "$in/$out per M");
                for (CatalogEntry e : common.catalog().all()) {
                    out.printf("%-28s %-18s %-14s %-3s %-10s %-5s %-5s %s%n", e.id(), e.provider(), e.organization(), e.country(),
                            e.releaseDate(), e.openWeights() ? "yes" : "no", e.reasoning() ? "yes" : "no",
                            e.priceInputPerM() == null ? "-" : e.priceInputPerM() + "/" + e.priceOutputPerM());
                }
            }
            case providers -> {
                for (ProviderProfile p : ProviderProfile.all()) {
                    out.printf("%-18s %-9s %-55s %-20s %s%n", p.name(), p.wire().name().toLowerCase(java.util.Locale.ROOT),
                            p.defaultBaseUrl() == null ? "-" : p.defaultBaseUrl(), p.apiKeyEnv() == null ? "-" : p.apiKeyEnv(), p.notes());
                }
            }
        }
        out.flush();
        return ExitCode.OK.code;
    }
}
