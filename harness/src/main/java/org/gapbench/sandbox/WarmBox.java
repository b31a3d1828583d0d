package org.gapbench.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.gapbench.io.Json;

/**
 * A bubblewrap box that stays up for many executions, one at a time: its zygote ({@code zygote.py}, an interpreter
 * started once) forks a child per execution, which takes the job's limits and becomes the job's program — the
 * interpreter running the job's script in place, or any other command by exec. Each execution still gets a memory
 * cgroup of its own, fresh {@code /work}, {@code /tmp} and {@code /dev/shm}, and nothing left running: the zygote kills
 * every other process of the box and wipes what it could write before it takes the next job (docs/sandbox.md, "Warm
 * boxes").
 *
 * <p>The host side: the job's files are written into the directory the box sees read-only at {@link Job#BOX} and
 * deleted after the execution; the child's stdin, stdout and stderr are three unix sockets it connects to
 * {@code /gapbench/chan.sock} before any job code runs, each opened with a token that is new for every execution, so
 * no process of an earlier execution can pass for a later one's streams. A box whose zygote stops answering (a
 * hostile answer can kill or stop it: same uid) is destroyed, never reused.
 */
final class WarmBox implements AutoCloseable {
    /** Where the zygote and the socket appear in the box (read-only). */
    static final String CONTROL = "/gapbench";
    private static final byte[] ZYGOTE = zygote();
    /** How long the zygote may take to answer a control request before the box is taken for broken. */
    private static final long CONTROL_TIMEOUT_MS = 10_000;
    /** How long a killed execution's zygote may take to report it ended (it takes milliseconds) before the box is destroyed. */
    private static final long KILL_TIMEOUT_MS = 2_000;
    /** The status reported for a program whose box had to be destroyed around it: killed by SIGKILL. */
    private static final int DESTROYED = 128 + 9;
    private static final JsonNode GONE = Json.MAPPER.createObjectNode().put("gone", true);
    private static final SecureRandom TOKENS = new SecureRandom();

    private final BoxDirectory home;
    private final Path jobDir;
    private final Process process;
    private final ServerSocketChannel listener;
    private final BlockingQueue<JsonNode> replies = new LinkedBlockingQueue<>();
    private final StringBuilder stderrTail = new StringBuilder();
    /** Counted down when the box's stderr ends: a box that died has said why by then. */
    private final CountDownLatch stderrEnded = new CountDownLatch(1);
    private final int uid;
    private volatile Fork current;
    private volatile boolean broken;
    private long zygotePid;
    private long sequence;
    private long readySequence = -1;
    private List<Path> jobFiles = List.of();

