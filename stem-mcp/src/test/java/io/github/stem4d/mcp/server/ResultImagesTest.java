package io.github.stem4d.mcp.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultImagesTest {

    @TempDir
    Path temp;

    private Path png(String name, int width, int height, boolean noisy) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        SplittableRandom random = new SplittableRandom(1);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, noisy ? random.nextInt(1 << 24) : (x * 255 / width) << 8);
            }
        }
        Path file = temp.resolve(name);
        ImageIO.write(image, "png", file.toFile());
        return file;
    }

    @Test
    void smallImageIsUnchanged() throws IOException {
        Path file = png("small.png", 300, 200, false);
        assertArrayEquals(Files.readAllBytes(file), ResultImages.fittedPng(file));
    }

    @Test
    void wideImageIsScaledTo1024() throws IOException {
        Path file = png("wide.png", 3000, 1500, false);
        BufferedImage fitted = ImageIO.read(new ByteArrayInputStream(ResultImages.fittedPng(file)));
        assertEquals(1024, fitted.getWidth());
        assertEquals(512, fitted.getHeight());
    }

    @Test
    void noisyImageShrinksUnderOneMegabyte() throws IOException {
        Path file = png("noise.png", 1000, 1000, true);
        assertTrue(Files.size(file) > 1_000_000, "the input exceeds the limit: " + Files.size(file));
        byte[] fitted = ResultImages.fittedPng(file);
        assertTrue(fitted.length < 1_000_000, "fitted size " + fitted.length);
        assertTrue(ImageIO.read(new ByteArrayInputStream(fitted)).getWidth() < 1000);
    }

    @Test
    void nonImageIsRejected() throws IOException {
        Path file = Files.writeString(temp.resolve("fake.png"), "not an image");
        IOException error = assertThrows(IOException.class, () -> ResultImages.fittedPng(file));
        assertTrue(error.getMessage().contains("not a readable image"), error.getMessage());
    }
}
