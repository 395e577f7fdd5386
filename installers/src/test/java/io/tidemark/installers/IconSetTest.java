package io.tidemark.installers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link IconSet} run on the app's real source image, its output read back independently of how it was
 * written: the containers parsed here by their published layout, every PNG decoded by ImageIO.
 */
class IconSetTest {
    /** The app's icon, from ui-resources (on this module's class path through the app). */
    private static final String SOURCE = "/io/tidemark/ui/icon/tidemark.png";
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    /** Each ICNS type's pixel size, as Apple documents it ("@2x" types have twice the points' pixels). */
    private static final Map<String, Integer> ICNS_TYPE_SIZES = Map.of(
            "icp4", 16, "icp5", 32, "ic11", 32, "ic12", 64, "ic07", 128,
            "ic08", 256, "ic13", 256, "ic09", 512, "ic14", 512, "ic10", 1024);

    @TempDir
    static Path dir;
    private static Path source;
    private static Path out;

    @BeforeAll
    static void makeTheIconsWithTheCommandLine() throws IOException {
        source = dir.resolve("source.png");
        try (InputStream in = IconSetTest.class.getResourceAsStream(SOURCE)) {
            assertThat(in).as(SOURCE + " on the class path").isNotNull();
            Files.copy(in, source);
        }
        out = dir.resolve("icons").resolve("nested"); // the tool creates its output folder
        IconSet.main(source.toString(), out.toString());
    }

    @Test
    void theSourceIsASquareRgbaImageOf1024PixelsTransparentOutsideTheSquare() throws IOException {
        BufferedImage image = IconSet.readSource(source);
        assertThat(image.getWidth()).isEqualTo(1024);
        assertThat(image.getHeight()).isEqualTo(1024);
        assertThat(image.getColorModel().hasAlpha()).isTrue();
        assertThat(alpha(image, 0, 0)).as("corner").isZero();
        assertThat(alpha(image, 50, 512)).as("left margin").isZero();
        assertThat(alpha(image, 512, 50)).as("top margin").isZero();
        assertThat(alpha(image, 130, 130)).as("outside the rounded corner").isZero();
        assertThat(alpha(image, 512, 512)).as("centre").isEqualTo(255);
        assertThat(alpha(image, 110, 512)).as("inside the left edge").isEqualTo(255);
    }

    @Test
    void writesTheThreeIconsAndOnlyThem() throws IOException {
        try (var files = Files.list(out)) {
            assertThat(files.map(path -> path.getFileName().toString()))
                    .containsExactlyInAnyOrder("tidemark.png", "tidemark.ico", "tidemark.icns");
        }
    }

    @Test
    void theLinuxIconIsA512PixelRgbaPng() throws IOException {
        byte[] png = Files.readAllBytes(out.resolve("tidemark.png"));
        assertThat(Arrays.copyOf(png, 8)).isEqualTo(PNG_SIGNATURE);
        BufferedImage image = decode(png);
        assertThat(image.getWidth()).isEqualTo(512);
        assertThat(image.getHeight()).isEqualTo(512);
        assertThat(image.getColorModel().getNumComponents()).isEqualTo(4);
        assertLooksLikeTheIcon(image);
    }

