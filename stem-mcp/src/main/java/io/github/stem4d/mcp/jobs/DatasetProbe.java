package io.github.stem4d.mcp.jobs;

import io.github.stem4d.analysis.scan.OpenOptions;
import io.github.stem4d.analysis.scan.ScanDataset;
import io.github.stem4d.analysis.scan.ScanDatasets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Opens a scan's headers only and describes it for people, {@code summary.json} and {@code list_scans}. */
public final class DatasetProbe {

    private DatasetProbe() {
    }

    /**
     * Returns format, pixel type, shapes (scan_y, scan_x, det_y, det_x), frame count, file size
     * and the reader's metadata.
     *
     * @throws IOException if no reader accepts the file or its headers are invalid
     */
    public static Map<String, Object> describe(Path scan, OpenOptions options) throws IOException {
        try (ScanDataset dataset = ScanDatasets.open(scan, options)) {
            return describe(scan, dataset);
        }
    }

    /** Returns the description of an open dataset. */
    public static Map<String, Object> describe(Path scan, ScanDataset dataset) throws IOException {
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("path", scan.toString());
        description.put("format", dataset.format());
        description.put("pixel_type", dataset.pixelType().name().toLowerCase(Locale.ROOT));
        description.put("scan_shape", List.of(dataset.scanShape().rows(), dataset.scanShape().cols()));
        description.put("frame_shape", List.of(dataset.frameShape().rows(), dataset.frameShape().cols()));
        description.put("frames", dataset.frameCount());
        description.put("file_bytes", Files.size(scan));
        description.put("metadata", dataset.metadata());
        return description;
    }
}
