package io.github.stem4d.mcp.cli;

import io.github.stem4d.analysis.scan.FrameShape;
import io.github.stem4d.analysis.scan.PixelType;
import io.github.stem4d.analysis.scan.ScanShape;
import io.github.stem4d.io.synthetic.GeneratedScan;
import io.github.stem4d.io.synthetic.SyntheticFormat;
import io.github.stem4d.io.synthetic.SyntheticScanGenerator;
import io.github.stem4d.io.synthetic.SyntheticScanSpec;
import io.github.stem4d.mcp.server.ResultsText;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The {@code stem4d generate} subcommand: writes a synthetic scan with known regions. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Writes a synthetic 4D-STEM scan with known regions (vacuum, amorphous rings, square and"
                + " hexagonal lattices, a rotated grain...) frame by frame, and its truth labels as FILE.labels.npy.",
            "Equal options give identical files. HDF5 output is not supported (jhdf 0.13.0 cannot write it frame by"
                + " frame); convert the .npy with h5py if needed."})
final class GenerateCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "Scan file to write.")
    Path out;

    @Option(names = "--scan-shape", paramLabel = "RxC", defaultValue = "64x64",
            description = "Probe positions, rows x columns (default: ${DEFAULT-VALUE}).")
    String scanShape;

    @Option(names = "--detector", paramLabel = "N|RxC", defaultValue = "256",
            description = "Detector pixels: N for NxN, or rows x columns; at least 16 (default: ${DEFAULT-VALUE}).")
    String detector;

    @Option(names = "--regions", paramLabel = "N", defaultValue = "5",
            description = "Number of regions, 1 to 8 (default: ${DEFAULT-VALUE}).")
    int regions;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--format", paramLabel = "NAME",
            description = "npy, raw or mib (default: from the file extension, else npy).")
    String format;

    @Option(names = "--dtype", paramLabel = "TYPE", defaultValue = "uint16",
            description = "uint8, uint16, uint32 or float32 (default: ${DEFAULT-VALUE}).")
    String dtype;

    @Option(names = "--force", description = "Replace an existing file.")
    boolean force;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        SyntheticScanSpec scanSpec;
        try {
            scanSpec = new SyntheticScanSpec(ScanShape.parse(scanShape), detectorShape(detector), regions, seed,
                    pixelType(dtype), chooseFormat());
        } catch (IllegalArgumentException e) {
            System.err.println("stem4d generate: " + e.getMessage());
            return Stem4dCommand.EXIT_USAGE;
        }

        System.err.println("stem4d generate: writing " + ResultsText.bytes(scanSpec.fileBytes()) + " to " + out);
        long start = System.nanoTime();
        GeneratedScan scan;
        try {
            scan = SyntheticScanGenerator.generate(scanSpec, out, force);
        } catch (FileAlreadyExistsException e) {
            System.err.println("stem4d generate: " + out + " exists; pass --force to replace it or choose another name");
            return 1;
        } catch (IOException e) {
            System.err.println("stem4d generate: cannot write " + out + ": " + e.getMessage());
            return 1;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        stdout.print(describe(scan, seconds));
        stdout.flush();
        return 0;
    }

    static String describe(GeneratedScan scan, double seconds) {
        SyntheticScanSpec s = scan.spec();
        StringBuilder text = new StringBuilder();
        text.append("Wrote ").append(scan.scanFile()).append(" (").append(s.format().extension()).append(", scan ")
                .append(s.scanShape()).append(", frames ").append(s.frameShape()).append(' ')
                .append(s.pixelType().name().toLowerCase(Locale.ROOT)).append(", ").append(ResultsText.bytes(scan.bytes()))
                .append(String.format(Locale.ROOT, ", %.1f s, %.0f MiB/s)", seconds, scan.bytes() / 1048576.0 / Math.max(seconds, 1e-9)))
                .append('\n');
        text.append("Truth labels: ").append(scan.labelsFile()).append('\n');
        scan.sidecarFiles().forEach(file -> text.append("Sidecar: ").append(file).append('\n'));
        long[] sizes = scan.regionSizes();
        for (int i = 0; i < sizes.length; i++) {
            text.append("  region ").append(i).append(": ").append(scan.regionKinds().get(i).description()).append(", ")
                    .append(sizes[i]).append(" positions\n");
        }
        return text.toString();
    }

    private SyntheticFormat chooseFormat() {
        if (format != null) {
            return SyntheticFormat.parse(format);
        }
        String name = out.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".h5") || name.endsWith(".hdf5")) {
            return SyntheticFormat.parse("h5");
        }
        return SyntheticFormat.fromFileName(name).orElse(SyntheticFormat.NPY);
    }

    static FrameShape detectorShape(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (value.contains("x")) {
                ScanShape shape = ScanShape.parse(value);
                return new FrameShape(shape.rows(), shape.cols());
            }
            int side = Integer.parseInt(value);
            return new FrameShape(side, side);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid --detector '" + text + "': expected N or ROWSxCOLS, for example"
                    + " 256 or 128x256", e);
        }
    }

    static PixelType pixelType(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "uint8", "u8" -> PixelType.UINT8;
            case "uint16", "u16" -> PixelType.UINT16;
            case "uint32", "u32" -> PixelType.UINT32;
            case "float32", "f32" -> PixelType.FLOAT32;
            default -> throw new IllegalArgumentException("invalid --dtype '" + text
                    + "': expected uint8, uint16, uint32 or float32");
        };
    }
}