    /**
     * Starts a box and waits for its zygote.
     *
     * @param uid          the pool uid it runs as (also its label)
     * @param commandLine  the host command line of the box, given its job directory and its control directory
     */
    static WarmBox start(int uid, Function<Path[], List<String>> commandLine) {
        BoxDirectory home = BoxDirectory.create(Map.of("control/zygote.py", ZYGOTE));
        try {
            Path jobDir = Files.createDirectory(home.path().resolve("box"));
            Files.setPosixFilePermissions(jobDir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            return new WarmBox(home, jobDir, uid, commandLine);
        } catch (IOException | RuntimeException e) {
            home.close();
            throw e instanceof SandboxException s ? s : new SandboxException("cannot start a sandbox box: " + e.getMessage(), e);
        }
    }

    private WarmBox(BoxDirectory home, Path jobDir, int uid, Function<Path[], List<String>> commandLine) throws IOException {
        this.home = home;
        this.jobDir = jobDir;
        this.uid = uid;
        Path control = home.path().resolve("control");
        Path socket = control.resolve("chan.sock");
        listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(socket), 16);
        try {
            if (BubblewrapSandbox.isRoot()) {
                // connecting needs write permission on the socket: the box's uid only
                Files.setAttribute(socket, "unix:uid", uid);
                Files.setPosixFilePermissions(socket, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            }
            ProcessBuilder pb = new ProcessBuilder(commandLine.apply(new Path[] {jobDir, control})).directory(jobDir.toFile());
            pb.environment().clear();
            pb.environment().put("PATH", "/usr/bin:/bin");
            process = startFromALastingThread(pb);
        } catch (IOException | RuntimeException e) {
            listener.close();
            throw e;
        }
        Thread reader = new Thread(this::readReplies, "sandbox-box-" + uid);
        reader.setDaemon(true);
        reader.start();
        ProcessRunner.PUMPS.submit(this::keepStderrTail);
        JsonNode hello = reply("the sandbox box did not start");
        if (!hello.has("ready") || !hello.has("pid")) {
            destroy();
            throw new SandboxException("the sandbox box did not start: " + hello + " " + stderrTail());
        }
        readySequence = 0;
        zygotePid = hostPidOf(hello.get("pid").asLong());
    }

    /**
     * bubblewrap's {@code --die-with-parent} is the kernel's parent-death signal, which fires when the <em>thread</em>
     * that started the process ends, not the JVM. A box outlives the scoring worker that asked for it, so every box is
     * started from one thread that lives as long as the JVM.
     */
    private static Process startFromALastingThread(ProcessBuilder pb) throws IOException {
        java.util.concurrent.Future<Process> started = STARTER.submit(pb::start);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return started.get(); // it takes milliseconds: waited for even when interrupted, so no box is lost
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static final java.util.concurrent.ExecutorService STARTER = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "sandbox-box-starter");
        t.setDaemon(true);
        return t;
    });

    int uid() {
        return uid;
    }

    /** Whether the box may be kept for another job (it will still be asked whether it is ready). */
    boolean reusable() {
        return !broken;
    }

    /** Whether the box can take another job: its zygote finished cleaning up after the last one, in time. */
    boolean awaitReady() {
        if (broken) {
            return false;
        }
        if (readySequence == sequence) {
            return true;
        }
        try {
            JsonNode r = reply("the sandbox box did not clean up after an execution");
            if (r.path("ready").asLong(-1) == sequence) {
                readySequence = sequence;
                return true;
            }
        } catch (SandboxException e) {
            // broken below
        }
        broken = true;
        return false;
    }

    /**
     * Starts {@code job} in this box (which must be ready), its first process moved into {@code group} before any of
     * the job's code runs.
     */
    Running start(Job job, MemoryCgroups.Group group) {
        if (!awaitReady()) {
            throw new SandboxException("the sandbox box is not ready");
        }
        writeFiles(job.files());
        sequence++;
        String token = HexFormat.of().formatHex(randomBytes());
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("op", "run");
        request.put("seq", sequence);
        request.put("token", token);
        request.put("argv", job.command());
        Limits l = job.limits();
        request.put("limits", Map.of("cpu", l.cpuSeconds(), "as", l.memoryBytes(), "fsize", l.fileBytes(), "nproc", l.processes(),
                "core", 0, "msgqueue", 0));
        Fork fork = new Fork(sequence);
        current = fork;
        send(request);
        JsonNode forked = reply("the sandbox box did not start an execution");
        if (forked.path("forked").asLong(-1) != sequence) {
            broken = true;
            throw new SandboxException("the sandbox box answered out of turn: " + forked);
        }
        SocketChannel[] streams = accept(token);
        try {
            if (group != null) {
                Files.writeString(Path.of(group.procsFile()), Long.toString(childPid()), StandardCharsets.US_ASCII);
            }
        } catch (IOException | RuntimeException e) {
            send(Map.of("op", "cancel", "seq", sequence));
            for (SocketChannel s : streams) {
                closeQuietly(s);
            }
            fork.awaitExit(CONTROL_TIMEOUT_MS);
            throw new SandboxException("cannot move the execution into its memory cgroup: " + e.getMessage(), e);
        }
        fork.streams = streams;
        send(Map.of("op", "go", "seq", sequence));
        return fork;
    }

    /** Ends the execution's streams and deletes its files; the box is then ready again once the zygote says so. */
    void finish() {
        Fork f = current;
        if (f != null && f.streams != null) {
            for (SocketChannel s : f.streams) {
                closeQuietly(s);
            }
        }
        current = null;
        deleteJobFiles();
    }

    @Override
    public void close() {
        destroy();
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[16];
        TOKENS.nextBytes(b);
        return b;
    }

    private void writeFiles(Map<String, byte[]> files) {
        List<Path> written = new ArrayList<>();
        try {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                Path target = jobDir.resolve(f.getKey()).normalize();
                if (!target.startsWith(jobDir) || target.equals(jobDir)) {
                    throw new SandboxException("job file name escapes the box: " + f.getKey());
                }
                for (Path p = target.getParent(); !p.equals(jobDir); p = p.getParent()) {
                    if (!Files.isDirectory(p)) {
                        written.add(p);
                    }
                }
                Files.createDirectories(target.getParent());
                Files.write(target, f.getValue());
                Files.setPosixFilePermissions(target, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
                written.add(target);
            }
        } catch (IOException e) {
            throw new SandboxException("cannot write the job's files: " + e.getMessage(), e);
        } finally {
            jobFiles = written;
        }
    }

    private void deleteJobFiles() {
        // deepest first: a file before the directories made for it
        List<Path> files = new ArrayList<>(jobFiles);
        files.sort(java.util.Comparator.comparingInt(Path::getNameCount).reversed());
        for (Path p : files) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                broken = true; // a box that cannot be emptied is not given another job
            }
        }
        jobFiles = List.of();
    }

    /** The three streams of the execution that holds {@code token}; any other connection is closed unread. */
    private SocketChannel[] accept(String token) {
        SocketChannel[] streams = new SocketChannel[3];
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CONTROL_TIMEOUT_MS);
        int accepted = 0;
        try (Selector selector = Selector.open()) {
            listener.configureBlocking(false);
            listener.register(selector, SelectionKey.OP_ACCEPT);
            while (accepted < 3) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw new SandboxException("the sandbox box's execution did not connect its streams " + stderrTail());
                }
                selector.select(left);
                selector.selectedKeys().clear();
                SocketChannel c;
                while ((c = listener.accept()) != null) {
                    int kind = header(c, token);
                    if (kind < 0 || streams[kind] != null) {
                        closeQuietly(c);
                    } else {
                        streams[kind] = c;
                        accepted++;
                    }
                }
            }
            return streams;
        } catch (IOException | RuntimeException e) {
            for (SocketChannel s : streams) {
                closeQuietly(s);
            }
            broken = true;
            throw e instanceof SandboxException s ? s : new SandboxException("cannot connect an execution's streams: " + e.getMessage(), e);
        }
    }

    /** 0, 1 or 2 for a stream of the execution holding {@code token}; -1 for anything else. */
    private static int header(SocketChannel c, String token) throws IOException {
        c.configureBlocking(true);
        byte[] expected = (token + " ").getBytes(StandardCharsets.US_ASCII);
        ByteBuffer line = ByteBuffer.allocate(expected.length + 2);
        // the child writes its header at once; a connection of a dead earlier process holds at most a forged one
        while (line.hasRemaining()) {
            if (c.read(line) < 0) {
                return -1;
            }
        }
        byte[] got = line.array();
        if (!java.security.MessageDigest.isEqual(java.util.Arrays.copyOf(got, expected.length), expected) || got[got.length - 1] != '\n') {
            return -1;
        }
        int kind = got[expected.length] - '0';
        return kind >= 0 && kind <= 2 ? kind : -1;
    }

    /** The host pid of the zygote's only child: the execution's first process. */
    private long childPid() throws IOException {
        Path children = Path.of("/proc", Long.toString(zygotePid), "task", Long.toString(zygotePid), "children");
        String[] pids = Files.readString(children).strip().split("\\s+");
        if (pids.length != 1 || pids[0].isEmpty()) {
            throw new IOException("the box's zygote has " + pids.length + " children, not one");
        }
        return Long.parseLong(pids[0]);
    }

    /** The host pid of the box's process whose pid in the box is {@code boxPid}. */
    private long hostPidOf(long boxPid) {
        for (ProcessHandle h : (Iterable<ProcessHandle>) process.descendants()::iterator) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(h.pid()), "status"))) {
                    if (line.startsWith("NSpid:")) {
                        String[] ids = line.substring(6).strip().split("\\s+");
                        if (ids.length > 1 && Long.parseLong(ids[ids.length - 1]) == boxPid) {
                            return h.pid();
                        }
                    }
                }
            } catch (IOException | NumberFormatException e) {
                // gone or unreadable: not the zygote
            }
        }
        destroy();
        throw new SandboxException("cannot find the sandbox box's zygote among its processes");
    }

    private synchronized void send(Map<String, ?> message) {
        try {
            OutputStream out = process.getOutputStream();
            out.write(Json.MAPPER.writeValueAsBytes(message));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            broken = true; // the zygote is gone; its execution's end is reported by the reader
        }
    }

    private JsonNode reply(String what) {
        try {
            JsonNode r = replies.poll(CONTROL_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            if (r == null || r == GONE) {
                broken = true;
                throw new SandboxException(what + (r == null ? " in time" : " (its zygote exited" + exitStatus() + ")") + " " + stderrTail());
            }
            return r;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            broken = true;
            throw new SandboxException("interrupted while waiting for the sandbox box", e);
        }
    }

    /** The zygote's replies: an execution's end goes to its fork, the rest to whoever waits for a reply. */
    private void readReplies() {
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                JsonNode r;
                try {
                    r = Json.MAPPER.readTree(line);
                } catch (IOException e) {
                    break; // the zygote never writes anything else: a box speaking otherwise is broken
                }
                Fork f = current;
                if (r.has("exit")) {
                    if (f != null && f.sequence == r.get("exit").asLong()) {
                        f.exited(r.path("status").asInt(DESTROYED));
                    }
                } else {
                    replies.add(r);
                }
            }
        } catch (IOException e) {
            // the box died
        }
        broken = true;
        try {
            stderrEnded.await(1, TimeUnit.SECONDS); // so that what the zygote said as it died is in the messages below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        replies.add(GONE);
        Fork f = current;
        if (f != null) {
            destroy(); // its processes must not outlive a box that lost its zygote
            f.exited(DESTROYED);
        }
    }

    private void keepStderrTail() {
        byte[] buf = new byte[4096];
        try (InputStream err = process.getErrorStream()) {
            int n;
            while ((n = err.read(buf)) >= 0) {
                synchronized (stderrTail) {
                    stderrTail.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                    if (stderrTail.length() > 4000) {
                        stderrTail.delete(0, stderrTail.length() - 2000);
                    }
                }
            }
        } catch (IOException e) {
            // the box died
        } finally {
            stderrEnded.countDown();
        }
    }

    private String exitStatus() {
        try {
            return process.waitFor(1, TimeUnit.SECONDS) ? ", box status " + process.exitValue() : "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private String stderrTail() {
        synchronized (stderrTail) {
            String t = stderrTail.toString().strip();
            return t.isEmpty() ? "" : "(" + t.substring(Math.max(0, t.length() - 500)) + ")";
        }
    }

    private void destroy() {
        broken = true;
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(CONTROL_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly(listener);
        home.close();
    }

    private static void closeQuietly(java.io.Closeable c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException e) {
                // already closed
            }
        }
    }

    private static byte[] zygote() {
        try (InputStream in = WarmBox.class.getResourceAsStream("zygote.py")) {
            if (in == null) {
                throw new IllegalStateException("missing resource zygote.py");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One execution in the box, as a {@link Running}. */
    private final class Fork implements Running {
        private final long sequence;
        private final CountDownLatch exit = new CountDownLatch(1);
        private volatile int status;
        private volatile SocketChannel[] streams;

        Fork(long sequence) {
            this.sequence = sequence;
        }

        void exited(int status) {
            this.status = status;
            exit.countDown();
        }

        boolean awaitExit(long millis) {
            try {
                return exit.await(millis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return exit.getCount() == 0;
            }
        }

        @Override
        public OutputStream stdin() {
            return Channels.newOutputStream(streams[0]);
        }

        @Override
        public InputStream stdout() {
            return Channels.newInputStream(streams[1]);
        }

        @Override
        public InputStream stderr() {
            return Channels.newInputStream(streams[2]);
        }

        @Override
        public boolean waitFor(long millis) throws InterruptedException {
            return exit.await(millis, TimeUnit.MILLISECONDS);
        }

        @Override
        public int exitValue() {
            if (exit.getCount() != 0) {
                throw new IllegalStateException("the execution has not exited");
            }
            return status;
        }

        @Override
        public void kill() {
            if (exit.getCount() == 0) {
                return;
            }
            send(Map.of("op", "kill", "seq", sequence));
            if (!awaitExit(KILL_TIMEOUT_MS)) {
                destroy();
                exited(DESTROYED);
            }
        }

        @Override
        public void endRemnants() {
            // nothing: the zygote ends every other process of the box before it reports the exit
        }
    }
}
