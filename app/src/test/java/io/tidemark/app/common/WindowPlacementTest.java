package io.tidemark.app.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalDouble;
import java.util.stream.Stream;
import javafx.geometry.Rectangle2D;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The main window's first size and place, per screen: the whole frame, title bar included, on screen where it fits. */
class WindowPlacementTest {

    static Stream<Arguments> screens() {
        return Stream.of(
                // usable area (x, y, w, h) -> scene w, h and frame x, y
                Arguments.of("a large screen: the size asked for, centred", new Rectangle2D(0, 0, 1920, 1080), 1280, 760, 312, 136),
                Arguments.of("1280x800: narrower and shorter by the decorations", new Rectangle2D(0, 0, 1280, 800), 1264, 752, 0, 0),
                Arguments.of("1024x700", new Rectangle2D(0, 0, 1024, 700), 1008, 652, 0, 0),
                Arguments.of("a top panel of 32 px: below it", new Rectangle2D(0, 32, 1920, 1048), 1280, 760, 312, 152),
                Arguments.of("a second screen to the right", new Rectangle2D(1920, 0, 1440, 900), 1280, 760, 1992, 46),
                Arguments.of("smaller than the smallest usable window: top-left on screen", new Rectangle2D(0, 24, 800, 400), 820, 420, 0, 24));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("screens")
    void fitsTheFrameOnTheScreen(String screen, Rectangle2D usable, double width, double height, double x, double y) {
        WindowPlacement placement = WindowPlacement.fit(1280, 760, 820, 420, usable);

        assertThat(placement).isEqualTo(new WindowPlacement(width, height, x, y));
        assertThat(placement.x()).isGreaterThanOrEqualTo(usable.getMinX());
        assertThat(placement.y()).as("the title bar is never above the usable area").isGreaterThanOrEqualTo(usable.getMinY());
    }

    static Stream<Arguments> frames() {
        Rectangle2D top = new Rectangle2D(0, 0, 1024, 700);
        Rectangle2D right = new Rectangle2D(1024, 0, 1920, 1080);
        Rectangle2D below = new Rectangle2D(0, 700, 1024, 768);
        return Stream.of(
                Arguments.of("on screen", List.of(top), 0, 0, OptionalDouble.empty()),
                Arguments.of("title bar 20 px above the screen", List.of(top), 0, -20, OptionalDouble.of(0)),
                Arguments.of("above a panel's work area", List.of(new Rectangle2D(0, 32, 1024, 668)), 0, 10, OptionalDouble.of(32)),
                Arguments.of("on the right screen", List.of(top, right), 1100, 300, OptionalDouble.empty()),
                Arguments.of("above the right screen", List.of(top, right), 1100, -8, OptionalDouble.of(0)),
                Arguments.of("on a screen below the primary, at its top", List.of(top, below), 0, 700, OptionalDouble.empty()),
                Arguments.of("moved far off by the person: left alone", List.of(top), 0, -500, OptionalDouble.empty()),
                Arguments.of("between screens: left alone", List.of(top), 2000, -20, OptionalDouble.empty()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("frames")
    void movesATitleBarAboveTheScreenOntoIt(String where, List<Rectangle2D> screens, double x, double y, OptionalDouble moveTo) {
        assertThat(WindowPlacement.titleBarOntoScreen(x, y, 1008, screens)).isEqualTo(moveTo);
    }
}
