package io.github.stem4d.analysis.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The module's feature extractors load through ServiceLoader and are found by name. */
class FeatureExtractorProvidersTest {

    @Test
    void serviceLoaderFindsBothExtractors() {
        List<String> names = ServiceLoader.load(FeatureExtractor.class).stream()
                .map(provider -> provider.get().name()).sorted().toList();
        assertTrue(names.contains("binned-pattern"), names.toString());
        assertTrue(names.contains("polar-harmonics"), names.toString());
    }

    @Test
    void byNameReturnsEachExtractor() {
        assertInstanceOf(PolarHarmonicsExtractor.class, FeatureExtractors.byName("polar-harmonics"));
        assertInstanceOf(BinnedPatternExtractor.class, FeatureExtractors.byName("binned-pattern"));
        assertEquals("4", FeatureExtractors.byName("polar-harmonics").defaultOptions().get("bins"));
        assertEquals("32x32", FeatureExtractors.byName("binned-pattern").defaultOptions().get("grid"));
    }

    @Test
    void byNameListsKnownNamesForUnknownOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FeatureExtractors.byName("radial"));
        assertTrue(e.getMessage().contains("binned-pattern"), e.getMessage());
        assertTrue(e.getMessage().contains("polar-harmonics"), e.getMessage());
    }
}
