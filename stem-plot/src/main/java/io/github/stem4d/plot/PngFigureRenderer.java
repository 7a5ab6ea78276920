package io.github.stem4d.plot;

import com.google.auto.service.AutoService;
import io.github.stem4d.analysis.AnalysisResult;
import io.github.stem4d.analysis.ReportRenderer;
import io.github.stem4d.analysis.scan.ScanDataset;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.Duration;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Report renderer {@code "png-figures"}: writes {@value Figures#CLUSTER_MAP},
 * {@code montages/cluster_<k>.png}, {@value Figures#MEAN_PATTERNS}, {@value Figures#PCA_SCREE},
 * {@value Figures#VIRTUAL_IMAGES} and {@value Figures#OVERVIEW} under the output folder.
 *
 * <p>Rendering is headless and deterministic: the same result and frames give the same bytes.
 * Each file is written to a temporary name in its folder and renamed when complete. Montages
 * read the frames listed in {@link AnalysisResult#representativeFrames()} from the dataset,
 * one frame at a time; nothing proportional to the scan is allocated beyond the result's own
 * arrays. Instances hold no state and may be shared between threads; the dataset must not be
 * read by another thread during {@link #render}.
 */
@AutoService(ReportRenderer.class)
public final class PngFigureRenderer implements ReportRenderer {

    /** Default number of montage cells per side (a 4 x 4 grid). */
    public static final int DEFAULT_MONTAGE_SIDE = 4;

    private static final System.Logger LOG = System.getLogger(PngFigureRenderer.class.getName());

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private final int montageSide;

    /** Creates a renderer with {@value #DEFAULT_MONTAGE_SIDE} x {@value #DEFAULT_MONTAGE_SIDE} montages. */
    public PngFigureRenderer() {
        this(DEFAULT_MONTAGE_SIDE);
    }

    /**
     * Creates a renderer whose montages have at most {@code montageSide x montageSide} cells.
     *
     * @throws IllegalArgumentException if {@code montageSide} is not between 1 and 10
     */
    public PngFigureRenderer(int montageSide) {
        if (montageSide < 1 || montageSide > 10) {
            throw new IllegalArgumentException("montageSide must be between 1 and 10, got " + montageSide);
        }
        this.montageSide = montageSide;
    }

    @Override
    public String name() {
        return "png-figures";
    }

    /**
     * Renders all figures of {@code result} under {@code outputDirectory}, creating it and its
     * {@value Figures#MONTAGE_FOLDER} folder if needed.
     *
     * @param dataset the scan the result was computed from, for the montages; when null, no
     *     montages are written
     * @return the files written, in the order cluster map, montages by cluster, mean patterns,
     *     scree plot, virtual images, overview
     * @throws IllegalArgumentException if the result's arrays disagree with its shapes, or the
     *     dataset's frame shape differs from the result's
     * @throws IOException if a frame cannot be read or a file cannot be written
     */
    @Override
    public List<Path> render(AnalysisResult result, ScanDataset dataset, Path outputDirectory) throws IOException {
        return render(result, dataset, outputDirectory, new LinkedHashMap<>());
    }

    /** Renders like {@link #render(AnalysisResult, ScanDataset, Path)} and adds each figure's wall time to {@code timings}. */
    List<Path> render(AnalysisResult result, ScanDataset dataset, Path outputDirectory, Map<String, Duration> timings)
            throws IOException {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(outputDirectory, "outputDirectory");
        FigureData.validate(result);
        if (dataset != null && !dataset.frameShape().equals(result.frameShape())) {
            throw new IllegalArgumentException("dataset frame shape " + dataset.frameShape()
                    + " differs from the result's frame shape " + result.frameShape()
                    + "; pass the dataset the result was computed from");
        }
        Path montageFolder = outputDirectory.resolve(Figures.MONTAGE_FOLDER);
        createFolder(outputDirectory);
        createFolder(montageFolder);
        List<Path> written = new ArrayList<>();

        long start = System.nanoTime();
        BufferedImage clusterMap = ClusterMapFigure.render(result);
        written.add(write(outputDirectory, outputDirectory.resolve(Figures.CLUSTER_MAP), clusterMap, timings, start));

        if (dataset == null) {
            LOG.log(System.Logger.Level.WARNING, "No dataset given for scan ''{0}'': montages are not rendered",
                    result.scanName());
        } else {
            written.addAll(renderMontages(result, dataset, outputDirectory, montageFolder, timings));
        }

        start = System.nanoTime();
        BufferedImage meanPatterns = MeanPatternsFigure.render(result);
        written.add(write(outputDirectory, outputDirectory.resolve(Figures.MEAN_PATTERNS), meanPatterns, timings, start));

        start = System.nanoTime();
        BufferedImage scree = ScreeFigure.render(result, ScreeFigure.WIDTH, ScreeFigure.HEIGHT, false);
        written.add(write(outputDirectory, outputDirectory.resolve(Figures.PCA_SCREE), scree, timings, start));

        start = System.nanoTime();
        BufferedImage virtualImages = VirtualImagesFigure.render(result);
        written.add(write(outputDirectory, outputDirectory.resolve(Figures.VIRTUAL_IMAGES), virtualImages, timings, start));

        start = System.nanoTime();
        BufferedImage overview = OverviewFigure.render(result, clusterMap);
        written.add(write(outputDirectory, outputDirectory.resolve(Figures.OVERVIEW), overview, timings, start));
        return written;
    }

    /**
     * Renders one montage per cluster. Frames are read on this thread, because a dataset serves
     * one reader thread at a time. PNG encoding, most of a montage's cost, runs on up to two
     * helper threads, and at most that many images wait in memory. The files are the same as
     * with sequential encoding.
     */
    private List<Path> renderMontages(AnalysisResult result, ScanDataset dataset, Path outputDirectory,
            Path montageFolder, Map<String, Duration> timings) throws IOException {
        long[] counts = FigureData.labelCounts(result.kmeans().labels(), result.k());
        int encoders = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(encoders, task -> {
            Thread thread = new Thread(task, "stem4d-png-encoder");
            thread.setDaemon(true);
            return thread;
        });
        List<Path> written = new ArrayList<>();
        ArrayDeque<Future<Path>> pending = new ArrayDeque<>();
        try {
            for (int k = 0; k < result.k(); k++) {
                long start = System.nanoTime();
                BufferedImage montage = MontageFigure.render(result, dataset, k, montageSide, counts[k]);
                Path target = montageFolder.resolve(Figures.montageFileName(k));
                if (pending.size() >= encoders) {
                    written.add(await(pending.removeFirst()));
                }
                pending.addLast(pool.submit(() -> write(outputDirectory, target, montage, timings, start)));
            }
            while (!pending.isEmpty()) {
                written.add(await(pending.removeFirst()));
            }
            return written;
        } finally {
            pool.shutdownNow();
        }
    }

    private static Path await(Future<Path> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing montages");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IOException("montage encoding failed: " + cause, cause);
        }
    }

    /** Creates {@code folder} and its parents; a failure message names the path that is in the way. */
    private static void createFolder(Path folder) throws IOException {
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new NotDirectoryException("figure output folder '" + folder
                    + "' exists but is not a folder; pass a folder path or remove the file");
        }
        try {
            Files.createDirectories(folder);
        } catch (FileSystemException e) {
            throw new IOException("cannot create the figure output folder '" + folder + "': " + e.getMessage()
                    + "; check that its parents are folders and writable", e);
        }
    }

    private static Path write(Path outputDirectory, Path target, BufferedImage image, Map<String, Duration> timings,
            long start) throws IOException {
        try {
            PngFiles.writeAtomically(target, PngFiles.encode(image));
        } catch (FileSystemException e) {
            throw new IOException("cannot write figure '" + target + "': " + e.getMessage()
                    + "; check that the folder is writable and the path is not a folder", e);
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        String key = outputDirectory.relativize(target).toString().replace('\\', '/');
        synchronized (timings) {
            timings.merge(key, elapsed, Duration::plus);
        }
        LOG.log(System.Logger.Level.DEBUG, "Rendered {0} ({1}x{2} px) in {3} ms", target, image.getWidth(),
                image.getHeight(), elapsed.toMillis());
        return target;
    }
}
