package io.github.stem4d.lock;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Main class run in separate JVMs by the process tests. It acquires, holds, loops on or releases
 * the lock as its arguments request and reports each step as one line on stdout.
 *
 * <p>Usage: {@code LockTestProcess MODE key=value...}. Modes: {@code hold} (acquire, print
 * {@code ACQUIRED <generation> <token>}, hold until stdin says {@code release} or closes),
 * {@code loop} (acquire and release {@code count} times, checking an occupancy marker and
 * incrementing a shared counter file), {@code race} (print {@code READY}, wait for {@code go} on stdin,
 * try once, hold when won), {@code exit} (acquire, then {@code System.exit(3)}), {@code throw}
 * (acquire in try-with-resources, then throw). A denial prints {@code DENIED <job id>} and exits
 * with 75.
 */
public final class LockTestProcess {

    private LockTestProcess() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Map<String, String> settings = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            int equals = args[i].indexOf('=');
            settings.put(args[i].substring(0, equals), args[i].substring(equals + 1));
        }
        LockOptions options = LockOptions.builder()
                .path(Path.of(settings.get("path")))
                .staleLimit(Duration.ofMillis(Long.parseLong(settings.getOrDefault("stale", "3600000"))))
                .heartbeatPeriod(Duration.ofMillis(Long.parseLong(settings.getOrDefault("heartbeat", "60000"))))
                .degradedModeForced(Boolean.parseBoolean(settings.getOrDefault("degraded", "false")))
                .build();
        AnalysisLock lock = AnalysisLock.open(options);
        String job = settings.getOrDefault("job", "job-" + ProcessHandle.current().pid());
        String scan = settings.getOrDefault("scan", "scan.h5");

        switch (mode) {
            case "hold" -> hold(lock, job, scan);
            case "loop" -> loop(lock, job, scan, Integer.parseInt(settings.get("count")), Path.of(settings.get("dir")));
            case "race" -> race(lock, job, scan);
            case "exit" -> {
                LockLease lease = acquireOrExit(lock, job, scan);
                System.out.println("ACQUIRED " + lease.generation() + " " + lease.holder().ownerToken());
                System.exit(3);
            }
            case "throw" -> {
                try (LockLease lease = acquireOrExit(lock, job, scan)) {
                    System.out.println("ACQUIRED " + lease.generation() + " " + lease.holder().ownerToken());
                    throw new IllegalStateException("job failed on purpose");
                }
            }
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        }
    }

    private static LockLease acquireOrExit(AnalysisLock lock, String job, String scan) {
        try {
            return lock.tryAcquire(job, scan);
        } catch (LockDeniedException e) {
            System.out.println("DENIED " + e.holder().jobId());
            System.out.flush();
            System.exit(75);
            throw new AssertionError(e);
        }
    }

    private static void hold(AnalysisLock lock, String job, String scan) throws IOException {
        LockLease lease = acquireOrExit(lock, job, scan);
        lease.onLost(reason -> System.out.println("LOST " + reason));
        System.out.println("ACQUIRED " + lease.generation() + " " + lease.holder().ownerToken());
        System.out.flush();
        BufferedReader input = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = input.readLine()) != null && !line.equals("release")) {
            if (line.equals("valid")) {
                System.out.println("VALID " + lease.isValid());
                System.out.flush();
            }
        }
        lease.close();
        System.out.println("RELEASED");
        System.out.flush();
        while (input.readLine() != null) {
            // stay alive after the release until the parent closes stdin
        }
    }

    private static void loop(AnalysisLock lock, String job, String scan, int count, Path directory)
            throws Exception {
        Path marker = directory.resolve("occupied");
        Path counter = directory.resolve("counter");
        int overlaps = 0;
        for (int i = 0; i < count; i++) {
            try (LockLease lease = lock.acquire(job + "-" + i, scan, Duration.ofMinutes(5))) {
                try {
                    Files.createFile(marker);
                } catch (FileAlreadyExistsException e) {
                    overlaps++;
                }
                String text = Files.exists(counter) ? Files.readString(counter).trim() : "0";
                long value = text.isEmpty() ? 0 : Long.parseLong(text);
                Files.writeString(counter, Long.toString(value + 1));
                Files.deleteIfExists(marker);
                if (!lease.isValid()) {
                    overlaps++;
                }
            }
        }
        System.out.println("DONE " + count + " overlaps=" + overlaps);
    }

    private static void race(AnalysisLock lock, String job, String scan) throws Exception {
        BufferedReader input = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.out.println("READY");
        System.out.flush();
        if (!"go".equals(input.readLine())) {
            return;
        }
        try {
            LockLease lease = lock.tryAcquire(job, scan);
            System.out.println("WON " + lease.holder().ownerToken());
            System.out.flush();
            String line;
            while ((line = input.readLine()) != null) {
                if (line.equals("valid")) {
                    System.out.println("VALID " + lease.isValid());
                    System.out.flush();
                }
            }
            lease.close();
        } catch (LockDeniedException e) {
            System.out.println("DENIED " + e.holder().jobId());
        }
        System.out.flush();
    }
}
