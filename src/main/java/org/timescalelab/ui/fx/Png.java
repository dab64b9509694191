package org.timescalelab.ui.fx;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

import javafx.embed.swing.SwingFXUtils;
import javafx.scene.image.Image;

import org.timescalelab.run.AtomicFiles;

/**
 * A window snapshot as a PNG file. JavaFX has no image encoder of its own, so the pixels pass
 * through {@link SwingFXUtils} to {@link ImageIO}: the one place outside the headless figures
 * where {@code java.awt} types appear. Any thread (the image is already taken).
 */
public final class Png {

    private Png() {
    }

    /** Encodes the image and writes it atomically. */
    public static void write(Image image, Path file) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", bytes);
        AtomicFiles.write(file, bytes.toByteArray());
    }
}
