package io.tidemark.installers;

import java.awt.AlphaComposite;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Makes every platform's app icon from the one source image,
 * {@code ui-resources/src/main/resources/io/tidemark/ui/icon/tidemark.png} (square, at least
 * {@value #MIN_SOURCE_SIZE} pixels, with an alpha channel):
 * <ul>
 *   <li>{@value #LINUX_FILE}: {@value #LINUX_SIZE} pixels, what jpackage takes on Linux;</li>
 *   <li>{@value #WINDOWS_FILE}: the Windows icon, one PNG entry for each of {@link #ICO_SIZES} (PNG
 *       entries are valid ICO since Windows Vista);</li>
 *   <li>{@value #MAC_FILE}: the macOS icon, one PNG entry for each of {@link #ICNS_ENTRIES}.</li>
 * </ul>
 * A build-time tool of the installers; it needs the JDK alone, and runs headless on any build machine.
 * The installers' build is to call {@link #main} as {@code IconSet <source.png> <outputDir>}; it needs
 * no other class, so {@code java IconSet.java <source.png> <outputDir>} runs it from source too.
 *
 * <p>Smaller sizes are made by halving the image with bilinear interpolation (at exactly half, the mean
 * of each 2×2 block) while a half is still larger than the size wanted, then one bicubic step to it: a
 * last halving (16 from 32) or a step of less than half (24 from 32, 48 from 64). Many small steps keep
 * every source pixel in the mean, where one big step would skip most of them and shimmer; the bicubic
 * last step keeps the small sizes' lines sharp. Every step works on premultiplied alpha, so the
 * transparent pixels outside the icon do not darken its anti-aliased edge.
 */
public final class IconSet {
    /** The smallest source accepted: the largest icon made, macOS's {@code ic10}, has this size. */
    public static final int MIN_SOURCE_SIZE = 1024;
    /** Size of the Linux icon. */
    public static final int LINUX_SIZE = 512;
    /** Sizes of the Windows icon's entries, smallest first. */
    public static final List<Integer> ICO_SIZES = List.of(16, 24, 32, 48, 64, 128, 256);
    /** The macOS icon's entries, smallest first: each type's pixel size ("@2x" types have twice theirs). */
    public static final List<IcnsEntry> ICNS_ENTRIES = List.of(
            new IcnsEntry("icp4", 16),
            new IcnsEntry("icp5", 32),
            new IcnsEntry("ic11", 32),   // 16@2x
            new IcnsEntry("ic12", 64),   // 32@2x
            new IcnsEntry("ic07", 128),
            new IcnsEntry("ic08", 256),
            new IcnsEntry("ic13", 256),  // 128@2x
            new IcnsEntry("ic09", 512),
            new IcnsEntry("ic14", 512),  // 256@2x
            new IcnsEntry("ic10", 1024)); // 512@2x

    public static final String LINUX_FILE = "tidemark.png";
    public static final String WINDOWS_FILE = "tidemark.ico";
    public static final String MAC_FILE = "tidemark.icns";

    /** One entry of an ICNS file: its four-character type and the width and height of its PNG. */
    public record IcnsEntry(String type, int size) {
        public IcnsEntry {
            if (type.length() != 4 || !StandardCharsets.US_ASCII.newEncoder().canEncode(type)) {
                throw new IllegalArgumentException("an ICNS type has four ASCII characters: " + type);
            }
        }
    }

    static {
        // Java2D only: no display is needed, and on macOS none is opened (no Dock icon during a build).
        System.setProperty("java.awt.headless", "true");
    }

    private IconSet() {
    }

    /**
     * {@code IconSet <source.png> <outputDir>}: writes {@value #LINUX_FILE}, {@value #WINDOWS_FILE} and
     * {@value #MAC_FILE} into the output folder, which it creates if need be. It throws (never calls
     * {@code System.exit}), so it can run inside Maven's own JVM: a missing or unfit source fails the
     * build with a message naming the file and what is wrong with it.
     */
    public static void main(String... args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: IconSet <source.png> <outputDir>");
        }
        for (Path written : write(Path.of(args[0]), Path.of(args[1]))) {
            System.out.println("IconSet: wrote " + written + " (" + Files.size(written) + " bytes)");
        }
    }

    /** Reads {@code source} and writes the three icons into {@code outputDir}; returns their paths. */
    public static List<Path> write(Path source, Path outputDir) throws IOException {
        BufferedImage image = readSource(source);
        Files.createDirectories(outputDir);
        Path linux = outputDir.resolve(LINUX_FILE);
        Path windows = outputDir.resolve(WINDOWS_FILE);
        Path mac = outputDir.resolve(MAC_FILE);
        Files.write(linux, png(scaled(image, LINUX_SIZE)));
        Files.write(windows, ico(image));
        Files.write(mac, icns(image));
        return List.of(linux, windows, mac);
    }

    /**
     * The source image, checked: it exists, is an image, is square, at least {@value #MIN_SOURCE_SIZE}
     * pixels and has an alpha channel (the icon is transparent outside its rounded square).
     *
     * @throws NoSuchFileException when there is no such file
     * @throws IOException when it cannot be read as an image
     * @throws IllegalArgumentException when it is an image unfit for an icon
     */
    public static BufferedImage readSource(Path source) throws IOException {
        if (!Files.isRegularFile(source)) {
            throw new NoSuchFileException(source.toString(), null, "the icon's source image is missing");
        }
        BufferedImage image;
        try {
            image = ImageIO.read(source.toFile());
        } catch (IOException e) {
            throw new IOException(source + ": the icon's source image cannot be read: " + e.getMessage(), e);
        }
        if (image == null) {
            throw new IOException(source + ": the icon's source is not an image (a PNG is expected)");
        }
        int width = image.getWidth();
        int height = image.getHeight();
        if (width != height) {
            throw new IllegalArgumentException(source + " is " + width + "×" + height
                    + " pixels: the icon's source image must be square");
        }
        if (width < MIN_SOURCE_SIZE) {
            throw new IllegalArgumentException(source + " is " + width + "×" + height
                    + " pixels: the icon's source image must be at least " + MIN_SOURCE_SIZE + "×"
                    + MIN_SOURCE_SIZE + " (the largest macOS icon)");
        }
        if (!image.getColorModel().hasAlpha()) {
            throw new IllegalArgumentException(source
                    + " has no alpha channel: the icon's source image must be transparent outside the icon");
        }
        return image;
    }

    /**
     * {@code source} scaled down to {@code size} pixels square, as non-premultiplied ARGB: halved with
     * bilinear interpolation while a half is still larger than {@code size}, then one bicubic step to
     * {@code size}, all on premultiplied alpha.
     */
    public static BufferedImage scaled(BufferedImage source, int size) {
        if (source.getWidth() != source.getHeight()) {
            throw new IllegalArgumentException("the source must be square, not "
                    + source.getWidth() + "×" + source.getHeight());
        }
        if (size < 1 || size > source.getWidth()) {
            throw new IllegalArgumentException("cannot scale a " + source.getWidth() + "-pixel image to " + size);
        }
        BufferedImage current = copy(source, source.getWidth(), BufferedImage.TYPE_INT_ARGB_PRE,
                RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        while (current.getWidth() / 2 > size) {
            current = copy(current, current.getWidth() / 2, BufferedImage.TYPE_INT_ARGB_PRE,
                    RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        }
        if (current.getWidth() != size) {
            current = copy(current, size, BufferedImage.TYPE_INT_ARGB_PRE, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        }
        return copy(current, size, BufferedImage.TYPE_INT_ARGB, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
    }

    /** {@code image} drawn into a new {@code size}-pixel square image of {@code type}. */
    private static BufferedImage copy(BufferedImage image, int size, int type, Object interpolation) {
        BufferedImage target = new BufferedImage(size, size, type);
        Graphics2D g = target.createGraphics();
        try {
            g.setComposite(AlphaComposite.Src);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, interpolation);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setRenderingHint(RenderingHints.KEY_ALPHA_INTERPOLATION, RenderingHints.VALUE_ALPHA_INTERPOLATION_QUALITY);
            g.setRenderingHint(RenderingHints.KEY_COLOR_RENDERING, RenderingHints.VALUE_COLOR_RENDER_QUALITY);
            g.drawImage(image, 0, 0, size, size, null);
        } finally {
            g.dispose();
        }
        return target;
    }

    /** {@code image} as a PNG file's bytes (RGBA, 8 bits a channel, deflated at the highest level). */
    public static byte[] png(BufferedImage image) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0f); // smallest file; these are tiny, so speed does not matter
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /**
     * The Windows icon: an ICONDIR (reserved 0, type 1 = icon, count), one 16-byte ICONDIRENTRY for each
     * of {@link #ICO_SIZES} (width and height, where 0 means 256; no palette; 1 plane; 32 bits a pixel;
     * the PNG's length and offset in the file), then the PNGs in that order. Little-endian throughout.
     */
    public static byte[] ico(BufferedImage source) throws IOException {
        List<byte[]> pngs = new ArrayList<>();
        for (int size : ICO_SIZES) {
            pngs.add(png(scaled(source, size)));
        }
        int headerLength = 6 + 16 * pngs.size();
        int length = headerLength + pngs.stream().mapToInt(png -> png.length).sum();
        ByteBuffer ico = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        ico.putShort((short) 0).putShort((short) 1).putShort((short) pngs.size());
        int offset = headerLength;
        for (int i = 0; i < pngs.size(); i++) {
            int size = ICO_SIZES.get(i);
            byte dimension = (byte) (size == 256 ? 0 : size);
            ico.put(dimension).put(dimension)
                    .put((byte) 0)               // colours in the palette: none
                    .put((byte) 0)               // reserved
                    .putShort((short) 1)         // colour planes
                    .putShort((short) 32)        // bits a pixel
                    .putInt(pngs.get(i).length)
                    .putInt(offset);
            offset += pngs.get(i).length;
        }
        pngs.forEach(ico::put);
        return ico.array();
    }

    /**
     * The macOS icon: the magic {@code icns} and the file's length, then for each of
     * {@link #ICNS_ENTRIES} its type, its length (with these 8 bytes) and its PNG. Big-endian throughout.
     */
    public static byte[] icns(BufferedImage source) throws IOException {
        List<byte[]> pngs = new ArrayList<>();
        for (IcnsEntry entry : ICNS_ENTRIES) {
            pngs.add(png(scaled(source, entry.size())));
        }
        int length = 8 + pngs.stream().mapToInt(png -> 8 + png.length).sum();
        ByteBuffer icns = ByteBuffer.allocate(length).order(ByteOrder.BIG_ENDIAN);
        icns.put("icns".getBytes(StandardCharsets.US_ASCII)).putInt(length);
        for (int i = 0; i < pngs.size(); i++) {
            icns.put(ICNS_ENTRIES.get(i).type().getBytes(StandardCharsets.US_ASCII))
                    .putInt(8 + pngs.get(i).length)
                    .put(pngs.get(i));
        }
        return icns.array();
    }
}
