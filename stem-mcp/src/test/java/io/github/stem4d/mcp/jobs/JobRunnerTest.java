package io.github.stem4d.mcp.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.stem4d.analysis.AnalysisSettings;
import io.github.stem4d.analysis.scan.FrameShape;
import io.github.stem4d.analysis.scan.OpenOptions;
import io.github.stem4d.analysis.scan.PixelType;
import io.github.stem4d.analysis.scan.ScanShape;
import io.github.stem4d.io.synthetic.SyntheticFormat;
import io.github.stem4d.io.synthetic.SyntheticScanGenerator;
import io.github.stem4d.io.synthetic.SyntheticScanSpec;
import io.github.stem4d.lock.AnalysisLock;
import io.github.stem4d.lock.LockLease;
import io.github.stem4d.lock.LockOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs real analyses of generated scans under a real lock file in a temporary folder. */
class JobRunnerTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    Path temp;

    private AnalysisLock lock;
    private JobRunner runner;
    private Path scan;
    private Path output;

    @BeforeEach
    void setUp() throws Exception {
        lock = AnalysisLock.open(LockOptions.builder().path(temp.resolve("test.lock")).build());
        runner = new JobRunner(new PipelineEngine(), new AnalysisLockJobLock(lock));
        scan = temp.resolve("scan.npy");
        SyntheticScanGenerator.generate(new SyntheticScanSpec(new ScanShape(6, 6), new FrameShape(32, 32), 3, 4,
                PixelType.UINT16, SyntheticFormat.NPY), scan, false);
        output = temp.resolve("results");
    }

    @AfterEach
    void tearDown() {
        runner.close();
    }

    private JobRequest request(Path file, int k) {
        AnalysisSettings settings = AnalysisSettings.builder().features("binned-pattern").k(k).threads(2).build();
        return new JobRequest(file, file.getFileName().toString(), output, settings, OpenOptions.defaults());
    }

    @Test
    @SuppressWarnings("unchecked")
    void successfulJobWritesSummaryLatestAndLog() throws Exception {
        Job job = runner.submit(request(scan, 3));
        assertTrue(job.await(TIMEOUT), "job ends");

        assertEquals(JobState.SUCCEEDED, job.state(), job.error().orElse(""));
        assertEquals(output.resolve("scan").resolve(job.id()), job.outputDirectory());
        Map<String, Object> summary = new ObjectMapper().readValue(job.outputDirectory().resolve("summary.json").toFile(),
                Map.class);
        assertEquals(job.id(), summary.get("job_id"));
        assertEquals(3, ((Map<String, Object>) summary.get("parameters")).get("k_clusters"));
        List<Integer> sizes = (List<Integer>) ((Map<String, Object>) summary.get("clusters")).get("sizes");
        assertEquals(36, sizes.stream().mapToInt(Integer::intValue).sum());
        assertEquals(List.of(6, 6), ((Map<String, Object>) summary.get("dataset")).get("scan_shape"));
        assertTrue(((List<String>) summary.get("files")).containsAll(List.of("summary.json", "analysis.log")));
        for (Path file : job.files()) {
            assertTrue(Files.isRegularFile(file), "listed file exists: " + file);
        }
        Map<String, Object> latest = new ObjectMapper().readValue(output.resolve("scan/latest.json").toFile(), Map.class);
        assertEquals(job.id(), latest.get("job_id"));
        String log = Files.readString(job.logFile());
        assertTrue(log.contains("started: scan"), log);
        assertTrue(log.contains("analysis lock released"), log);
        assertEquals(36, job.labels().orElseThrow().length);
        assertTrue(lock.holder().isEmpty(), "lock released after success");
        try (Stream<Path> files = Files.list(job.outputDirectory())) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".partial")), "no temporary files left");
        }
    }

    @Test
    void secondRunGetsNewFolderAndUpdatesLatest() throws Exception {
        Job first = runner.submit(request(scan, 2));
        assertTrue(first.await(TIMEOUT));
        Job second = runner.submit(request(scan, 2));
        assertTrue(second.await(TIMEOUT));

        assertEquals(JobState.SUCCEEDED, second.state(), second.error().orElse(""));
        assertNotEquals(first.outputDirectory(), second.outputDirectory());
        assertTrue(Files.isRegularFile(first.outputDirectory().resolve("summary.json")), "earlier run kept");
        Map<?, ?> latest = new ObjectMapper().readValue(output.resolve("scan/latest.json").toFile(), Map.class);
        assertEquals(second.id(), latest.get("job_id"));
        assertEquals(second, runner.latest().orElseThrow());
        assertEquals(List.of(second, first), runner.jobs());
    }

    @Test
    void heldLockDeniesAndCreatesNothing() throws Exception {
        try (LockLease lease = lock.tryAcquire("other-job", "other.h5")) {
            LockHeldException denied = assertThrows(LockHeldException.class, () -> runner.submit(request(scan, 2)));
            assertTrue(denied.getMessage().contains("other-job"), denied.getMessage());
            assertEquals("other-job", denied.holder().orElseThrow().jobId());
            assertEquals("other.h5", denied.holder().orElseThrow().scanIdentifier());
            assertTrue(lease.isValid());
        }
        assertFalse(Files.exists(output.resolve("scan")), "no folder for a denied job");
        assertTrue(runner.jobs().isEmpty());
    }

    @Test
    void cancelledJobReleasesLock() throws Exception {
        Path big = temp.resolve("big.npy");
        SyntheticScanGenerator.generate(new SyntheticScanSpec(new ScanShape(48, 48), new FrameShape(128, 128), 4, 1,
                PixelType.UINT16, SyntheticFormat.NPY), big, false);
        Job job = runner.submit(request(big, 4));
        job.cancel("test cancellation");
        assertTrue(job.await(TIMEOUT), "cancelled job ends");

        assertEquals(JobState.CANCELLED, job.state());
        assertTrue(job.error().orElseThrow().contains("test cancellation"), job.error().orElseThrow());
        assertTrue(lock.holder().isEmpty(), "lock released after cancellation");
        assertFalse(Files.exists(job.outputDirectory().resolve("summary.json")));
        assertFalse(Files.exists(output.resolve("big/latest.json")));
    }

    @Test
    void unreadableScanFailsWithMessage() throws Exception {
        Path broken = Files.writeString(temp.resolve("broken.npy"), "not numpy");
        Job job = runner.submit(request(broken, 2));
        assertTrue(job.await(TIMEOUT));

        assertEquals(JobState.FAILED, job.state());
        assertTrue(job.error().orElseThrow().contains("broken.npy"), job.error().orElseThrow());
        assertTrue(lock.holder().isEmpty(), "lock released after failure");
        assertTrue(Files.readString(job.logFile()).contains("failed"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void allZeroScanWarnsOfEmptyClusters() throws Exception {
        Path zeros = temp.resolve("zeros.npy");
        String header = "{'descr': '<u2', 'fortran_order': False, 'shape': (4, 4, 32, 32), }";
        StringBuilder padded = new StringBuilder(header);
        while ((10 + padded.length() + 1) % 64 != 0) {
            padded.append(' ');
        }
        padded.append('\n');
        byte[] head = padded.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(10 + head.length + 16 * 32 * 32 * 2)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        bytes.put((byte) 0x93).put("NUMPY".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).put((byte) 1)
                .put((byte) 0).putShort((short) head.length).put(head);
        Files.write(zeros, bytes.array());

        Job job = runner.submit(request(zeros, 4));
        assertTrue(job.await(TIMEOUT), "job ends");

        assertEquals(JobState.SUCCEEDED, job.state(), job.error().orElse(""));
        Map<String, Object> summary = new ObjectMapper().readValue(job.outputDirectory().resolve("summary.json").toFile(),
                Map.class);
        assertEquals(List.of(16, 0, 0, 0), ((Map<String, Object>) summary.get("clusters")).get("sizes"));
        List<String> warnings = (List<String>) summary.get("warnings");
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("clusters 1-3 are empty"), warnings.get(0));
        assertTrue(warnings.get(0).contains("only 1 distinct feature vector "), warnings.get(0));
        assertTrue(io.github.stem4d.mcp.server.ResultsText.summary(summary).contains("Warning: only 1 of K=4"));
        assertTrue(Files.readString(job.logFile()).contains("clusters 1-3 are empty"));
    }

    @Test
    void clusterWarningsNameEmptyRanges() {
        assertEquals(List.of(), Summaries.clusterWarnings(new long[] {3, 1}));
        String warning = Summaries.clusterWarnings(new long[] {5, 0, 2, 0, 0, 0, 1, 0}).get(0);
        assertTrue(warning.startsWith("only 3 of K=8 clusters received frames: clusters 1, 3-5, 7 are empty"), warning);
        String single = Summaries.clusterWarnings(new long[] {5, 2, 0}).get(0);
        assertTrue(single.contains("cluster 2 is empty"), single);
    }

    @Test
    void jobIsOwnedWhileItTakesTheLock() throws Exception {
        JobLock real = new AnalysisLockJobLock(lock);
        java.util.concurrent.atomic.AtomicReference<JobRunner> self = new java.util.concurrent.atomic.AtomicReference<>();
        List<Boolean> ownedDuringAcquire = new java.util.concurrent.CopyOnWriteArrayList<>();
        JobLock observing = new JobLock() {
            @Override
            public Lease tryAcquire(String jobId, String scanIdentifier) throws LockHeldException {
                Lease lease = real.tryAcquire(jobId, scanIdentifier);
                // A concurrent denied call reads the holder now, before the job is registered.
                ownedDuringAcquire.add(self.get().owns(jobId));
                return lease;
            }

            @Override
            public java.util.Optional<Holder> holder() {
                return real.holder();
            }
        };
        try (JobRunner observed = new JobRunner(new PipelineEngine(), observing)) {
            self.set(observed);
            Job job = observed.submit(request(scan, 2));
            assertTrue(job.await(TIMEOUT));

            assertEquals(List.of(true), ownedDuringAcquire);
            assertTrue(observed.owns(job.id()));
            assertFalse(observed.owns("20260101-000000-000000"));
        }
    }

    @Test
    void submitAfterShutdownReleasesLock() {
        runner.shutdown(Duration.ofSeconds(5));

        java.io.IOException e = assertThrows(java.io.IOException.class, () -> runner.submit(request(scan, 2)));

        assertTrue(e.getMessage().contains("shutting down"), e.getMessage());
        assertTrue(lock.holder().isEmpty(), "lock released when the job cannot start");
        assertEquals(JobState.FAILED, runner.latest().orElseThrow().state());
    }

    @Test
    void durationsReadForPeople() {
        assertEquals("850 ms", Jobs.formatDuration(Duration.ofMillis(850)));
        assertEquals("12.3 s", Jobs.formatDuration(Duration.ofMillis(12_300)));
        assertEquals("4 min 05 s", Jobs.formatDuration(Duration.ofSeconds(245)));
        assertEquals("2 h 03 min", Jobs.formatDuration(Duration.ofMinutes(123)));
        assertTrue(Jobs.newJobId().matches("\\d{8}-\\d{6}-[0-9a-f]{6}"));
        assertEquals("a.b", Jobs.scanName(Path.of("/x/a.b.h5")));
    }
}
