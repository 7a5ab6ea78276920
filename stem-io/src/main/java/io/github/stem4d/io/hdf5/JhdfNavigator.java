package io.github.stem4d.io.hdf5;

import io.github.stem4d.analysis.scan.InvalidScanException;
import io.github.stem4d.analysis.scan.PixelType;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Link;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import io.jhdf.exceptions.HdfInvalidPathException;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link Hdf5Navigator} on a jhdf {@link HdfFile}. */
final class JhdfNavigator implements Hdf5Navigator {

    private final Path path;
    private final HdfFile file;

    JhdfNavigator(Path path, HdfFile file) {
        this.path = path;
        this.file = file;
    }

    @Override
    public Optional<Hdf5DatasetInfo> dataset(String datasetPath) throws IOException {
        Optional<Node> node = node(datasetPath);
        if (node.isEmpty() || !(node.get() instanceof Dataset dataset)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Hdf5DatasetInfo(datasetPath, dataset.getDimensionsAsLong(), pixelType(dataset)));
        } catch (HdfException e) {
            throw new InvalidScanException(path, "cannot read the header of dataset '" + datasetPath + "' in '"
                    + path + "': " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> children(String groupPath) throws IOException {
        Optional<Node> node = node(groupPath);
        if (node.isEmpty() || !(node.get() instanceof Group group)) {
            return List.of();
        }
        try {
            List<String> names = new ArrayList<>(group.getChildren().keySet());
            names.sort(null);
            return names;
        } catch (HdfException e) {
            throw new InvalidScanException(path, "cannot list group '" + groupPath + "' in '" + path + "': "
                    + e.getMessage(), e);
        }
    }

    @Override
    public boolean hasAttribute(String objectPath, String name) throws IOException {
        Optional<Node> node = node(objectPath);
        try {
            return node.isPresent() && node.get().getAttributes().containsKey(name);
        } catch (HdfException e) {
            throw new InvalidScanException(path, "cannot read the attributes of '" + objectPath + "' in '" + path
                    + "': " + e.getMessage(), e);
        }
    }

    /** Returns the node at the path with links resolved, or empty when the path does not exist. */
    Optional<Node> node(String objectPath) throws IOException {
        try {
            Node node = objectPath.equals("/") ? file : file.getByPath(objectPath);
            int hops = 0;
            while (node instanceof Link link) {
                if (++hops > 16 || link.isBrokenLink()) {
                    return Optional.empty();
                }
                node = link.getTarget();
            }
            return Optional.of(node);
        } catch (HdfInvalidPathException e) {
            return Optional.empty();
        } catch (HdfException e) {
            throw new InvalidScanException(path, "cannot open '" + objectPath + "' in '" + path + "': "
                    + e.getMessage() + (objectPath.startsWith("/entry/data")
                    ? "; an external link needs its data file in the same folder" : ""), e);
        }
    }

    /** Returns the stem4d element type of a jhdf dataset, or empty for non-numeric data. */
    static Optional<PixelType> pixelType(Dataset dataset) {
        if (dataset.isCompound() || dataset.isVariableLength()) {
            return Optional.empty();
        }
        DataType type = dataset.getDataType();
        if (type instanceof FixedPoint fixed) {
            boolean signed = fixed.isSigned();
            return switch (fixed.getSize()) {
                case 1 -> Optional.of(signed ? PixelType.INT8 : PixelType.UINT8);
                case 2 -> Optional.of(signed ? PixelType.INT16 : PixelType.UINT16);
                case 4 -> Optional.of(signed ? PixelType.INT32 : PixelType.UINT32);
                case 8 -> Optional.of(signed ? PixelType.INT64 : PixelType.UINT64);
                default -> Optional.empty();
            };
        }
        if (type instanceof FloatingPoint) {
            return switch (type.getSize()) {
                case 4 -> Optional.of(PixelType.FLOAT32);
                case 8 -> Optional.of(PixelType.FLOAT64);
                default -> Optional.empty();
            };
        }
        return Optional.empty();
    }
}
