package org.gapbench.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.stream.Stream;
import org.gapbench.config.ConfigException;

/**
 * Runs each job under bubblewrap: every namespace unshared (no network at all, own pid space so nothing
 * outlives the job), read-only {@code /usr}, no {@code /etc}, {@code /home} or {@code /sys}, fresh size-capped
 * tmpfs for {@code /work} (the working directory) and {@code /tmp}, all capabilities dropped, a cleared
 * environment, and rlimits on CPU, address space, file size and processes. Where the machine gives a memory cgroup,
 * each execution gets its own, which bounds all its processes and tmpfs pages together ({@link MemoryCgroups}).
 *
 * <p>A box is not made per execution: {@link WarmBox}es stay up, one per role (a single job, a judge, a candidate)
 * and concurrent execution, and fork a pre-started interpreter for each job, which then takes the job's limits; a
 * box is wiped between jobs and a judge's box never serves a candidate. That removes bubblewrap's set-up and the
 * interpreter's start-up from every execution (docs/performance.md, "Issue 13").
 *
 * <p>As root, each box first enters an empty network namespace made ahead of time and drops to an unprivileged host
 * uid, both with one {@code nsenter}, because RLIMIT_NPROC is not enforced for root. Each box has its own uid from a
 * small pool, so one fork bomb cannot starve the executions running beside it, and each uid has its own network
 * namespace ({@link EmptyNetwork}), so executions running at the same time cannot reach each other, not even over
 * abstract unix sockets. As any other user, bubblewrap gives every box a network namespace of its own.
 */
public final class BubblewrapSandbox implements Sandbox {
    static final String INSTALL_HINT = "install bubblewrap (Debian/Ubuntu: apt-get install bubblewrap; Fedora: dnf install bubblewrap),"
            + " or, only inside a container of your own, pass --unsafe-no-sandbox";
    private static final int FIRST_UID = 61000;
    private static final int UID_POOL = 64;
    /** POSIX shared memory a program may use: enough for multiprocessing's locks and queues, not a memory store. */
    static final long SHM_BYTES = 16L << 20;
    /** Processes of one box's uid, whatever its jobs ask: a bound on the box itself, above any job's own. */
    private static final int BOX_PROCESSES = 4096;
    /** The interpreter of the boxes' zygotes (not a pyenv shim: outside the sandbox's view). */
    static final String PYTHON = "/usr/bin/python3";
    private static volatile BubblewrapSandbox located;

    private final String bwrap;
    private final String version;
    private final String nsenterOrNull;
    private final String unshareOrNull;
    private final Map<Integer, EmptyNetwork> networks = new java.util.concurrent.ConcurrentHashMap<>();
    private final String prlimit;
    private final List<String> systemBinds;
    private final MemoryCgroups cgroupsOrNull;
    /** Free uids, most recently used first: the few that concurrency needs are reused, so are their namespaces. */
    private final BlockingDeque<Integer> uids = new LinkedBlockingDeque<>(UID_POOL);
    /** Idle boxes by role and tmpfs size, most recently used first; each holds its uid while it lives. */
    private final Map<String, BlockingDeque<WarmBox>> idle = new java.util.concurrent.ConcurrentHashMap<>();

    private BubblewrapSandbox(String bwrap, String version, String nsenterOrNull, String unshareOrNull, String prlimit,
                              List<String> systemBinds, MemoryCgroups cgroupsOrNull) {
        this.cgroupsOrNull = cgroupsOrNull;
        this.bwrap = bwrap;
        this.version = version;
        this.nsenterOrNull = nsenterOrNull;
        this.unshareOrNull = unshareOrNull;
        this.prlimit = prlimit;
        this.systemBinds = systemBinds;
        for (int i = 0; i < UID_POOL; i++) {
            uids.add(FIRST_UID + i);
        }
        // the boxes would die with the JVM anyway (--die-with-parent); closing them also removes their host directories
        Runtime.getRuntime().addShutdownHook(new Thread(this::closeIdleBoxes, "sandbox-boxes-teardown"));
    }

