package io.github.stem4d.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FiguresTest {

    @TempDir
    Path folder;

    @Test
    void downscaledFitsLongestSide() throws IOException {
        SyntheticScan scan = SyntheticScan.crystal(20, 20, 32, 32, 3);
        new PngFigureRenderer().render(scan.result(), scan.dataset(), folder);
        Path overview = folder.resolve(Figures.OVERVIEW);

        byte[] reduced = Figures.downscaled(overview, 1024);

        BufferedImage image = ImageIO.read(new ByteArrayInputStream(reduced));
        assertEquals(1024, image.getWidth());
        assertEquals(640, image.getHeight());
        assertTrue(reduced.length < 1_000_000, "bytes " + reduced.length);
    }

    @Test
    void downscaledKeepsSmallFile() throws IOException {
        SyntheticScan scan = SyntheticScan.crystal(6, 6, 8, 8, 2);
        new PngFigureRenderer().render(scan.result(), scan.dataset(), folder);
        Path map = folder.resolve(Figures.CLUSTER_MAP);

        assertArrayEquals(Files.readAllBytes(map), Figures.downscaled(map, 2000));
    }

    @Test
    void downscaledMeetsByteLimit() throws IOException {
        SyntheticScan scan = SyntheticScan.crystal(20, 20, 64, 64, 3);
        new PngFigureRenderer().render(scan.result(), scan.dataset(), folder);
        Path montage = folder.resolve("montages").resolve(Figures.montageFileName(0));

        byte[] reduced = Figures.downscaled(montage, 1024, 100_000);

        assertTrue(reduced.length <= 100_000, "bytes " + reduced.length);
        assertTrue(ImageIO.read(new ByteArrayInputStream(reduced)).getWidth() > 16);
    }

    @Test
    void downscaledRejectsNonImage() throws IOException {
        Path text = Files.writeString(folder.resolve("notes.png"), "not a picture");

        IOException e = assertThrows(IOException.class, () -> Figures.downscaled(text, 512));
        assertTrue(e.getMessage().startsWith("cannot decode '" + text + "' as an image"), e.getMessage());
    }

    @Test
    void montageFileNameRejectsNegative() {
        assertEquals("cluster_12.png", Figures.montageFileName(12));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Figures.montageFileName(-1));
        assertEquals("cluster index must be >= 0, got -1", e.getMessage());
    }
}
