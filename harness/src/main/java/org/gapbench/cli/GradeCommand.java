package org.gapbench.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.gapbench.config.ConfigException;
import org.gapbench.dataset.Item;
import org.gapbench.grade.Grader;
import org.gapbench.io.AtomicFiles;
import org.gapbench.run.RunPreparer;
import org.gapbench.score.ScoringContext;
import org.gapbench.suite.SuiteSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "grade", mixinStandardHelpOptions = true,
        description = {"Grades answers produced anywhere with a gapbench scorer, without calling a model.",
                "Input: JSON Lines {\"id\", \"response\", \"gold\"} (optional \"scorer\", \"answer_kind\", \"suite\", \"finish_reason\"),",
                "from FILE or standard input. Output: one JSON line per answer {\"id\", \"correct\", \"value\", \"answer\",",
                "\"normalized\", \"gold_normalized\", \"rule\"}; then, on standard error, accuracy with its 95% Wilson interval.",
                "Exit 0: graded; 2: a bad line (FILE:LINE) or option; 3: the scorer failed on some lines (they say why)."})
final class GradeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "JSON Lines to grade ('-' or nothing: standard input).")
    String input;

    @Option(names = "--scorer", description = "Scorer of lines that name neither scorer nor suite (default: math).")
    String scorer;

    @Option(names = "--answer-kind", description = "The math scorer's answer_kind: number or latex (default: number).")
    String answerKind;

    @Option(names = "--suite", description = "Grade every line with this suite's scorer, against its item of the line's id.")
    String suite;

    @Option(names = "--language", description = "The answers' language (expect_language; also the number format: 2,5 in de).")
    String language;

    @Option(names = {"-o", "--out"}, description = "Write the graded lines to this file (default: standard output).")
    Path out;

    @Mixin
    SandboxOptions sandbox;

    @Override
    public Integer call() throws IOException {
        if (suite != null && (scorer != null || answerKind != null)) {
            throw new ConfigException("--suite grades with the suite's own scorer: leave out --scorer and --answer-kind");
        }
        RunPreparer preparer = common.preparer();
        Grader grader = new Grader(new Grader.Defaults(scorer, answerKind, suite, language), new Grader.Suites() {
            @Override
            public SuiteSpec suite(String id) {
                return preparer.suite(id);
            }

            @Override
            public List<Item> items(SuiteSpec s) {
                return preparer.items(s);
            }
        }, sandbox.context(spec.commandLine().getErr()));
        boolean stdin = input == null || input.equals("-");
        Path source = Path.of(stdin ? "<stdin>" : input);
        Grader.Tally[] tally = new Grader.Tally[1];
        try (InputStream in = stdin ? System.in : Files.newInputStream(source)) {
            if (out == null) {
                PrintWriter w = spec.commandLine().getOut();
                try {
                    tally[0] = grader.grade(in, source, w);
                } finally {
                    w.flush(); // the lines graded before a bad one are out; the error names the bad one
                }
            } else {
                AtomicFiles.write(out, (Writer w) -> tally[0] = grader.grade(in, source, w)); // a bad line leaves no half file
            }
        } catch (NoSuchFileException e) {
            throw new ConfigException(source, 0, "no such file");
        }
        Grader.Tally t = tally[0];
        spec.commandLine().getErr().println(summary(t));
        return t.errors() > 0 ? ExitCode.INCOMPLETE.code : ExitCode.OK.code;
    }

    static String summary(Grader.Tally t) {
        String accuracy = t.graded() == 0 ? "accuracy n/a" : String.format(Locale.ROOT, "accuracy %.4f [%.4f, %.4f] (95%% Wilson interval)",
                t.accuracy().value(), t.accuracy().low(), t.accuracy().high());
        return String.format(Locale.ROOT, "graded %d of %d lines: %s, correct %d, no answer %d, cut by the token limit %d, errors %d",
                t.graded(), t.lines(), accuracy, t.correct(), t.noAnswer(), t.truncated(), t.errors());
    }
}