    private void closeIdleBoxes() {
        for (BlockingDeque<WarmBox> pool : idle.values()) {
            WarmBox box;
            while ((box = pool.pollFirst()) != null) {
                box.close();
            }
        }
    }

    /**
     * The bubblewrap sandbox of this machine, checked once by running {@code /usr/bin/true} inside it.
     *
     * @throws ConfigException naming the problem and how to install bubblewrap, when it cannot run
     */
    public static BubblewrapSandbox locate() {
        BubblewrapSandbox s = located;
        if (s == null) {
            synchronized (BubblewrapSandbox.class) {
                if (located == null) {
                    located = probe();
                }
                s = located;
            }
        }
        return s;
    }

    private static BubblewrapSandbox probe() {
        String bwrap = onPath("bwrap");
        if (bwrap == null) {
            throw new ConfigException("cannot run generated code: bubblewrap (bwrap) is not installed; " + INSTALL_HINT);
        }
        String nsenter = onPath("nsenter");
        String unshare = onPath("unshare");
        String prlimit = onPath("prlimit");
        boolean root = isRoot();
        if (prlimit == null || (root && (nsenter == null || unshare == null))) {
            throw new ConfigException("cannot run generated code: prlimit, nsenter and unshare (util-linux) are needed to limit and drop root;"
                    + " install util-linux");
        }
        if (!java.nio.file.Files.isExecutable(Path.of(PYTHON))) {
            throw new ConfigException("cannot run generated code: the sandbox's boxes start " + PYTHON + ", which is not installed;"
                    + " install python3 (Debian/Ubuntu: apt-get install python3)");
        }
        MemoryCgroups cgroups = MemoryCgroups.detect();
        BubblewrapSandbox s = root ? new BubblewrapSandbox(bwrap, versionOf(bwrap), nsenter, unshare, prlimit, systemBinds(), cgroups)
                : new BubblewrapSandbox(bwrap, versionOf(bwrap), null, null, prlimit, systemBinds(), cgroups);
        Execution probe = s.run(new Job(Map.of(), List.of("/usr/bin/true"), "", Limits.standard(java.time.Duration.ofSeconds(20))));
        if (probe.exitCode() != 0) {
            throw new ConfigException("cannot run generated code: bubblewrap fails on this machine (" + probe.stderr().strip()
                    + "); user namespaces may be disabled (sysctl kernel.unprivileged_userns_clone=1); " + INSTALL_HINT);
        }
        return s;
    }

    /** Which jobs a box serves: judges and candidates never share one, even one after the other. */
    private enum Role { JOB, JUDGE, CANDIDATE }

    @Override
    public Execution run(Job job) {
        try (MemoryCgroups.Group group = group(job.limits())) {
            long started = System.nanoTime();
            Started s = start(Role.JOB, job, group);
            try {
                Execution e = ProcessRunner.run(s.running(), job.stdin(), job.limits(), started);
                return group == null ? e : e.withMemory(group.oomKilled(), group.peakBytes());
            } finally {
                release(Role.JOB, job.limits(), s.box());
            }
        }
    }

    /**
     * Two boxes, two pool uids, two memory cgroups: the judge's files, memory and processes are out of the
     * candidate's reach, and the candidate's memory is bounded as a whole like any execution's.
     */
    @Override
    public PairedExecution runPair(Job judge, Job candidate) {
        try (MemoryCgroups.Group judgeGroup = group(judge.limits()); MemoryCgroups.Group candidateGroup = group(candidate.limits())) {
            long started = System.nanoTime();
            Started c = start(Role.CANDIDATE, candidate, candidateGroup);
            try {
                Started j;
                try {
                    j = start(Role.JUDGE, judge, judgeGroup);
                } catch (RuntimeException e) {
                    c.running().kill();
                    throw e;
                }
                try {
                    PairedExecution p = Conversation.run(j.running(), judge.limits(), c.running(), candidate.limits(), started);
                    if (candidateGroup == null) {
                        return p;
                    }
                    return new PairedExecution(p.judge().withMemory(judgeGroup.oomKilled(), judgeGroup.peakBytes()),
                            p.candidate().withMemory(candidateGroup.oomKilled(), candidateGroup.peakBytes()), p.tampering());
                } finally {
                    release(Role.JUDGE, judge.limits(), j.box());
                }
            } finally {
                release(Role.CANDIDATE, candidate.limits(), c.box());
            }
        }
    }

