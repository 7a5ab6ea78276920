package io.github.stem4d.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JVM-wide registry: shared by two copies of the library and keyed by the real path. */
class LockRegistryTest {

    @TempDir
    Path directory;

    /** Creates a class loader with its own copy of stem-lock and Jackson, loaded from the test class path. */
    private static URLClassLoader isolatedCopy() throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            urls.add(Path.of(entry).toUri().toURL());
        }
        return new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
    }

    /** Calls {@code AnalysisLock.open(path).tryAcquire(job, scan)} through reflection in a loader. */
    private static Object acquireIn(ClassLoader loader, Path record, String job) throws Throwable {
        Class<?> optionsClass = loader.loadClass(LockOptions.class.getName());
        Object builder = optionsClass.getMethod("builder").invoke(null);
        builder.getClass().getMethod("path", Path.class).invoke(builder, record);
        Object options = builder.getClass().getMethod("build").invoke(builder);
        Class<?> lockClass = loader.loadClass(AnalysisLock.class.getName());
        Object lock = lockClass.getMethod("open", optionsClass).invoke(null, options);
        Method tryAcquire = lockClass.getMethod("tryAcquire", String.class, String.class);
        try {
            return tryAcquire.invoke(lock, job, "scan");
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Test
    void twoClassLoadersShareRegistry() throws Throwable {
        Path record = directory.resolve("analysis.lock");
        try (URLClassLoader first = isolatedCopy(); URLClassLoader second = isolatedCopy()) {
            assertNotSame(first.loadClass(AnalysisLock.class.getName()), second.loadClass(AnalysisLock.class.getName()));
            Object lease = acquireIn(first, record, "first-copy");
            try {
                Throwable denied = assertThrows(Throwable.class, () -> acquireIn(second, record, "second-copy"));
                assertEquals(LockDeniedException.class.getName(), denied.getClass().getName(), String.valueOf(denied));
                assertTrue(denied.getMessage().contains("first-copy"), denied.getMessage());
                LockDeniedException sameLoader = assertThrows(LockDeniedException.class,
                        () -> AnalysisLock.open(LockOptions.builder().path(record).build()).tryAcquire("third", "s"));
                assertEquals("first-copy", sameLoader.holder().jobId());
                Method isValid = lease.getClass().getMethod("isValid");
                isValid.setAccessible(true);
                assertEquals(Boolean.TRUE, isValid.invoke(lease), "the denials must not drop the OS lock");
            } finally {
                Method close = lease.getClass().getMethod("close");
                close.setAccessible(true);
                close.invoke(lease);
            }
            Object again = acquireIn(second, record, "second-copy");
            Method close = again.getClass().getMethod("close");
            close.setAccessible(true);
            close.invoke(again);
        }
    }

    @Test
    void registryKeyUsesRealPath() throws Exception {
        Path real = Files.createDirectory(directory.resolve("real"));
        Path alias = Files.createSymbolicLink(directory.resolve("alias"), real);
        AnalysisLock viaReal = AnalysisLock.open(LockOptions.builder().path(real.resolve("analysis.lock")).build());
        AnalysisLock viaAlias = AnalysisLock.open(LockOptions.builder().path(alias.resolve("analysis.lock")).build());
        try (LockLease lease = viaReal.tryAcquire("real-job", "scan")) {
            LockDeniedException denied = assertThrows(LockDeniedException.class,
                    () -> viaAlias.tryAcquire("alias-job", "scan"));
            assertEquals("real-job", denied.holder().jobId());
            assertTrue(lease.isValid(), "the alias must not open and close a second channel on the guard");
        }
    }

    @Test
    void registryEntryIsRemovedOnRelease() throws Exception {
        Path record = directory.resolve("analysis.lock");
        String realDirectory = directory.toRealPath().toString();
        try (LockLease lease = AnalysisLock.open(LockOptions.builder().path(record).build()).tryAcquire("j", "s")) {
            assertTrue(registryKeys().stream().anyMatch(key -> key.endsWith(realDirectory + "/analysis.lock")),
                    registryKeys().toString());
        }
        assertTrue(registryKeys().stream().noneMatch(key -> key.contains(realDirectory)));
    }

    private static List<String> registryKeys() {
        List<String> keys = new ArrayList<>();
        for (Object key : System.getProperties().keySet()) {
            if (key.toString().startsWith("io.github.stem4d.lock.registry:")) {
                keys.add(key.toString());
            }
        }
        return keys;
    }
}
