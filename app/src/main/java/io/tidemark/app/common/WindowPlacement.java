package io.tidemark.app.common;

import java.util.List;
import java.util.OptionalDouble;
import javafx.geometry.Rectangle2D;

/**
 * Where the main window first appears: the size the view asks for, shrunk to the screen's usable
 * area, and centred there with its title bar on screen.
 *
 * <p>Why: a scene is sized without the title bar and borders the window manager adds around it. A
 * fixed 1280×760 scene on a 1280×800 or 1024×700 screen made a frame taller than the screen, which
 * window managers place with its title bar above the top edge, where nobody can grab it. So the
 * frame's decorations are allowed for, and the position is set rather than left to the toolkit. Even
 * then a window manager may put the scene, not the frame, where the frame was asked to go (openbox
 * does, for JavaFX on GTK, when the frame's size is not known yet): {@link #titleBarOntoScreen} says
 * where to move it then.
 *
 * @param sceneWidth  the scene's width
 * @param sceneHeight the scene's height
 * @param x           the frame's left edge
 * @param y           the frame's top edge (its title bar)
 */
public record WindowPlacement(double sceneWidth, double sceneHeight, double x, double y) {

    /** Room for a window manager's borders, left and right together. */
    static final double DECORATION_WIDTH = 16;
    /** Room for a title bar and the bottom border. */
    static final double DECORATION_HEIGHT = 48;

    /**
     * @param wantedWidth  the scene width the view asks for
     * @param wantedHeight the scene height the view asks for
     * @param minWidth     the smallest scene width the view can be used at; kept even on a smaller screen
     * @param minHeight    the smallest scene height
     * @param usable       the screen's area without panels and docks
     */
    public static WindowPlacement fit(double wantedWidth, double wantedHeight, double minWidth, double minHeight,
                                      Rectangle2D usable) {
        double width = Math.max(minWidth, Math.min(wantedWidth, usable.getWidth() - DECORATION_WIDTH));
        double height = Math.max(minHeight, Math.min(wantedHeight, usable.getHeight() - DECORATION_HEIGHT));
        double frameWidth = width + DECORATION_WIDTH;
        double frameHeight = height + DECORATION_HEIGHT;
        // Centred; where even the smallest window does not fit, its top-left corner stays on screen.
        double x = usable.getMinX() + Math.max(0, (usable.getWidth() - frameWidth) / 2);
        double y = usable.getMinY() + Math.max(0, (usable.getHeight() - frameHeight) / 2);
        return new WindowPlacement(width, height, x, y);
    }

    /**
     * Where to move a frame whose title bar is above the screen it is on, or empty where the title bar
     * can be grabbed (or the frame is somewhere this cannot judge, e.g. between screens).
     *
     * @param x      the frame's left edge
     * @param y      the frame's top edge
     * @param width  the frame's width
     * @param usable each screen's area without panels and docks
     * @return the top edge to move the frame to
     */
    public static OptionalDouble titleBarOntoScreen(double x, double y, double width, List<Rectangle2D> usable) {
        double centre = x + width / 2;
        for (Rectangle2D screen : usable) {
            if (screen.contains(centre, y)) {
                return OptionalDouble.empty();
            }
        }
        for (Rectangle2D screen : usable) {
            if (centre >= screen.getMinX() && centre < screen.getMaxX() && y < screen.getMinY()
                    && y + DECORATION_HEIGHT > screen.getMinY()) {
                return OptionalDouble.of(screen.getMinY());
            }
        }
        return OptionalDouble.empty();
    }
}