    private record Started(WarmBox box, Running running) {
    }

    /**
     * {@code job} started in a box of {@code role}. A start that fails before any of the job's code ran is the box's
     * fault (its zygote died while the box was idle, say), never the job's: it is tried once more on another box, so
     * that it does not become a scorer error.
     */
    private Started start(Role role, Job job, MemoryCgroups.Group group) {
        for (int attempt = 1; ; attempt++) {
            WarmBox box = acquire(role, job.limits());
            try {
                return new Started(box, box.start(job, group));
            } catch (RuntimeException e) {
                boolean broken = !box.reusable();
                release(role, job.limits(), box);
                if (!broken || attempt == 2) {
                    throw e;
                }
            }
        }
    }

    /** A memory cgroup for one execution, or null where the machine gives none. */
    private MemoryCgroups.Group group(Limits limits) {
        if (cgroupsOrNull == null) {
            return null;
        }
        try {
            return cgroupsOrNull.create(limits.executionMemoryBytes());
        } catch (java.io.IOException e) {
            throw new SandboxException("cannot make the execution's memory cgroup: " + e.getMessage(), e);
        }
    }

    /** An idle box of this role and tmpfs size that is ready, else a new one on a free uid (evicting an idle box if need be). */
    private WarmBox acquire(Role role, Limits limits) {
        BlockingDeque<WarmBox> pool = pool(role, limits);
        WarmBox box;
        while ((box = pool.pollFirst()) != null) {
            if (box.awaitReady()) {
                return box;
            }
            retire(box);
        }
        Integer uid = uids.pollFirst();
        if (uid == null) {
            for (BlockingDeque<WarmBox> other : idle.values()) {
                WarmBox spare = other.pollLast();
                if (spare != null) {
                    retire(spare);
                    uid = uids.pollFirst();
                    break;
                }
            }
        }
        if (uid == null) {
            throw new SandboxException("more concurrent executions than sandbox uids (" + UID_POOL + ")");
        }
        int u = uid;
        try {
            return WarmBox.start(u, dirs -> boxCommandLine(dirs[0], dirs[1], u, limits.fileBytes()));
        } catch (RuntimeException e) {
            uids.addFirst(u);
            throw e;
        }
    }

    /** The idle boxes that can serve a job of this role and these limits: a box's tmpfs size is fixed when it starts. */
    private BlockingDeque<WarmBox> pool(Role role, Limits limits) {
        return idle.computeIfAbsent(role + "/" + limits.fileBytes(), k -> new LinkedBlockingDeque<>());
    }

    private void release(Role role, Limits limits, WarmBox box) {
        box.finish();
        if (box.reusable()) {
            pool(role, limits).addFirst(box);
        } else {
            retire(box);
        }
    }

    private void retire(WarmBox box) {
        box.close();
        uids.addFirst(box.uid());
    }

