package io.github.stem4d.lock;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A {@link LockTestProcess} running in its own JVM, with its stdout lines queued for the test. */
final class JvmProcess implements AutoCloseable {

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();
    private final Writer stdin;
    private final Path stderr;

    private JvmProcess(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("READ-ERROR " + e);
            }
            lines.add("EOF");
        }, "jvm-process-reader-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code LockTestProcess mode args...}; its stderr goes to a file in {@code logDirectory}. */
    static JvmProcess start(Path logDirectory, String mode, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx64m");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-Xshare:auto");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(LockTestProcess.class.getName());
        command.add(mode);
        command.addAll(List.of(args));
        Path stderr = Files.createTempFile(logDirectory, "jvm-" + mode + "-", ".err");
        Process process = new ProcessBuilder(command)
                .redirectError(stderr.toFile())
                .start();
        return new JvmProcess(process, stderr);
    }

    Process process() {
        return process;
    }

    long pid() {
        return process.pid();
    }

    /** Waits for the next line that starts with one of the prefixes; fails on EOF or timeout. */
    String expect(Duration timeout, String... prefixes) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long remaining = deadline - System.nanoTime();
            String line = remaining > 0 ? lines.poll(remaining, TimeUnit.NANOSECONDS) : null;
            if (line == null) {
                fail("pid " + pid() + " printed no line starting with " + List.of(prefixes) + " within " + timeout
                        + "; lines so far " + seen + "; stderr: " + stderrText());
            }
            seen.add(line);
            for (String prefix : prefixes) {
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
            if (line.equals("EOF")) {
                fail("pid " + pid() + " ended without a line starting with " + List.of(prefixes) + "; lines "
                        + seen + "; stderr: " + stderrText());
            }
        }
    }

    void send(String line) throws IOException {
        stdin.write(line + "\n");
        stdin.flush();
    }

    void closeInput() {
        try {
            stdin.close();
        } catch (IOException e) {
            // the process is already gone
        }
    }

    int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            fail("pid " + pid() + " did not exit within " + timeout + "; stderr: " + stderrText());
        }
        return process.exitValue();
    }

    String stderrText() {
        try {
            String text = Files.readString(stderr);
            return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    @Override
    public void close() {
        closeInput();
        if (process.isAlive()) {
            process.destroyForcibly();
        }
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
