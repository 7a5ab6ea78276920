package io.github.stem4d.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The built-in provider is found by ServiceLoader and chosen by name. */
class LockProvidersTest {

    @Test
    void fileProviderLoadsThroughServiceLoader() {
        List<String> names = new ArrayList<>();
        for (LockProvider provider : ServiceLoader.load(LockProvider.class)) {
            names.add(provider.name());
        }
        assertEquals(List.of("file"), names);
        assertEquals(List.of("file"), AnalysisLock.providerNames());
    }

    @Test
    void unknownProviderNameListsFoundProviders() {
        LockOptions options = LockOptions.builder().providerName("zookeeper").build();
        LockConfigurationException error = assertThrows(LockConfigurationException.class,
                () -> AnalysisLock.open(options));
        assertTrue(error.getMessage().contains("'zookeeper'"), error.getMessage());
        assertTrue(error.getMessage().contains("[file]"), error.getMessage());
    }
}