    /**
     * The host command line of a box: the job directory read-only at {@link Job#BOX}, the control directory (the
     * zygote and its socket) read-only at {@link WarmBox#CONTROL}, {@code fileBytes} of tmpfs for {@code /work} and
     * {@code /tmp}. Each execution's own limits are set by the zygote's child; the box as a whole only caps processes.
     */
    List<String> boxCommandLine(Path jobDir, Path controlDir, int uid, long fileBytes) {
        List<String> c = new ArrayList<>();
        if (nsenterOrNull != null) {
            // --setgid also clears the supplementary groups; without --keep-caps every capability is dropped
            Path network = networks.computeIfAbsent(uid, u -> new EmptyNetwork(unshareOrNull)).path();
            c.addAll(List.of(nsenterOrNull, "--net=" + network, "--setuid=" + uid, "--setgid=" + uid, "--"));
        }
        c.addAll(List.of(prlimit, "--nproc=" + BOX_PROCESSES, "--core=0", "--"));
        // --unshare-user even as root, so that --disable-userns can forbid the box to make namespaces of its own
        // (unshare -U / -r inside the box would otherwise give the code a root of its own to probe the kernel with)
        c.addAll(List.of(bwrap, "--unshare-all", "--unshare-user", "--disable-userns", "--die-with-parent", "--new-session"));
        if (nsenterOrNull != null) {
            c.add("--share-net"); // the uid's empty namespace entered above, instead of a new one
        }
        c.addAll(systemBinds);
        // bubblewrap's /dev/shm is an unsized tmpfs (half the host's memory): sized here, like /tmp and /work
        c.addAll(List.of("--proc", "/proc", "--dev", "/dev", "--size", Long.toString(SHM_BYTES), "--tmpfs", "/dev/shm",
                "--size", Long.toString(fileBytes), "--tmpfs", "/tmp",
                "--size", Long.toString(fileBytes), "--tmpfs", "/work",
                "--ro-bind", jobDir.toString(), Job.BOX, "--ro-bind", controlDir.toString(), WarmBox.CONTROL, "--chdir", "/work",
                "--uid", "65534", "--gid", "65534", "--cap-drop", "ALL",
                "--clearenv", "--setenv", "PATH", "/usr/bin:/bin", "--setenv", "HOME", "/work", "--setenv", "LANG", "C.UTF-8",
                "--", PYTHON, "-I", "-S", WarmBox.CONTROL + "/zygote.py"));
        return c;
    }

    @Override
    public String describe() {
        return "bubblewrap " + version + (cgroupsOrNull == null ? "" : ", " + cgroupsOrNull.describe());
    }

    /**
     * Read-only system directories: {@code /usr}, the merged-usr links (or directories on older systems), the
     * running JDK when it lives outside {@code /usr}, and the JDK's configuration under {@code /etc/java*}.
     */
    private static List<String> systemBinds() {
        List<String> binds = new ArrayList<>(List.of("--ro-bind", "/usr", "/usr"));
        for (String top : List.of("/bin", "/lib", "/lib64", "/sbin")) {
            Path p = Path.of(top);
            try {
                if (Files.isSymbolicLink(p)) {
                    binds.addAll(List.of("--symlink", Files.readSymbolicLink(p).toString(), top));
                } else if (Files.isDirectory(p)) {
                    binds.addAll(List.of("--ro-bind", top, top));
                }
            } catch (IOException e) {
                throw new ConfigException("cannot inspect " + top + ": " + e.getMessage());
            }
        }
        Path javaHome = Path.of(System.getProperty("java.home")).toAbsolutePath();
        if (!javaHome.startsWith("/usr")) {
            binds.addAll(List.of("--ro-bind", javaHome.toString(), javaHome.toString()));
        }
        try (Stream<Path> etc = Files.list(Path.of("/etc"))) {
            etc.filter(p -> p.getFileName().toString().startsWith("java") && Files.isDirectory(p))
                    .forEach(p -> binds.addAll(List.of("--ro-bind", p.toString(), p.toString())));
        } catch (IOException e) {
            // no /etc to list: nothing to bind
        }
        return binds;
    }

    static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    static String onPath(String name) {
        for (String dir : List.of("/usr/bin", "/bin", "/usr/local/bin", "/usr/sbin")) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }

    private static String versionOf(String bwrap) {
        try {
            Process p = new ProcessBuilder(bwrap, "--version").redirectErrorStream(true).start();
            String v = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
            p.waitFor();
            return v.replace("bubblewrap ", "");
        } catch (IOException e) {
            throw new ConfigException("cannot run generated code: " + bwrap + " does not start (" + e.getMessage() + "); " + INSTALL_HINT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
