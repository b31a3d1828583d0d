package org.gapbench.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs jobs directly on the host, for people who already run the harness inside a container of their own
 * ({@code --unsafe-no-sandbox}). It still clears the environment and applies the rlimits, but offers no
 * isolation: the program sees the network and the host's files, and a detached child may outlive it.
 */
final class UnsandboxedHost implements Sandbox {
    private final String prlimit;

    /** @param applyLimits false only to measure a bare process (see {@link Sandbox#bareProcess}) */
    UnsandboxedHost(boolean applyLimits) {
        this.prlimit = applyLimits ? BubblewrapSandbox.onPath("prlimit") : null;
    }

    @Override
    public Execution run(Job job) {
        try (BoxDirectory box = BoxDirectory.create(job.files())) {
            ProcessRunner.Command c = command(job, box);
            return ProcessRunner.run(c.command(), c.workDir(), c.env(), job.stdin(), job.limits());
        }
    }

    /** Two processes on the host joined by the relayed channel: separate processes, but the same user and files. */
    @Override
    public PairedExecution runPair(Job judge, Job candidate) {
        try (BoxDirectory judgeBox = BoxDirectory.create(judge.files()); BoxDirectory candidateBox = BoxDirectory.create(candidate.files())) {
            return Conversation.run(command(judge, judgeBox), judge.limits(), command(candidate, candidateBox), candidate.limits());
        }
    }

    private ProcessRunner.Command command(Job job, BoxDirectory box) {
        String dir = box.path().toString();
        List<String> c = new ArrayList<>();
        if (prlimit != null) {
            Limits l = job.limits();
            c.addAll(List.of(prlimit, "--cpu=" + l.cpuSeconds(), "--as=" + l.memoryBytes(), "--fsize=" + l.fileBytes(), "--core=0", "--"));
        }
        for (String arg : job.command()) {
            c.add(arg.equals(Job.BOX) || arg.startsWith(Job.BOX + "/") ? dir + arg.substring(Job.BOX.length()) : arg);
        }
        return new ProcessRunner.Command(c, box.path(), Map.of("PATH", "/usr/bin:/bin", "HOME", dir, "LANG", "C.UTF-8"));
    }

    @Override
    public String describe() {
        return "none (--unsafe-no-sandbox)";
    }
}
