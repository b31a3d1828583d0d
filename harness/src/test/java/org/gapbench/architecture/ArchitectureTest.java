package org.gapbench.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The house as docs/architecture.md draws it: packages by capability, dependencies running one way, narrow faces.
 * A change that adds an arrow running back up fails here, with the offending class and line.
 */
class ArchitectureTest {
    /** The product's own classes: this module's main output, without the testkit or the tests beside it. */
    private static final JavaClasses PRODUCT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importUrl(org.gapbench.cli.Main.class.getProtectionDomain().getCodeSource().getLocation());

    @Test
    void noPackageCycles() {
        slices().matching("org.gapbench.(**)").should().beFreeOfCycles().check(PRODUCT);
    }

    @Test
    void dependenciesRunOneWay() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("config").definedBy("org.gapbench.config..", "org.gapbench.io..")
                .layer("dataset").definedBy("org.gapbench.dataset..")
                .layer("model").definedBy("org.gapbench.model")
                .layer("providers").definedBy("org.gapbench.model.provider..")
                .layer("resilience").definedBy("org.gapbench.model.resilient..")
                .layer("suite").definedBy("org.gapbench.suite..")
                .layer("stats").definedBy("org.gapbench.stats..")
                .layer("keigo").definedBy("org.gapbench.keigo..")
                .layer("sandbox").definedBy("org.gapbench.sandbox..")
                .layer("score").definedBy("org.gapbench.score")
                .layer("scorers").definedBy("org.gapbench.score.math..", "org.gapbench.score.code..", "org.gapbench.score.choice..",
                        "org.gapbench.score.ja..", "org.gapbench.score.lang..", "org.gapbench.score.judge..")
                .layer("registry").definedBy("org.gapbench.score.registry..")
                .layer("grade").definedBy("org.gapbench.grade..")
                .layer("results").definedBy("org.gapbench.results..")
                .layer("run").definedBy("org.gapbench.run..")
                .layer("publish").definedBy("org.gapbench.publish..")
                .layer("cli").definedBy("org.gapbench.cli..")

                .whereLayer("cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("publish").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("run").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("results").mayOnlyBeAccessedByLayers("run", "publish", "cli")
                .whereLayer("grade").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("registry").mayOnlyBeAccessedByLayers("grade", "run", "publish", "cli")
                .whereLayer("scorers").mayOnlyBeAccessedByLayers("registry")
                .whereLayer("score").mayOnlyBeAccessedByLayers("scorers", "registry", "grade", "results", "run", "publish", "cli")
                .whereLayer("sandbox").mayOnlyBeAccessedByLayers("scorers", "cli")
                .whereLayer("keigo").mayOnlyBeAccessedByLayers("scorers", "publish", "cli")
                .whereLayer("stats").mayOnlyBeAccessedByLayers("score", "scorers", "registry", "grade", "results", "run", "publish", "cli")
                .whereLayer("suite").mayOnlyBeAccessedByLayers("score", "scorers", "registry", "grade", "results", "run", "publish", "cli")
                .whereLayer("resilience").mayOnlyBeAccessedByLayers("run", "cli")
                .whereLayer("providers").mayOnlyBeAccessedByLayers("run", "cli")
                .whereLayer("model").mayOnlyBeAccessedByLayers("providers", "resilience", "suite", "score", "scorers", "registry",
                        "results", "run", "publish", "cli")
                .whereLayer("dataset").mayOnlyBeAccessedByLayers("model", "providers", "resilience", "suite", "keigo", "sandbox",
                        "score", "scorers", "registry", "grade", "results", "run", "publish", "cli")
                .check(PRODUCT);
    }

    /** One road: only the run's client factory opens a provider, so every call gets the decorators. */
    @Test
    void onlyTheRunOpensProviders() {
        noClasses().that().resideOutsideOfPackages("org.gapbench.run..", "org.gapbench.model.provider..")
                .should().callMethodWhere(com.tngtech.archunit.core.domain.JavaCall.Predicates.target(
                        com.tngtech.archunit.base.DescribedPredicate.describe("Providers.open",
                                t -> t.getOwner().getName().equals("org.gapbench.model.provider.Providers") && t.getName().equals("open"))))
                .check(PRODUCT);
    }

    /** The product jar carries no fake provider: HTTP servers belong to the testkit module. */
    @Test
    void theProductServesNoHttp() {
        noClasses().should().dependOnClassesThat().resideInAPackage("com.sun.net.httpserver..").check(PRODUCT);
    }

    /** The run package's face: what the command line needs, and nothing of the engine. */
    @Test
    void theRunPackageShowsOnlyItsApi() {
        assertEquals(Set.of("AutoShard", "Evaluation", "Evaluation$Builder", "Evaluation$Outcome", "PreparedRun", "RunListener",
                "RunPreparer", "RunRequest", "RunRequest$Builder", "RunTotals", "ShardMerger", "ShardMerger$Result"),
                publicTypes("org.gapbench.run"));
    }

    /** The run directory's format has one owner: the journal is opened and read only through it. */
    @Test
    void theJournalIsReadAndWrittenOnlyByItsOwner() {
        noClasses().that().resideOutsideOfPackage("org.gapbench.results").should().callMethodWhere(
                com.tngtech.archunit.core.domain.JavaCall.Predicates.target(com.tngtech.archunit.base.DescribedPredicate.describe(
                        "a Journal factory", t -> t.getOwner().getName().equals("org.gapbench.results.Journal")
                                && !t.getName().equals("append") && !t.getName().equals("close"))))
                .check(PRODUCT);
    }

    private static Set<String> publicTypes(String pkg) {
        Set<String> out = new TreeSet<>();
        for (JavaClass c : PRODUCT) {
            if (c.getPackageName().equals(pkg) && c.getModifiers().contains(JavaModifier.PUBLIC) && !c.isAnonymousClass()) {
                out.add(c.getName().substring(pkg.length() + 1));
            }
        }
        return out;
    }
}
