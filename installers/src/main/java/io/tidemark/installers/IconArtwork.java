package io.tidemark.installers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.LinearGradientPaint;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Point2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Draws the app icon's source image, {@code ui-resources/src/main/resources/io/tidemark/ui/icon/tidemark.png}.
 * The build never runs it: the committed PNG is the source of truth, and {@link IconSet} makes every
 * platform's icon from that file. This program is kept so the icon can be redrawn with a change of
 * colour or geometry instead of by hand; whoever edits the PNG with another tool instead may delete it.
 *
 * <p>Redraw with a JDK alone (a single-file program, from the repository's root):
 * <pre>java installers/src/main/java/io/tidemark/installers/IconArtwork.java \
 *     ui-resources/src/main/resources/io/tidemark/ui/icon/tidemark.png</pre>
 *
 * <p>The motif: a rounded square of deep-blue "sky" over teal water with a rippled surface and one white
 * wave; above the water a white line, the tide mark: the line the water reached. The square has macOS's
 * proportions (824 of 1024 pixels, about 10% margin, corners of 22% of its side); outside it the image is
 * transparent.
 *
 * <p>Every stroke is 64 pixels wide and every horizontal line is centred on a 64-pixel grid, because 64
 * source pixels are one pixel of the 16-pixel icon (two of the 32, three of the 48): there the tide mark
 * falls on exactly one row of pixels and stays a sharp white line instead of two grey ones, and the
 * wave's crests and troughs land on the two rows either side of a row boundary.
 */
public final class IconArtwork {
    /** Width and height of the source image. */
    public static final int SIZE = 1024;

    private static final double MARGIN = 100;
    private static final double SQUARE = SIZE - 2 * MARGIN;
    private static final double CORNER_RADIUS = 185;
    private static final float STROKE = 64;

    /** The tide mark: pixel row 5 of the 16-pixel icon. */
    private static final double MARK_Y = 352;
    private static final double MARK_LEFT = 224;
    private static final double MARK_RIGHT = 800;

    /** The water's surface: a gentle ripple about the boundary of rows 8 and 9 of the 16-pixel icon. */
    private static final double SURFACE_Y = 576;
    private static final double SURFACE_AMPLITUDE = 16;
    /** The white wave: crests on row 11, troughs on row 12 of the 16-pixel icon. */
    private static final double WAVE_Y = 768;
    private static final double WAVE_AMPLITUDE = 32;
    private static final double WAVE_LEFT = 256;
    private static final double WAVE_RIGHT = 768;
    /** The surface and the wave share one wavelength and phase, so the ripple echoes the wave. */
    private static final double WAVELENGTH = 256;

    private static final Color SKY_TOP = new Color(0x0A2463);
    private static final Color SKY_BOTTOM = new Color(0x1C54A0);
    private static final Color WATER_TOP = new Color(0x22C3B5);
    private static final Color WATER_BOTTOM = new Color(0x0B8A92);

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private IconArtwork() {
    }

    /** {@code IconArtwork <out.png>}: draws the source image and writes it as a PNG. */
    public static void main(String... args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: IconArtwork <out.png>");
        }
        Path out = Path.of(args[0]);
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(draw(), "png", out.toFile())) {
            throw new IOException("this JDK has no PNG writer");
        }
        System.out.println("IconArtwork: wrote " + out);
    }

    /** The source image: {@value #SIZE} pixels square, ARGB, transparent outside the rounded square. */
    public static BufferedImage draw() {
        BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setRenderingHint(RenderingHints.KEY_COLOR_RENDERING, RenderingHints.VALUE_COLOR_RENDER_QUALITY);

            RoundRectangle2D square = new RoundRectangle2D.Double(MARGIN, MARGIN, SQUARE, SQUARE,
                    2 * CORNER_RADIUS, 2 * CORNER_RADIUS);
            g.setPaint(verticalGradient(MARGIN, SKY_TOP, SURFACE_Y, SKY_BOTTOM));
            g.fill(square);
            g.clip(square);

            double left = MARGIN - STROKE;
            double right = MARGIN + SQUARE + STROKE;
            Path2D water = wave(left, right, SURFACE_Y, SURFACE_AMPLITUDE);
            water.lineTo(right, right);
            water.lineTo(left, right);
            water.closePath();
            g.setPaint(verticalGradient(SURFACE_Y - SURFACE_AMPLITUDE, WATER_TOP, MARGIN + SQUARE, WATER_BOTTOM));
            g.fill(water);

            g.setColor(Color.WHITE);
            g.setStroke(new BasicStroke(STROKE, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(wave(WAVE_LEFT, WAVE_RIGHT, WAVE_Y, WAVE_AMPLITUDE));
            g.draw(new Line2D.Double(MARK_LEFT, MARK_Y, MARK_RIGHT, MARK_Y));
        } finally {
            g.dispose();
        }
        return image;
    }

    private static LinearGradientPaint verticalGradient(double y0, Color top, double y1, Color bottom) {
        return new LinearGradientPaint(new Point2D.Double(0, y0), new Point2D.Double(0, y1),
                new float[] {0f, 1f}, new Color[] {top, bottom});
    }

    /** A sine from {@code x0} to {@code x1} about {@code y}, rising through {@code y} at {@link #WAVE_LEFT}. */
    private static Path2D wave(double x0, double x1, double y, double amplitude) {
        Path2D path = new Path2D.Double();
        path.moveTo(x0, waveY(x0, y, amplitude));
        for (double x = x0 + 2; x < x1; x += 2) {
            path.lineTo(x, waveY(x, y, amplitude));
        }
        path.lineTo(x1, waveY(x1, y, amplitude));
        return path;
    }

    private static double waveY(double x, double y, double amplitude) {
        return y - amplitude * Math.sin(2 * Math.PI * (x - WAVE_LEFT) / WAVELENGTH);
    }
}
