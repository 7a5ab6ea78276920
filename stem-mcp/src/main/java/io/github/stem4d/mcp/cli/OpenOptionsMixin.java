package io.github.stem4d.mcp.cli;

import io.github.stem4d.analysis.scan.FrameShape;
import io.github.stem4d.analysis.scan.OpenOptions;
import io.github.stem4d.analysis.scan.PixelType;
import io.github.stem4d.analysis.scan.RawLayout;
import io.github.stem4d.analysis.scan.ScanShape;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Command-line options that set how a scan file is opened (reader, HDF5 dataset, scan shape,
 * skipped frames, reader options and the byte layout of raw files), shared by the commands that
 * open scans. Add it with {@code @Mixin OpenOptionsMixin open;} and call {@link #toOpenOptions()}.
 *
 * <p>A raw layout is given with {@code --frame-shape} and {@code --pixel-type}; the other raw
 * options have defaults. When a raw layout is given without {@code --format}, the raw reader is
 * chosen. Invalid combinations are usage errors (exit code 2).
 */
public final class OpenOptionsMixin {

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--format", paramLabel = "NAME",
            description = "Reader or format name, for example hdf5, mib, npy or raw (default: chosen from the file).")
    String format;

    @Option(names = "--dataset", paramLabel = "PATH",
            description = "HDF5 dataset path, for example /entry/data/data (default: found by the reader).")
    String datasetPath;

    @Option(names = "--scan-shape", paramLabel = "RxC", converter = ScanShapeConverter.class,
            description = "Scan rows x columns, for example 256x256; wins over the shape found in the file.")
    ScanShape scanShape;

    @Option(names = "--skip-frames", paramLabel = "N", defaultValue = "0",
            description = "Leading frames to drop before the scan starts, for example flyback frames (default: 0).")
    long skipFrames;

    @Option(names = {"-O", "--reader-option"}, paramLabel = "KEY=VALUE",
            description = "Reader-specific option, repeatable, for example ignore-trailing-frames=true."
                    + " Unknown names are rejected by the reader.")
    Map<String, String> readerOptions = new LinkedHashMap<>();

    @Option(names = "--frame-shape", paramLabel = "RxC", converter = FrameShapeConverter.class,
            description = "Raw files: detector rows x columns of one frame, for example 256x256.")
    FrameShape frameShape;

    @Option(names = "--pixel-type", paramLabel = "TYPE", converter = PixelTypeConverter.class,
            description = "Raw files: stored pixel type, one of uint8, int8, uint16, int16, uint32, int32, uint64,"
                    + " int64, float32, float64.")
    PixelType pixelType;

    @Option(names = "--byte-order", paramLabel = "ORDER", converter = ByteOrderConverter.class,
            description = "Raw files: byte order of the pixels, little or big (default: little).")
    ByteOrder byteOrder;

    @Option(names = "--header-bytes", paramLabel = "N",
            description = "Raw files: bytes before the first frame (default: 0).")
    Long headerBytes;

    @Option(names = "--frame-gap-bytes", paramLabel = "N",
            description = "Raw files: bytes after each frame that are skipped, for example a footer (default: 0).")
    Long frameGapBytes;

    /**
     * Builds the open options from the parsed command line.
     *
     * @throws CommandLine.ParameterException if a value is out of range or the raw layout options
     *     are incomplete or combined with another format
     */
    public OpenOptions toOpenOptions() {
        if (skipFrames < 0) {
            throw usage("invalid --skip-frames " + skipFrames + ": expected 0 or more");
        }
        OpenOptions.Builder builder = OpenOptions.builder().format(format).datasetPath(datasetPath)
                .scanShape(scanShape).skipFrames(skipFrames);
        readerOptions.forEach(builder::readerOption);
        RawLayout layout = rawLayout();
        if (layout != null) {
            if (format != null && !format.equalsIgnoreCase("raw")) {
                throw usage("--frame-shape and --pixel-type describe raw files, but --format is '" + format
                        + "': drop the raw layout options or use --format raw");
            }
            builder.rawLayout(layout).format("raw");
        }
        return builder.build();
    }

    /** Returns the raw layout given on the command line, or null when none of its options is present. */
    private RawLayout rawLayout() {
        boolean any = frameShape != null || pixelType != null || byteOrder != null || headerBytes != null
                || frameGapBytes != null;
        if (!any) {
            return null;
        }
        if (frameShape == null || pixelType == null) {
            throw usage("a raw layout needs both --frame-shape and --pixel-type, for example"
                    + " --frame-shape 256x256 --pixel-type uint16");
        }
        long header = headerBytes == null ? 0 : headerBytes;
        long gap = frameGapBytes == null ? 0 : frameGapBytes;
        if (header < 0) {
            throw usage("invalid --header-bytes " + header + ": expected 0 or more");
        }
        if (gap < 0) {
            throw usage("invalid --frame-gap-bytes " + gap + ": expected 0 or more");
        }
        return new RawLayout(frameShape, pixelType, byteOrder == null ? ByteOrder.LITTLE_ENDIAN : byteOrder, header,
                gap);
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(mixee.commandLine(), message);
    }

    /** Converts {@code RxC} text to a {@link ScanShape}; a bad value is a usage error (exit code 2). */
    static final class ScanShapeConverter implements CommandLine.ITypeConverter<ScanShape> {
        @Override
        public ScanShape convert(String value) {
            try {
                return ScanShape.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** Converts {@code RxC} text to a {@link FrameShape}. */
    static final class FrameShapeConverter implements CommandLine.ITypeConverter<FrameShape> {
        @Override
        public FrameShape convert(String value) {
            String[] parts = value.trim().toLowerCase(Locale.ROOT).split("x", -1);
            try {
                if (parts.length == 2) {
                    return new FrameShape(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
                }
            } catch (NumberFormatException e) {
                // Reported below with the expected form.
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("invalid frame shape '" + value + "': " + e.getMessage());
            }
            throw new CommandLine.TypeConversionException("invalid frame shape '" + value
                    + "': expected ROWSxCOLS, for example 256x256");
        }
    }

    /** Converts a pixel type name such as {@code uint16}, in any case, to a {@link PixelType}. */
    static final class PixelTypeConverter implements CommandLine.ITypeConverter<PixelType> {
        @Override
        public PixelType convert(String value) {
            try {
                return PixelType.valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                String names = Arrays.stream(PixelType.values()).map(t -> t.name().toLowerCase(Locale.ROOT))
                        .collect(Collectors.joining(", "));
                throw new CommandLine.TypeConversionException("invalid pixel type '" + value + "': expected one of "
                        + names);
            }
        }
    }

    /** Converts {@code little} or {@code big} to a {@link ByteOrder}. */
    static final class ByteOrderConverter implements CommandLine.ITypeConverter<ByteOrder> {
        @Override
        public ByteOrder convert(String value) {
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "little", "le" -> ByteOrder.LITTLE_ENDIAN;
                case "big", "be" -> ByteOrder.BIG_ENDIAN;
                default -> throw new CommandLine.TypeConversionException("invalid byte order '" + value
                        + "': expected little or big");
            };
        }
    }
}