    @Test
    void theIcoDirectoryDescribesOnePngEntryForEverySize() throws IOException {
        byte[] file = Files.readAllBytes(out.resolve("tidemark.ico"));
        ByteBuffer ico = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(Short.toUnsignedInt(ico.getShort())).as("reserved").isZero();
        assertThat(Short.toUnsignedInt(ico.getShort())).as("type: icon").isEqualTo(1);
        int count = Short.toUnsignedInt(ico.getShort());
        assertThat(count).isEqualTo(7);

        int expectedOffset = 6 + 16 * count; // the PNGs follow the directory, in its order, without gaps
        List<Integer> sizes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int width = Byte.toUnsignedInt(ico.get());
            int height = Byte.toUnsignedInt(ico.get());
            assertThat(Byte.toUnsignedInt(ico.get())).as("palette size").isZero();
            assertThat(Byte.toUnsignedInt(ico.get())).as("reserved").isZero();
            assertThat(Short.toUnsignedInt(ico.getShort())).as("planes").isEqualTo(1);
            assertThat(Short.toUnsignedInt(ico.getShort())).as("bits a pixel").isEqualTo(32);
            long length = Integer.toUnsignedLong(ico.getInt());
            long offset = Integer.toUnsignedLong(ico.getInt());
            assertThat(offset).as("offset of entry " + i).isEqualTo(expectedOffset);
            assertThat(offset + length).as("end of entry " + i).isLessThanOrEqualTo(file.length);

            byte[] png = Arrays.copyOfRange(file, (int) offset, (int) (offset + length));
            assertThat(Arrays.copyOf(png, 8)).as("PNG signature of entry " + i).isEqualTo(PNG_SIGNATURE);
            BufferedImage image = decode(png);
            int declared = width == 0 ? 256 : width; // a byte holds 1..255; 0 stands for 256
            assertThat(height).isEqualTo(width);
            assertThat(image.getWidth()).as("decoded width of entry " + i).isEqualTo(declared);
            assertThat(image.getHeight()).as("decoded height of entry " + i).isEqualTo(declared);
            assertLooksLikeTheIcon(image);
            sizes.add(declared);
            expectedOffset += (int) length;
        }
        assertThat(expectedOffset).as("the last entry ends the file").isEqualTo(file.length);
        assertThat(sizes).containsExactly(16, 24, 32, 48, 64, 128, 256);
    }

    @Test
    void theIcnsHeaderAndEveryEntryAddUpAndEachPngHasItsTypesSize() throws IOException {
        byte[] file = Files.readAllBytes(out.resolve("tidemark.icns"));
        ByteBuffer icns = ByteBuffer.wrap(file).order(ByteOrder.BIG_ENDIAN);
        assertThat(type(icns)).isEqualTo("icns");
        assertThat(Integer.toUnsignedLong(icns.getInt())).as("the header's length").isEqualTo(file.length);

        Map<String, Integer> entries = new LinkedHashMap<>();
        while (icns.hasRemaining()) {
            assertThat(icns.remaining()).as("room for an entry's header").isGreaterThanOrEqualTo(8);
            String type = type(icns);
            long length = Integer.toUnsignedLong(icns.getInt());
            assertThat(length).as(type + "'s length").isGreaterThan(8).isLessThanOrEqualTo(8 + icns.remaining());
            byte[] png = new byte[(int) length - 8];
            icns.get(png);
            assertThat(Arrays.copyOf(png, 8)).as("PNG signature of " + type).isEqualTo(PNG_SIGNATURE);
            BufferedImage image = decode(png);
            assertThat(ICNS_TYPE_SIZES).as("a known type").containsKey(type);
            assertThat(image.getWidth()).as(type + "'s width").isEqualTo(ICNS_TYPE_SIZES.get(type));
            assertThat(image.getHeight()).as(type + "'s height").isEqualTo(ICNS_TYPE_SIZES.get(type));
            assertLooksLikeTheIcon(image);
            assertThat(entries.put(type, image.getWidth())).as(type + " only once").isNull();
        }
        assertThat(entries.keySet()).containsExactlyInAnyOrderElementsOf(ICNS_TYPE_SIZES.keySet());
    }

    @Test
    void theMotifSurvivesAt16Pixels() throws IOException {
        BufferedImage icon = IconSet.scaled(IconSet.readSource(source), 16);
        int light = 0;
        int dark = 0;
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                int argb = icon.getRGB(x, y);
                if (argb >>> 24 == 255) {
                    double luma = luma(argb);
                    light += luma > 200 ? 1 : 0;
                    dark += luma < 110 ? 1 : 0;
                }
            }
        }
        assertThat(light).as("white pixels: the tide mark and the wave").isGreaterThanOrEqualTo(12);
        assertThat(dark).as("deep-blue pixels around them").isGreaterThanOrEqualTo(40);
    }

    @Test
    void scalingDownLeavesNoDarkFringeAtTransparentEdges() {
        // A teal disc on transparent black: averaged without premultiplying, its edge would turn dark.
        BufferedImage disc = new BufferedImage(1024, 1024, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = disc.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(0x22C3B5));
        g.fill(new Ellipse2D.Double(100, 100, 824, 824));
        g.dispose();

        for (int size : List.of(16, 24, 32, 48, 64, 128, 256, 512)) {
            BufferedImage scaled = IconSet.scaled(disc, size);
            assertThat(scaled.getWidth()).isEqualTo(size);
            assertThat(scaled.getHeight()).isEqualTo(size);
            int edgePixels = 0;
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    int argb = scaled.getRGB(x, y);
                    int alpha = argb >>> 24;
                    if (alpha >= 32) { // below that, 8 bits leave too little colour to compare
                        // Not darker than the disc (the fringe); bicubic's last step may overshoot a little.
                        assertThat(new Color(argb, true))
                                .as("pixel (%d, %d) of %d, alpha %d", x, y, size, alpha)
                                .satisfies(c -> {
                                    assertThat(c.getRed()).isBetween(0x22 - 8, 0x22 + 16);
                                    assertThat(c.getGreen()).isBetween(0xC3 - 8, 0xC3 + 16);
                                    assertThat(c.getBlue()).isBetween(0xB5 - 8, 0xB5 + 16);
                                });
                    }
                    edgePixels += alpha > 0 && alpha < 255 ? 1 : 0;
                }
            }
            assertThat(edgePixels).as("anti-aliased edge pixels at %d", size).isPositive();
        }
    }

    @Test
    void aMissingSourceIsNamedInTheError(@TempDir Path empty) {
        Path missing = empty.resolve("no-such-icon.png");
        assertThatThrownBy(() -> IconSet.main(missing.toString(), empty.resolve("out").toString()))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("missing");
        assertThat(empty.resolve("out")).doesNotExist();
    }

    @Test
    void aNonSquareSourceIsRefusedWithItsSize(@TempDir Path folder) throws IOException {
        Path wide = folder.resolve("wide.png");
        ImageIO.write(new BufferedImage(1024, 768, BufferedImage.TYPE_INT_ARGB), "png", wide.toFile());
        assertThatThrownBy(() -> IconSet.write(wide, folder.resolve("out")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(wide.toString())
                .hasMessageContaining("1024×768")
                .hasMessageContaining("must be square");
        assertThat(folder.resolve("out")).doesNotExist();
    }

    @Test
    void aSourceSmallerThan1024IsRefused(@TempDir Path folder) throws IOException {
        Path small = folder.resolve("small.png");
        ImageIO.write(new BufferedImage(512, 512, BufferedImage.TYPE_INT_ARGB), "png", small.toFile());
        assertThatThrownBy(() -> IconSet.readSource(small))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("512×512")
                .hasMessageContaining("at least 1024×1024");
    }

    @Test
    void aSourceWithoutTransparencyIsRefused(@TempDir Path folder) throws IOException {
        Path opaque = folder.resolve("opaque.png");
        ImageIO.write(new BufferedImage(1024, 1024, BufferedImage.TYPE_INT_RGB), "png", opaque.toFile());
        assertThatThrownBy(() -> IconSet.readSource(opaque))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no alpha channel");
    }

    @Test
    void aSourceThatIsNoImageIsRefused(@TempDir Path folder) throws IOException {
        Path text = Files.writeString(folder.resolve("icon.png"), "not a picture");
        assertThatThrownBy(() -> IconSet.readSource(text))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(text.toString())
                .hasMessageContaining("not an image");
    }

    @Test
    void theCommandLineExplainsItsArguments() {
        assertThatThrownBy(() -> IconSet.main("only-one.png"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("usage: IconSet <source.png> <outputDir>");
    }

    /** Every size is the rounded square: transparent corners, an opaque centre, about 62% covered. */
    private static void assertLooksLikeTheIcon(BufferedImage image) {
        int size = image.getWidth();
        assertThat(alpha(image, 0, 0)).as("corner of %d", size).isZero();
        assertThat(alpha(image, size - 1, size - 1)).as("corner of %d", size).isZero();
        assertThat(alpha(image, size / 2, size / 2)).as("centre of %d", size).isEqualTo(255);
        long sum = 0;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                sum += alpha(image, x, y);
            }
        }
        double coverage = sum / (255.0 * size * size);
        // 824² pixels less the rounded corners, of 1024²: 0.62.
        assertThat(coverage).as("alpha coverage of %d", size).isBetween(0.55, 0.70);
    }

    private static BufferedImage decode(byte[] png) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image).as("a PNG ImageIO decodes").isNotNull();
        return image;
    }

    private static String type(ByteBuffer buffer) {
        byte[] type = new byte[4];
        buffer.get(type);
        return new String(type, StandardCharsets.US_ASCII);
    }

    private static int alpha(BufferedImage image, int x, int y) {
        return image.getRGB(x, y) >>> 24;
    }

    private static double luma(int argb) {
        return 0.2126 * (argb >> 16 & 0xff) + 0.7152 * (argb >> 8 & 0xff) + 0.0722 * (argb & 0xff);
    }
}
