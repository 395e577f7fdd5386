package io.tidemark.installers;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link IconArtwork} still draws a source that {@link IconSet} takes, should the icon be redrawn. */
class IconArtworkTest {
    @Test
    void drawsASourceTheIconSetTakes(@TempDir Path dir) throws IOException {
        Path png = dir.resolve("tidemark.png");
        IconArtwork.main(png.toString());

        BufferedImage image = IconSet.readSource(png);
        assertThat(image.getWidth()).isEqualTo(IconArtwork.SIZE);
        assertThat(image.getRGB(0, 0) >>> 24).as("transparent corner").isZero();
        assertThat(image.getRGB(512, 512) >>> 24).as("opaque centre").isEqualTo(255);
        assertThat(image.getRGB(512, 352)).as("the tide mark is white").isEqualTo(0xFFFFFFFF);
    }
}
