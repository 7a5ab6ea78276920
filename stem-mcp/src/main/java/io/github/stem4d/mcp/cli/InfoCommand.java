package io.github.stem4d.mcp.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.stem4d.analysis.scan.OpenOptions;
import io.github.stem4d.analysis.scan.ScanDataset;
import io.github.stem4d.analysis.scan.ScanDatasets;
import io.github.stem4d.analysis.scan.ScanReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The {@code stem4d info} subcommand: opens a scan file with the reader that {@code analyze}
 * would use, reading headers only, and prints what it found. Text or JSON goes to stdout;
 * errors go to stderr with exit code 1 (2 for usage errors).
 */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Print what stem4d reads from a scan file: format, reader, scan shape and its source,"
                + " frame shape, pixel type, frame count, file size and the reader's header details."
                + " Reads headers only.")
final class InfoCommand implements Callable<Integer> {

    private static final int KEY_WIDTH = 20;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "Scan file: HDF5, Merlin .mib, NumPy .npy, or raw"
            + " (give its layout with --frame-shape and --pixel-type).")
    Path file;

    @CommandLine.Mixin
    OpenOptionsMixin open;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        OpenOptions options = open.toOpenOptions();

        Map<String, Object> info;
        try (ScanDataset dataset = ScanDatasets.open(file, options)) {
            ScanReader reader = ScanDatasets.choose(file, options);
            info = describe(file, reader, dataset);
        } catch (IOException e) {
            err.println("stem4d info: " + message(e));
            err.flush();
            return 1;
        } catch (RuntimeException e) {
            err.println("stem4d info: failed to read '" + file + "': " + e);
            err.flush();
            return 1;
        }

        if (json) {
            try {
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(info));
            } catch (IOException e) {
                err.println("stem4d info: cannot write JSON: " + e.getMessage());
                err.flush();
                return 1;
            }
        } else {
            printText(out, info);
        }
        out.flush();
        return 0;
    }

    /** Returns the description printed for {@code dataset}, in the order shown. */
    static Map<String, Object> describe(Path file, ScanReader reader, ScanDataset dataset) throws IOException {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("file", file.toAbsolutePath().toString());
        info.put("format", dataset.format());
        info.put("reader", reader.name());
        info.put("reader_priority", reader.priority());
        info.put("scan_shape", List.of(dataset.scanShape().rows(), dataset.scanShape().cols()));
        info.put("scan_shape_source", dataset.metadata().getOrDefault("scan_shape_source", "unknown"));
        info.put("frame_shape", List.of(dataset.frameShape().rows(), dataset.frameShape().cols()));
        info.put("pixel_type", dataset.pixelType().name());
        info.put("frame_count", dataset.frameCount());
        info.put("file_size_bytes", Files.size(file));
        info.put("metadata", new LinkedHashMap<>(dataset.metadata()));
        return info;
    }

    private static void printText(PrintWriter out, Map<String, Object> info) {
        @SuppressWarnings("unchecked")
        List<Integer> scan = (List<Integer>) info.get("scan_shape");
        @SuppressWarnings("unchecked")
        List<Integer> frame = (List<Integer>) info.get("frame_shape");
        line(out, "", "file", info.get("file"));
        line(out, "", "format", info.get("format"));
        line(out, "", "reader", info.get("reader") + " (priority " + info.get("reader_priority") + ")");
        line(out, "", "scan shape", scan.get(0) + "x" + scan.get(1) + " (rows x columns, from "
                + info.get("scan_shape_source") + ")");
        line(out, "", "frame shape", frame.get(0) + "x" + frame.get(1) + " (rows x columns)");
        line(out, "", "pixel type", info.get("pixel_type"));
        line(out, "", "frames", info.get("frame_count"));
        line(out, "", "file size", info.get("file_size_bytes") + " bytes");
        out.println("details:");
        @SuppressWarnings("unchecked")
        Map<String, Object> metadata = (Map<String, Object>) info.get("metadata");
        printMap(out, "  ", metadata);
    }

    private static void printMap(PrintWriter out, String indent, Map<?, ?> map) {
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (entry.getValue() instanceof Map<?, ?> nested) {
                out.println(indent + entry.getKey() + ":");
                printMap(out, indent + "  ", nested);
            } else {
                line(out, indent, String.valueOf(entry.getKey()), entry.getValue());
            }
        }
    }

    private static void line(PrintWriter out, String indent, String key, Object value) {
        String label = indent + key + ":";
        int width = Math.max(KEY_WIDTH, label.length() + 1);
        out.println(String.format("%-" + width + "s%s", label, value));
    }

    private static String message(IOException e) {
        String text = e.getMessage();
        return text == null || text.isBlank() ? e.toString() : text;
    }
}
